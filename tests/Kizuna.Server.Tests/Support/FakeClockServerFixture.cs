using Kizuna.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kizuna.Server.Tests.Support;

/// <summary>
/// One server per database kind for a test class, started on first use with <paramref name="settings"/>
/// on its own <see cref="FakeTimeProvider"/> (the tests move the clock and run worker rounds themselves).
/// </summary>
public abstract class FakeClockServerFixture(IReadOnlyDictionary<string, string> settings) : IAsyncLifetime
{
    private readonly Dictionary<DatabaseKind, Task<(KizunaTestServer Server, FakeTimeProvider Clock)>> _servers = [];
    private readonly Lock _gate = new();

    public Task<(KizunaTestServer Server, FakeTimeProvider Clock)> ServerAsync(DatabaseKind kind)
    {
        lock (_gate)
        {
            if (!_servers.TryGetValue(kind, out var server))
                _servers[kind] = server = StartAsync(kind);
            return server;
        }
    }

    private async Task<(KizunaTestServer, FakeTimeProvider)> StartAsync(DatabaseKind kind)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var server = await KizunaTestServer.StartAsync(kind, settings: settings, configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        return (server, clock);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        List<Task<(KizunaTestServer Server, FakeTimeProvider Clock)>> started;
        lock (_gate) started = [.. _servers.Values];
        foreach (var task in started)
        {
            try { await (await task).Server.DisposeAsync(); }
            catch (Exception) when (task.IsFaulted) { /* reported by its test */ }
        }
    }
}
