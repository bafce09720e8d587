using Kizuna.TestKit;

namespace Kizuna.Server.Tests.Federation;

/// <summary>Two Kizuna servers per database kind, each with its own database, the scheduler off (tests run peers themselves), small pages and short backoff.</summary>
public sealed class FederationFixture : IAsyncLifetime
{
    private readonly Dictionary<DatabaseKind, Task<KizunaTestServer>> _first = [];
    private readonly Dictionary<DatabaseKind, Task<KizunaTestServer>> _second = [];
    private readonly Lock _gate = new();

    public const int PageSize = 5;
    public static readonly TimeSpan BackoffBase = TimeSpan.FromSeconds(2);
    public const long MaxResponseBytes = 64 * 1024;

    private static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Server:TokenPermitsPerMinute"] = "100000",
        ["Federation:WorkerEnabled"] = "false",
        ["Federation:PageSize"] = PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Federation:BackoffBase"] = "00:00:02",
        ["Federation:RequestTimeout"] = "00:00:05",
        ["Federation:MaxResponseBytes"] = MaxResponseBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The first server ("A").</summary>
    public Task<KizunaTestServer> ServerAsync(DatabaseKind kind) => Get(_first, kind);

    /// <summary>The second server ("B"), with a database of its own.</summary>
    public Task<KizunaTestServer> SecondAsync(DatabaseKind kind) => Get(_second, kind);

    private Task<KizunaTestServer> Get(Dictionary<DatabaseKind, Task<KizunaTestServer>> servers, DatabaseKind kind)
    {
        lock (_gate)
        {
            if (!servers.TryGetValue(kind, out var server))
                servers[kind] = server = KizunaTestServer.StartAsync(kind, settings: Settings);
            return server;
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        List<Task<KizunaTestServer>> started;
        lock (_gate) started = [.. _first.Values, .. _second.Values];
        foreach (var task in started)
        {
            try { await (await task).DisposeAsync(); }
            catch (Exception) when (task.IsFaulted) { /* the failed start was already reported by its test */ }
        }
    }
}
