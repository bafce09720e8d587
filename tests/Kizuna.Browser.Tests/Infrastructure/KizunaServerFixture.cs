using Kizuna.TestKit;

namespace Kizuna.Browser.Tests.Infrastructure;

/// <summary>
/// The real server over a fresh SQLite database with the demo community, shared by the tests of
/// one class. Tests that change data use demo users or organisations no other test in the class touches.
/// </summary>
public sealed class KizunaServerFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "kizuna-browser-" + Guid.NewGuid().ToString("N")[..12]);
    private KizunaTestServer? _server;

    public KizunaTestServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async ValueTask InitializeAsync()
    {
        // TestDatabase.ServerArgs passes the CLI spelling (--data-dir DIR), which the web host reads as
        // the unused key "data-dir": every test server would share bin/…/data/kizuna.db. Name the
        // configuration key itself so each class gets its own database.
        Directory.CreateDirectory(_dataDirectory);
        _server = await KizunaTestServer.StartAsync(DatabaseKind.Sqlite,
            settings: new Dictionary<string, string> { ["Database:DataDirectory"] = _dataDirectory });
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
