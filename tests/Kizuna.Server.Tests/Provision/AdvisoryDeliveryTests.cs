using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kizuna.Core.Features.Delivery;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Provision.ProvisionApi;

namespace Kizuna.Server.Tests.Provision;

/// <summary>
/// Advisories through the real channels: mail to a real SMTP listener in each member's language
/// with a signed link that records the opening, a signed webhook call, quiet hours that hold back
/// all but urgent advisories, and the outbox's idempotency keys.
/// </summary>
public sealed partial class AdvisoryDeliveryTests
{
    private const string BankAdmin = "admin@hikari-bank.demo.kizuna.example";

    private static Dictionary<string, string> Settings(SmtpSink smtp) => new(smtp.Settings)
    {
        ["Delivery:AllowPrivateWebhookTargets"] = "true",
        ["Delivery:PollInterval"] = "00:00:00.200",
        ["Delivery:BaseRetryDelay"] = "00:00:00.100",
        ["Delivery:MaxRetryDelay"] = "00:00:01",
        ["Delivery:PublicBaseUrl"] = "https://kizuna.example.jp",
    };

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Publish_MailsEveryMemberInTheirLanguage_AndCallsTheSignedWebhook(DatabaseKind kind)
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var hooks = await WebhookSink.StartAsync();
        await using var server = await KizunaTestServer.StartAsync(kind, settings: Settings(smtp));
        await RelayAutomaticallyAsync(server);
        using var bankAdmin = await server.ApiClientAsync(BankAdmin);
        var hook = JsonDocument.Parse(await (await bankAdmin.PostAsJsonAsync("/api/v1/organizations/HIKARI-BANK/webhooks", new { url = hooks.Url("/kizuna"), description = "SOC" }))
            .Content.ReadAsStringAsync()).RootElement;
        var secret = hook.GetProperty("secret").GetString()!;
        await using (var db = server.NewContext())
        {
            var admin = await db.Users.SingleAsync(u => u.Email == BankAdmin);
            admin.PreferredLanguage = "en";
            await db.SaveChangesAsync();
        }

        using var nisc = await server.ApiClientAsync(Nisc);
        // Named directly (no manual relay on the way) and GREEN: the summary travels by mail.
        var id = await PublishAsync(nisc, Input("Bank VPN advisory", "GREEN", Audience(("organization", "HIKARI-BANK"))));

        var mails = (await smtp.WaitForAsync(4)).Where(m => m.To.Mailboxes.Single().Address.EndsWith("@hikari-bank.demo.kizuna.example")).ToList();
        Assert.Equal(["admin@hikari-bank.demo.kizuna.example", "reporter@hikari-bank.demo.kizuna.example"],
            mails.Select(m => m.To.Mailboxes.Single().Address).Order());
        var english = mails.Single(m => m.To.Mailboxes.Single().Address == BankAdmin);
        var japanese = mails.Single(m => m.To.Mailboxes.Single().Address != BankAdmin);
        Assert.StartsWith("[Kizuna][TLP:GREEN][High] NISC-", english.Subject);
        Assert.Contains("Bank VPN advisory", english.Subject);
        Assert.Contains("[高]", japanese.Subject);
        Assert.Contains("Patch the VPN appliances now.", english.TextBody);
        Assert.Contains("発信元: 内閣サイバーセキュリティセンター", japanese.TextBody);
        Assert.NotNull(english.Headers["X-Kizuna-Idempotency-Key"]);

        // The signed link records that the bank opened it, then sends the reader to sign in.
        var link = LinkPattern().Match(english.TextBody ?? "").Value;
        Assert.StartsWith("https://kizuna.example.jp/l/", link);
        var opened = await server.CreateClient().GetAsync(new Uri(link).PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var reach = await GetJsonAsync(nisc, $"/api/v1/advisories/{id}/reach");
        Assert.NotNull(reach["organizations"]!.AsArray().Single(r => r!["code"]!.GetValue<string>() == "HIKARI-BANK")!["openedAt"]);

        var call = Assert.Single(await hooks.WaitForAsync(1));
        Assert.Equal("advisory.published", call.Header(WebhookChannel.EventHeader));
        Assert.True(WebhookSignature.Verify(secret, call.Header(WebhookSignature.Header), call.Body, DateTimeOffset.UtcNow));
        var body = JsonDocument.Parse(call.Body).RootElement.GetProperty("data").GetProperty("advisory");
        Assert.Equal(id, body.GetProperty("id").GetGuid());
        Assert.Equal("Bank VPN advisory", body.GetProperty("title").GetString());
        Assert.Equal("CVE-2024-3400", body.GetProperty("cves")[0].GetString());

        // A correction is told the same way, marked as such; nothing is sent twice for the same revision.
        var corrected = Input("Bank VPN advisory v2", "GREEN")["content"]!.DeepClone();
        Assert.Equal(HttpStatusCode.OK, (await nisc.PostAsJsonAsync($"/api/v1/advisories/{id}/corrections", new System.Text.Json.Nodes.JsonObject { ["content"] = corrected, ["note"] = "title" })).StatusCode);
        var all = (await smtp.WaitForAsync(8)).Where(m => m.To.Mailboxes.Single().Address.EndsWith("@hikari-bank.demo.kizuna.example")).ToList();
        Assert.Contains(all, m => (m.Subject ?? "").Contains("【訂正】"));
        Assert.Contains(all, m => (m.Subject ?? "").Contains("[Correction]"));
        Assert.Equal(2, (await hooks.WaitForAsync(2)).Count);
        await Task.Delay(500);
        Assert.Equal(8, smtp.Messages.Count);
        Assert.Equal(all.Count, all.Select(m => m.MessageId).Distinct().Count());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task QuietHours_HoldBackRoutineAdvisories_ButNotUrgentOnes(DatabaseKind kind)
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var server = await KizunaTestServer.StartAsync(kind, settings: Settings(smtp));
        await RelayAutomaticallyAsync(server);
        using var bankAdmin = await server.ApiClientAsync(BankAdmin);
        // Quiet all day but one minute: whatever the time now, routine mail waits.
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9));
        var start = TimeOnly.FromDateTime(now.DateTime).AddMinutes(-1);
        var end = start.AddMinutes(-1);
        var put = await bankAdmin.PutAsJsonAsync("/api/v1/organizations/HIKARI-BANK/delivery",
            new { emailEnabled = true, webhooksEnabled = true, extraEmailAddresses = Array.Empty<string>(), quietHoursStart = start.ToString("HH:mm"), quietHoursEnd = end.ToString("HH:mm"), relayMode = "automatic" });
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);

        using var nisc = await server.ApiClientAsync(Nisc);
        var routine = await PublishAsync(nisc, Input("Routine note", "GREEN", Audience(("organization", "HIKARI-BANK")), c => c["severity"] = 1));
        var urgent = await PublishAsync(nisc, Input("Urgent patch", "GREEN", Audience(("organization", "HIKARI-BANK")), c => c["severity"] = 4));

        // The bank's two members get the urgent one; FSA and the CEPTOAR (no quiet hours) get both.
        var mails = (await smtp.WaitForAsync(6)).Where(m => m.To.Mailboxes.Single().Address.EndsWith("@hikari-bank.demo.kizuna.example")).ToList();
        Assert.Equal(2, mails.Count);
        Assert.All(mails, m => Assert.Contains("Urgent patch", m.Subject));
        await using var db = server.NewContext();
        var bank = await db.Organizations.SingleAsync(o => o.Code == "HIKARI-BANK");
        var waiting = await db.Outbox.AsNoTracking().Where(m => m.Channel == OutboxChannels.Email && m.IdempotencyKey.StartsWith($"adv:{routine:N}:") && m.OrganizationId == bank.Id).ToListAsync();
        Assert.Equal(2, waiting.Count);
        Assert.All(waiting, m => Assert.Equal(OutboxStatus.Pending, m.Status));
        Assert.All(waiting, m => Assert.True(m.DueAt > DateTimeOffset.UtcNow.AddHours(20)));
        Assert.NotEqual(routine, urgent);
    }

    /// <summary>The demo's financial chain relays by hand; these tests want the bank reached at once, through FSA and its CEPTOAR.</summary>
    private static async Task RelayAutomaticallyAsync(KizunaTestServer server)
    {
        await using var db = server.NewContext();
        foreach (var s in await db.DeliverySettings.ToListAsync())
            s.Change(s.EmailEnabled, s.WebhooksEnabled, s.ExtraEmailAddresses, s.QuietHoursStart, s.QuietHoursEnd, RelayModes.Automatic, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
    }

    [GeneratedRegex(@"https://kizuna\.example\.jp/l/[A-Za-z0-9_.\-]+")]
    private static partial Regex LinkPattern();
}
