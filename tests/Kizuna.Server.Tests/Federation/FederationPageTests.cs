using System.Net;
using Kizuna.Stix;
using Kizuna.TestKit;
using static Kizuna.Server.Tests.Interop.TaxiiApi;

namespace Kizuna.Server.Tests.Federation;

/// <summary>The federation pages: the coordinator adds a peer, sees its health and pulls now; others are refused.</summary>
public sealed class FederationPageTests(FederationFixture fixture) : IClassFixture<FederationFixture>
{
    [Fact]
    public async Task Coordinator_AddsPeer_SeesHealth_AndPullsNow_OthersAreRefused()
    {
        var server = await fixture.ServerAsync(DatabaseKind.Sqlite);
        await using var fake = await FakeTaxiiPeer.StartAsync();
        var one = Indicator(tlp: Tlp.Green, name: "page pull");
        fake.Add(one, new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero));

        using var nisc = await server.SignInAsync(Nisc);
        var bad = await KizunaTestServer.PostFormAsync(nisc, "/federation", "add-peer", Fields("Bad Code!", fake.ApiRoot, "RED"));
        var badPage = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("code", badPage);
        Assert.Contains("AMBER+STRICT and RED never leave", badPage);

        var added = await KizunaTestServer.PostFormAsync(nisc, "/federation", "add-peer", Fields("page-peer", fake.ApiRoot, "TLP:GREEN"));
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Contains("page-peer", await added.Content.ReadAsStringAsync());
        var list = await nisc.GetStringAsync("/federation");
        Assert.Contains("data-code=\"page-peer\"", list);
        Assert.DoesNotContain("page-secret-value", list);

        var pulled = await KizunaTestServer.PostFormAsync(nisc, "/federation/page-peer", "pull-now", new Dictionary<string, string>());
        var detail = await pulled.Content.ReadAsStringAsync();
        Assert.Contains("id=\"peer-done\"", detail);
        Assert.Contains("peer-page-peer", detail);
        Assert.DoesNotContain("page-secret-value", detail);
        Assert.Matches("id=\"peer-pulled\">1 / 0<", detail);

        using var bank = await server.SignInAsync(DemoUsers.Of("HIKARI-BANK", "org-admin"));
        var refused = await bank.GetAsync("/federation/page-peer");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(fake.ApiRoot, await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await bank.GetAsync("/federation")).StatusCode);
    }

    private static Dictionary<string, string> Fields(string code, string apiRoot, string maxTlp) => new()
    {
        ["Input.Code"] = code, ["Input.Name"] = "Page peer", ["Input.Kind"] = "taxii", ["Input.ApiRoot"] = apiRoot,
        ["Input.PullCollection"] = "feed", ["Input.PushCollection"] = "", ["Input.AuthScheme"] = "bearer", ["Input.AuthUser"] = "",
        ["Input.Secret"] = "page-secret-value", ["Input.MaxPushTlp"] = maxTlp, ["Input.PushedCollections"] = "", ["Input.Enabled"] = "false",
        ["Input.PullIntervalSeconds"] = "60",
    };
}
