using Kizuna.TestKit;

namespace Kizuna.Server.Tests.Support;

/// <summary>
/// One real server per database kind for a whole test class, started on first use and stopped when
/// the class is done. Subclasses change the settings. Tests in one class run one after another, so
/// a test may change state its class's other tests do not depend on.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    private readonly Dictionary<DatabaseKind, Task<KizunaTestServer>> _servers = [];
    private readonly Lock _gate = new();

    /// <summary>Settings on top of <see cref="KizunaTestServer.TestDefaults"/>.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        // The leak hunt and endpoint walks make hundreds of calls per token.
        ["Server:TokenPermitsPerMinute"] = "100000",
    };

    public Task<KizunaTestServer> ServerAsync(DatabaseKind kind)
    {
        lock (_gate)
        {
            if (!_servers.TryGetValue(kind, out var server))
                _servers[kind] = server = KizunaTestServer.StartAsync(kind, settings: Settings);
            return server;
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        List<Task<KizunaTestServer>> started;
        lock (_gate) started = [.. _servers.Values];
        foreach (var task in started)
        {
            try { await (await task).DisposeAsync(); }
            catch (Exception) when (task.IsFaulted) { /* the failed start was already reported by its test */ }
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// A <see cref="ServerFixture"/> whose exercise runner is off: for tests that write running exercises and
/// their injects straight into the database and must not have the runner send or complete them meanwhile.
/// </summary>
public sealed class ExerciseDataFixture : ServerFixture
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Server:TokenPermitsPerMinute"] = "100000",
        ["Exercises:RunnerEnabled"] = "false",
    };
}
