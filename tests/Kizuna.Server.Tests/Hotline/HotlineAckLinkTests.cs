using System.Net;
using System.Text.RegularExpressions;
using Kizuna.TestKit;
using static Kizuna.Server.Tests.Hotline.HotlineApi;

namespace Kizuna.Server.Tests.Hotline;

/// <summary>
/// The alert through real mail: each member gets an urgent mail with a signed acknowledgement
/// link. Opening the link (a GET, as a mail scanner would) acknowledges nothing; the button on its
/// page does, once; a forged or used link answers with a readable message.
/// </summary>
public sealed partial class HotlineAckLinkTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AckLink_GetThenPost_AcknowledgesOnlyOnPostAndOnlyOnce(DatabaseKind kind)
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var server = await KizunaTestServer.StartAsync(kind, settings: new Dictionary<string, string>(smtp.Settings)
        {
            ["Delivery:PollInterval"] = "00:00:00.200",
            ["Delivery:PublicBaseUrl"] = "https://kizuna.example.jp",
        });
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = IdOf(await SendAsync(nisc, Alert("Link alert KZSECRET", "RED", ("organization", "HIKARI-BANK"))));

        var mails = await smtp.WaitForAsync(2);
        Assert.Equal([BankAdmin, BankReporter], mails.Select(m => m.To.Mailboxes.Single().Address).Order());
        var mail = mails[0];
        Assert.Contains("[TLP:RED]", mail.Subject);
        // RED: neither the title nor the message leaves by mail.
        Assert.DoesNotContain("KZSECRET", mail.Subject + mail.TextBody);
        var link = LinkPattern().Match(mail.TextBody ?? "").Value;
        Assert.StartsWith("https://kizuna.example.jp/hotline/ack/", link);
        var path = new Uri(link).PathAndQuery;

        using var anonymous = server.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            var page = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("id=\"ack-confirm\"", await page.Content.ReadAsStringAsync());
        }
        Assert.Null(BoardRow(await GetJsonAsync(nisc, $"/api/v1/hotline/alerts/{id}/board"), "HIKARI-BANK")["acknowledgedAt"]);

        // A forged link: readable on GET and on POST, and it changes nothing.
        var forged = path[..^2] + (path[^2] == 'A' ? "BB" : "AA");
        var forgedPage = await anonymous.GetStringAsync(forged);
        Assert.Contains("id=\"ack-invalid\"", forgedPage);
        Assert.DoesNotContain("id=\"ack-confirm\"", forgedPage);
        var forgedPost = await KizunaTestServer.PostFormAsync(anonymous, forged, "acknowledge-link", new Dictionary<string, string> { ["confirm"] = "true" });
        Assert.Contains("id=\"ack-refused\"", await forgedPost.Content.ReadAsStringAsync());
        Assert.Null(BoardRow(await GetJsonAsync(nisc, $"/api/v1/hotline/alerts/{id}/board"), "HIKARI-BANK")["acknowledgedAt"]);

        var posted = await KizunaTestServer.PostFormAsync(anonymous, path, "acknowledge-link", new Dictionary<string, string> { ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("id=\"ack-done\"", await posted.Content.ReadAsStringAsync());
        var row = BoardRow(await GetJsonAsync(nisc, $"/api/v1/hotline/alerts/{id}/board"), "HIKARI-BANK");
        Assert.Equal("link", row["via"]!.GetValue<string>());

        // Used: the page says so, and a second post is refused with a message.
        var used = await anonymous.GetStringAsync(path);
        Assert.Contains("id=\"ack-used\"", used);
        Assert.DoesNotContain("id=\"ack-confirm\"", used);
        var again = await KizunaTestServer.PostFormAsync(anonymous, path, "acknowledge-link", new Dictionary<string, string> { ["confirm"] = "true" });
        Assert.Contains("id=\"ack-refused\"", await again.Content.ReadAsStringAsync());
        using var bank = await server.ApiClientAsync(BankReporter);
        Assert.Equal(HttpStatusCode.Conflict, (await bank.PostAsync($"/api/v1/hotline/alerts/{id}/acknowledge", null)).StatusCode);
    }

    [GeneratedRegex(@"https://kizuna\.example\.jp/hotline/ack/[A-Za-z0-9_\-\.]+")]
    private static partial Regex LinkPattern();
}
