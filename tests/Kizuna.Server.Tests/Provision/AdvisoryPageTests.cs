using System.Net;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Provision.ProvisionApi;

namespace Kizuna.Server.Tests.Provision;

/// <summary>The advisory pages over plain HTTP: a refused form keeps what was typed; a refused answer shows the server's reason.</summary>
public sealed class AdvisoryPageTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task NewAdvisory_EmptyTitle_ReRendersWithErrorAndKeepsTheText(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.SignInAsync(Nisc);
        var before = await CountAsync(server);

        var response = await KizunaTestServer.PostFormAsync(nisc, "/advisories/new", "advisory", Form(title: "", tlp: "AMBER"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(Html.HasElement(html, "error-content-title"), "The title's error is not shown next to the title.");
        Assert.Contains("金融機関のVPN装置を確認してください &amp; 更新を", html);
        Assert.Contains("CVE-2024-3400", html);
        Assert.Contains("ipv4 198.51.100.7", html);
        Assert.Matches("value=\"finance\" checked", html);
        Assert.Matches("<option value=\"3\" selected", html);
        Assert.Equal(before, await CountAsync(server));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task NewAdvisory_UnknownTlp_ReRendersWithTheTlpErrorAndKeepsTheTitle(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.SignInAsync(Nisc);
        var before = await CountAsync(server);

        var response = await KizunaTestServer.PostFormAsync(nisc, "/advisories/new", "advisory", Form(title: "TLP を間違えた情報提供 " + kind, tlp: "PURPLE"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(Html.HasElement(html, "error-tlp"), "The TLP's error is not shown next to the TLP.");
        Assert.Contains("Unknown TLP", html);
        Assert.Contains($"value=\"TLP を間違えた情報提供 {kind}\"", html);
        Assert.Equal(before, await CountAsync(server));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task NewAdvisory_ValidForm_SavesTheDraftAndGoesToItsRecipients(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.SignInAsync(Nisc);
        var title = "ページから保存する下書き " + kind;

        var response = await KizunaTestServer.PostFormAsync(nisc, "/advisories/new", "advisory", Form(title, "AMBER"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = server.NewContext();
        var saved = await db.Advisories.AsNoTracking().SingleAsync(a => a.Title == title);
        Assert.Equal($"/advisories/{saved.Id}/recipients?saved=true", Html.Location(response));
        Assert.Equal(["CVE-2024-3400"], saved.Content.Cves);
        Assert.Equal("198.51.100.7", Assert.Single(saved.Content.Indicators).Value);
        var page = await nisc.GetAsync(Html.Location(response));
        var recipients = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"GET {Html.Location(response)}: {(int)page.StatusCode} {recipients}");
        Assert.Contains("data-code=\"HIKARI-BANK\" data-hop=\"3\"", recipients);
        Assert.Contains("data-code=\"FSA\" data-hop=\"1\"", recipients);
        Assert.Contains("id=\"publish\"", recipients);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AdvisoryPage_AnonymousApplied_ShowsTheServersReasonAndRecordsNothing(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await PublishAsync(nisc, Input("Named to the bank, page feedback " + kind, tlp: "RED", audience: Audience(("organization", "HIKARI-BANK"))));
        using var bank = await server.SignInAsync(BankReporter);
        var path = $"/advisories/{id}";

        var response = await KizunaTestServer.PostFormAsync(bank, path, "feedback",
            new Dictionary<string, string> { ["feedback.Kind"] = "applied", ["feedback.Anonymous"] = "true" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(Html.HasElement(html, "error-anonymous"), "The refusal is not shown next to the anonymous box.");
        Assert.Contains("may be given anonymously", html);
        await using var db = server.NewContext();
        Assert.False(await db.AdvisoryFeedback.AnyAsync(f => f.AdvisoryId == id));
        // Opening the page (the GET before the post) read it: it is no longer unread.
        Assert.True(await db.AdvisoryReads.AnyAsync(r => r.AdvisoryId == id));
    }

    private static Dictionary<string, string> Form(string title, string tlp) => new()
    {
        ["Input.Title"] = title,
        ["Input.Summary"] = "金融機関のVPN装置を確認してください & 更新を",
        ["Input.Body"] = "## 概要\n攻撃が観測されています。",
        ["Input.Severity"] = "3",
        ["Input.Cves"] = "CVE-2024-3400",
        ["Input.Indicators"] = "ipv4 198.51.100.7",
        ["Input.Language"] = "ja",
        ["Input.Tlp"] = tlp,
        ["Input.Sectors"] = "finance",
    };

    private static async Task<int> CountAsync(KizunaTestServer server)
    {
        await using var db = server.NewContext();
        return await db.Advisories.CountAsync();
    }
}
