using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kizuna.Core.Features.Delivery;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Server.Tests.Delivery;

/// <summary>
/// The running worker end to end: the test button reaches a real SMTP listener and a real webhook
/// receiver; a dead letter is replayed by an admin; and a test delivery committed just before the
/// process is killed arrives exactly once after a restart.
/// </summary>
public sealed class DeliveryEndToEndTests(ITestOutputHelper output)
{
    private const string Org = "HIKARI-BANK";
    private const string OrgAdmin = "admin@hikari-bank.demo.kizuna.example";

    private static Dictionary<string, string> Settings(SmtpSink smtp) => new(smtp.Settings)
    {
        ["Delivery:AllowPrivateWebhookTargets"] = "true",
        ["Delivery:PollInterval"] = "00:00:00.200",
        ["Delivery:BaseRetryDelay"] = "00:00:00.100",
        ["Delivery:MaxRetryDelay"] = "00:00:01",
    };

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task TestButton_ReachesMailAndWebhook_DeadLetterReplays(DatabaseKind kind)
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var hooks = await WebhookSink.StartAsync();
        await using var server = await KizunaTestServer.StartAsync(kind, settings: Settings(smtp));
        using var api = await server.ApiClientAsync(OrgAdmin);
        var hook = JsonDocument.Parse(await (await api.PostAsJsonAsync($"/api/v1/organizations/{Org}/webhooks", new { url = hooks.Url("/kizuna"), description = "SOC" }))
            .Content.ReadAsStringAsync()).RootElement;
        var secret = hook.GetProperty("secret").GetString()!;

        var test = await api.PostAsync($"/api/v1/organizations/{Org}/delivery/test", null);
        Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
        var queued = JsonDocument.Parse(await test.Content.ReadAsStringAsync()).RootElement.GetProperty("queued");
        Assert.Equal(2, queued.GetArrayLength());

        var mail = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal(OrgAdmin, mail.To.Mailboxes.Single().Address);
        Assert.Contains("配信テスト", mail.Subject);
        var call = Assert.Single(await hooks.WaitForAsync(1));
        Assert.Equal("delivery.test", call.Header(WebhookChannel.EventHeader));
        Assert.True(WebhookSignature.Verify(secret, call.Header(WebhookSignature.Header), call.Body, DateTimeOffset.UtcNow));

        // A receiver that answers 404 makes a dead letter; the admin sees it and replays it.
        hooks.Enqueue(new WebhookAnswer(404));
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/v1/organizations/{Org}/delivery/test", null)).StatusCode);
        await hooks.WaitForAsync(2);
        using var admin = await server.ApiClientAsync(DemoUsers.Admin);
        JsonElement dead;
        do
        {
            await Task.Delay(50);
            dead = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/admin/outbox/dead")).RootElement;
        } while (dead.GetProperty("total").GetInt32() == 0);
        var letter = Assert.Single(dead.GetProperty("items").EnumerateArray());
        Assert.Contains("HTTP 404", letter.GetProperty("lastError").GetString());
        Assert.Equal(Org, letter.GetProperty("organizationCode").GetString());
        var counts = await admin.GetStringAsync("/api/v1/admin/outbox");
        Assert.Contains("\"dead\"", counts);

        var id = letter.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/admin/outbox/{id}/replay", null)).StatusCode);
        await hooks.WaitForAsync(3);
        await Problems.AssertAsync(await api.PostAsync($"/api/v1/admin/outbox/{id}/replay", null), HttpStatusCode.Forbidden);
        await using var db = server.NewContext();
        OutboxMessage replayed;
        do
        {
            await Task.Delay(50);
            replayed = await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id);
        } while (replayed.Status == OutboxStatus.Pending);
        Assert.Equal(OutboxStatus.Sent, replayed.Status);
        await Problems.AssertAsync(await admin.PostAsync($"/api/v1/admin/outbox/{id}/replay", null), HttpStatusCode.Conflict);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "delivery.outbox.replayed" && a.TargetId == id.ToString("D")));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task TestDelivery_ProcessKilledAfterCommit_MailArrivesOnceAfterRestart(DatabaseKind kind)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(kind);
        var port = KizunaProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        string[] serve = ["serve", .. database.ServerArgs, "--urls", baseAddress.ToString().TrimEnd('/'), "--demo", "--Server:PasswordHashIterations=1000"];

        // First life: the worker is off, as if the process died between commit and send.
        var (first, _) = await KizunaProcess.StartAsync([.. serve, "--Delivery:WorkerEnabled=false", "--Mail:SmtpHost=127.0.0.1", $"--Mail:SmtpPort={KizunaProcess.FreePort()}"], baseAddress);
        string key;
        try
        {
            var token = await KizunaProcess.RunToCompletionAsync(["tokens", "create", "--email", DemoUsers.Admin, "--name", "kill test", .. database.ServerArgs]);
            using var api = new HttpClient { BaseAddress = baseAddress };
            api.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var test = await api.PostAsync("/api/v1/organizations/NISC/delivery/test", null);
            Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
            key = JsonDocument.Parse(await test.Content.ReadAsStringAsync()).RootElement.GetProperty("queued")[0].GetProperty("idempotencyKey").GetString()!;
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
        finally
        {
            if (!first.HasExited) first.Kill(entireProcessTree: true);
            first.Dispose();
        }

        await using var smtp = await SmtpSink.StartAsync();
        var (second, restart) = await KizunaProcess.StartAsync([.. serve, .. smtp.Settings.Select(kv => $"--{kv.Key}={kv.Value}")], baseAddress);
        output.WriteLine($"restart: {restart.TotalMilliseconds:F0} ms ({kind})");
        try
        {
            var mail = Assert.Single(await smtp.WaitForAsync(1, TimeSpan.FromSeconds(60)));
            Assert.Equal(key, mail.Headers[EmailChannel.IdempotencyHeader]);
            Assert.Equal(DemoUsers.Admin, mail.To.Mailboxes.Single().Address);
            await using var db = database.NewContext();
            OutboxMessage message;
            do
            {
                await Task.Delay(50);
                message = await db.Outbox.AsNoTracking().SingleAsync(m => m.IdempotencyKey == key);
            } while (message.Status == OutboxStatus.Pending);
            Assert.Equal(OutboxStatus.Sent, message.Status);
            Assert.Single(smtp.Messages);
            Assert.Single(smtp.Messages, m => m.Headers[EmailChannel.IdempotencyHeader] == key);
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
            second.Dispose();
        }
    }
}
