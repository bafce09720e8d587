using System.Net;
using Kizuna.Server.Tests.Interop;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using static Kizuna.Server.Tests.Misp.MispApi;

namespace Kizuna.Server.Tests.Misp;

/// <summary>
/// The public MISP feed reads as <c>Viewer.Public</c>, not as the system: a TLP:CLEAR event in an
/// organisation's inbox (read by it and the coordinator only) never reaches anonymous readers, while
/// a TLP:CLEAR event in the community does.
/// </summary>
public sealed class MispPublicFeedScopeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task PublicFeed_ClearEventInAnInbox_IsNotPublished(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(TaxiiApi.Nisc);
        using var bank = await server.ApiClientAsync(TaxiiApi.BankReporter);
        var community = Guid.NewGuid();
        var inbox = Guid.NewGuid();
        var canary = $"kzcanary-inbox-clear-{Guid.NewGuid():N}"[..40];
        await ImportAsync(nisc, "community", Event(community, "tlp:clear", "Community clear", ("domain", $"community-{canary}.example.org", true)));
        await ImportAsync(bank, "inbox-hikari-bank", Event(inbox, "tlp:clear", $"Inbox {canary}", ("domain", $"{canary}.example.org", true)));

        using var anonymous = server.CreateClient();
        var manifest = await GetJsonAsync(anonymous, "/misp-feed/manifest.json");
        var listed = manifest.EnumerateObject().Select(p => Guid.Parse(p.Name)).ToHashSet();
        Assert.Contains(community, listed);
        Assert.DoesNotContain(inbox, listed);
        await Problems.AssertAsync(await anonymous.GetAsync($"/misp-feed/{inbox:D}.json"), HttpStatusCode.NotFound);
        Assert.DoesNotContain(canary, await (await anonymous.GetAsync("/misp-feed/hashes.csv")).Content.ReadAsStringAsync());
    }
}
