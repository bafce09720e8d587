using Kizuna.Core.Data;
using Kizuna.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Kizuna.TestKit;

/// <summary>
/// The server's real service registrations over a fresh database of either kind, without HTTP:
/// for tests that need handlers wired as in production (UserManager, seeding) but no requests.
/// The database options are given as configuration keys (<c>Database:…</c>), as the CLI passes them.
/// </summary>
public sealed class CoreHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CoreHost(WebApplication app, TestDatabase database)
    {
        _app = app;
        Database = database;
    }

    public TestDatabase Database { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>Migrates and loads reference data, and with <paramref name="demo"/> the demo community.</summary>
    public static async Task<CoreHost> CreateAsync(DatabaseKind kind, bool demo, TimeProvider? clock = null,
        IReadOnlyDictionary<string, string>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var database = await TestDatabase.CreateEmptyAsync(kind);
        var args = new List<string> { $"--{DatabaseOptions.Section}:{nameof(DatabaseOptions.DataDirectory)}={database.Options.DataDirectory}" };
        if (database.Options.ConnectionString is { } cs)
            args.Add($"--{DatabaseOptions.Section}:{nameof(DatabaseOptions.ConnectionString)}={cs}");
        foreach (var (key, value) in KizunaTestServer.TestDefaults.Concat(settings ?? new Dictionary<string, string>()))
            args.Add($"--{key}={value}");
        var app = KizunaServer.Build(args.ToArray(), b =>
        {
            if (clock is not null) b.Services.AddSingleton(clock);
            configure?.Invoke(b);
        });
        await KizunaServer.PrepareDatabaseAsync(app.Services, demo);
        return new CoreHost(app, database);
    }

    public KizunaDb NewContext() => Database.NewContext();

    /// <summary>A scope for resolving scoped handlers; dispose it after use.</summary>
    public AsyncServiceScope CreateScope() => _app.Services.CreateAsyncScope();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await Database.DisposeAsync();
    }
}
