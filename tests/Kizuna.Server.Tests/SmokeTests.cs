using System.Net;
using Kizuna.TestKit;

namespace Kizuna.Server.Tests;

public sealed class SmokeTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SignIn_DemoAdmin_SeesHomeAndSectors(DatabaseKind kind)
    {
        await using var server = await KizunaTestServer.StartAsync(kind);
        var client = await server.SignInAsync(DemoUsers.Admin);
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("NISC", await home.Content.ReadAsStringAsync());
        var api = await server.ApiClientAsync(DemoUsers.Admin);
        var sectors = await api.GetStringAsync("/api/v1/sectors");
        Assert.Contains("港湾", sectors);
    }
}
