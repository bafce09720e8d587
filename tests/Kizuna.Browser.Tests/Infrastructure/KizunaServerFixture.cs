using Kizuna.TestKit;

namespace Kizuna.Browser.Tests.Infrastructure;

/// <summary>
/// The real server over a fresh SQLite database with the demo community, shared by the tests of
/// one class. Tests that change data use demo users or organisations no other test in the class touches.
/// </summary>
public sealed class KizunaServerFixture : IAsyncLifetime
{
    private KizunaTestServer? _server;

    public KizunaTestServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async ValueTask InitializeAsync() => _server = await KizunaTestServer.StartAsync(DatabaseKind.Sqlite);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
