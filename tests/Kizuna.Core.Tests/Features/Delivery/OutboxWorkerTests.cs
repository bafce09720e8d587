using System.Text.Json;
using Kizuna.Core.Data;
using Kizuna.Core.Features.Delivery;
using Kizuna.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kizuna.Core.Tests.Features.Delivery;

/// <summary>
/// The outbox worker against real SMTP and HTTP receivers on loopback, driven round by round
/// (<see cref="OutboxWorker.RunOnceAsync"/>) under a fake clock, on both databases.
/// </summary>
public sealed class OutboxWorkerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 3, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string> FastRetries = new()
    {
        ["Delivery:AllowPrivateWebhookTargets"] = "true",
        ["Delivery:BaseRetryDelay"] = "00:00:01",
        ["Delivery:MaxRetryDelay"] = "00:01:00",
        ["Delivery:MaxAttempts"] = "4",
        ["Delivery:WebhookTimeout"] = "00:00:02",
        ["Delivery:LeaseDuration"] = "00:00:30",
        ["Delivery:WorkerEnabled"] = "false",
    };

    private sealed class Rig : IAsyncDisposable
    {
        public required CoreHost Host { get; init; }
        public required FakeTimeProvider Clock { get; init; }
        public required SmtpSink Smtp { get; init; }
        public required WebhookSink Hooks { get; init; }
        public OutboxWorker Worker => Host.Services.GetRequiredService<OutboxWorker>();

        public async Task<Guid> OrgIdAsync(string code = "AOZORA-TEL")
        {
            await using var db = Host.NewContext();
            return await db.Organizations.Where(o => o.Code == code).Select(o => o.Id).SingleAsync();
        }

        public async Task<OutboxMessage> EnqueueAsync(OutboxMessage message)
        {
            await using var db = Host.NewContext();
            db.Outbox.Add(message);
            await db.SaveChangesAsync();
            return message;
        }

        public async Task<OrganizationWebhook> AddWebhookAsync(string path = "/hook")
        {
            await using var db = Host.NewContext();
            var hook = new OrganizationWebhook(await OrgIdAsync(), new Uri(Hooks.Url(path)), "test", Clock.GetUtcNow());
            db.Webhooks.Add(hook);
            await db.SaveChangesAsync();
            return hook;
        }

        public async Task<OutboxMessage> ReloadAsync(Guid id)
        {
            await using var db = Host.NewContext();
            return await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id);
        }

        public async ValueTask DisposeAsync()
        {
            await Hooks.DisposeAsync();
            await Smtp.DisposeAsync();
            await Host.DisposeAsync();
        }
    }

    private static async Task<Rig> StartAsync(DatabaseKind kind, Dictionary<string, string>? extra = null, Action<WebApplicationBuilder>? configure = null)
    {
        var clock = new FakeTimeProvider(Start);
        var smtp = await SmtpSink.StartAsync();
        var hooks = await WebhookSink.StartAsync();
        var settings = FastRetries.Concat(smtp.Settings).Concat(extra ?? []).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        var host = await CoreHost.CreateAsync(kind, demo: true, clock, settings, configure);
        return new Rig { Host = host, Clock = clock, Smtp = smtp, Hooks = hooks };
    }

    private static OutboxMessage Mail(Rig rig, string to, string key = "test:mail:1", bool urgent = false)
        => OutboxMessage.Create(OutboxChannels.Email, key, "test.mail", new EmailPayload(to, "件名 Subject", "本文 body", "<p>本文</p>", "ja"), rig.Clock.GetUtcNow(), urgent: urgent, destination: to);

    private static OutboxMessage Event(Rig rig, OrganizationWebhook hook, string key = "test:hook:1", object? body = null)
        => OutboxMessage.Create(OutboxChannels.Webhook, key, "advisory.published",
            new WebhookPayload(hook.Id, "advisory.published", JsonSerializer.SerializeToElement(body ?? new { title = "注意喚起", n = 1 })), rig.Clock.GetUtcNow(), destination: hook.Url);

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Email_SmtpUnreachableThenReachable_DeliveredOnceWithKey(DatabaseKind kind)
    {
        await using var rig = await StartAsync(kind);
        await rig.Smtp.RefuseAsync();
        var message = await rig.EnqueueAsync(Mail(rig, "soc@aozora.example.jp"));

        Assert.Equal(1, await rig.Worker.RunOnceAsync());
        var failed = await rig.ReloadAsync(message.Id);
        Assert.Equal(OutboxStatus.Pending, failed.Status);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("unavailable", failed.LastError);
        Assert.True(failed.DueAt > rig.Clock.GetUtcNow(), "A failed attempt is retried later, not at once.");
        Assert.Equal(0, await rig.Worker.RunOnceAsync());

        await rig.Smtp.ListenAsync();
        rig.Clock.Advance(failed.DueAt - rig.Clock.GetUtcNow());
        Assert.Equal(1, await rig.Worker.RunOnceAsync());
        var sent = await rig.ReloadAsync(message.Id);
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.Equal(2, sent.Attempts);
        Assert.Null(sent.LeaseOwner);
        var mail = Assert.Single(rig.Smtp.Messages);
        Assert.Equal("soc@aozora.example.jp", mail.To.Mailboxes.Single().Address);
        Assert.Equal("件名 Subject", mail.Subject);
        Assert.Equal(EmailChannel.MessageIdFor("test:mail:1"), mail.MessageId);
        Assert.Equal("test:mail:1", mail.Headers[EmailChannel.IdempotencyHeader]);
        Assert.Contains("本文 body", mail.TextBody);
        Assert.Equal(0, await rig.Worker.RunOnceAsync());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Email_TemporaryRejections_RetriedWithGrowingBackoffThenSent(DatabaseKind kind)
    {
        await using var rig = await StartAsync(kind);
        rig.Smtp.TemporaryFailures = 2;
        var message = await rig.EnqueueAsync(Mail(rig, "soc@aozora.example.jp"));
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(1, await rig.Worker.RunOnceAsync());
            var m = await rig.ReloadAsync(message.Id);
            Assert.Equal(OutboxStatus.Pending, m.Status);
            Assert.Contains("451", m.LastError);
            delays.Add(m.DueAt - rig.Clock.GetUtcNow());
            rig.Clock.Advance(delays[^1]);
        }
        // Base 1 s doubling, each scaled by a jitter of 0.5–1.0.
        Assert.InRange(delays[0], TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.InRange(delays[1], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.Equal(1, await rig.Worker.RunOnceAsync());
        Assert.Equal(OutboxStatus.Sent, (await rig.ReloadAsync(message.Id)).Status);
        Assert.Single(rig.Smtp.Messages);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Email_RecipientRejectedWith550_IsDeadWithServerMessage(DatabaseKind kind)
    {
        await using var rig = await StartAsync(kind);
        rig.Smtp.RejectRecipient = a => a.StartsWith("nobody@", StringComparison.Ordinal);
        var bad = await rig.EnqueueAsync(Mail(rig, "nobody@aozora.example.jp", "test:mail:bad"));
        var good = await rig.EnqueueAsync(Mail(rig, "soc@aozora.example.jp", "test:mail:good"));

        Assert.Equal(2, await rig.Worker.RunOnceAsync());
        var dead = await rig.ReloadAsync(bad.Id);
        Assert.Equal(OutboxStatus.Dead, dead.Status);
        Assert.Contains("550", dead.LastError);
        Assert.Equal(OutboxStatus.Sent, (await rig.ReloadAsync(good.Id)).Status);
        Assert.Equal("soc@aozora.example.jp", Assert.Single(rig.Smtp.Messages).To.Mailboxes.Single().Address);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Webhook_ServerErrorThenOk_RetriedAndSignedVerifiably(DatabaseKind kind)
    {
        await using var rig = await StartAsync(kind);
        var hook = await rig.AddWebhookAsync();
        rig.Hooks.Enqueue(new WebhookAnswer(500));
        var message = await rig.EnqueueAsync(Event(rig, hook));

        Assert.Equal(1, await rig.Worker.RunOnceAsync());
        var failed = await rig.ReloadAsync(message.Id);
        Assert.Equal(OutboxStatus.Pending, failed.Status);
        Assert.Contains("HTTP 500", failed.LastError);
        rig.Clock.Advance(failed.DueAt - rig.Clock.GetUtcNow());
        Assert.Equal(1, await rig.Worker.RunOnceAsync());
        Assert.Equal(OutboxStatus.Sent, (await rig.ReloadAsync(message.Id)).Status);

        var calls = rig.Hooks.Received;
        Assert.Equal(2, calls.Count);
        var call = calls[1];
        Assert.Equal("advisory.published", call.Header(WebhookChannel.EventHeader));
        Assert.Equal(message.Id.ToString("D"), call.Header(WebhookChannel.DeliveryHeader));
        Assert.Equal("test:hook:1", call.Header(WebhookChannel.IdempotencyHeader));
        Assert.StartsWith("application/json", call.Header("Content-Type"));
        var signature = call.Header(WebhookSignature.Header);
        Assert.True(WebhookSignature.Verify(hook.Secret, signature, call.Body, rig.Clock.GetUtcNow()), "The receiver cannot verify the signature.");
        Assert.Contains("注意喚起", call.Body);
        Assert.False(WebhookSignature.Verify(hook.Secret, signature, call.Body.Replace("注意喚起", "改ざん"), rig.Clock.GetUtcNow()), "A tampered body verified.");
        Assert.False(WebhookSignature.Verify(hook.Secret, signature, call.Body, rig.Clock.GetUtcNow().AddMinutes(10)), "A signature older than the tolerance verified.");
        Assert.False(WebhookSignature.Verify(OrganizationWebhook.NewSecret(), signature, call.Body, rig.Clock.GetUtcNow()), "Another secret verified.");
        var envelope = JsonDocument.Parse(call.Body).RootElement;
        Assert.Equal("advisory.published", envelope.GetProperty("event").GetString());
        Assert.Equal("注意喚起", envelope.GetProperty("data").GetProperty("title").GetString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Webhook_RetryAfterLongerThanMax_WaitsTheMaximum(DatabaseKind kind)
    {
        await using var rig = await StartAsync(kind);
        var hook = await rig.AddWebhookAsync();
        rig.Hooks.Enqueue(new WebhookAnswer(429, RetryAfter: "7200"));
        var message = await rig.EnqueueAsync(Event(rig, hook));
        await rig.Worker.RunOnceAsync();
        var m = await rig.ReloadAsync(message.Id);
        Assert.Equal(OutboxStatus.Pending, m.Status);
        Assert.Equal(rig.Clock.GetUtcNow() + TimeSpan.FromMinutes(1), m.DueAt);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Webhook_ClientError_IsDeadAndReplayDelivers(DatabaseKind kind)
    {
        await using var rig = await StartAsync(kind);
        var hook = await rig.AddWebhookAsync();
        rig.Hooks.Enqueue(new WebhookAnswer(410));
        var message = await rig.EnqueueAsync(Event(rig, hook));
        await rig.Worker.RunOnceAsync();
        var dead = await rig.ReloadAsync(message.Id);
        Assert.Equal(OutboxStatus.Dead, dead.Status);
        Assert.Contains("HTTP 410", dead.LastError);
        Assert.Equal(0, await rig.Worker.RunOnceAsync());

        await using (var db = rig.Host.NewContext())
        {
            (await db.Outbox.SingleAsync(m => m.Id == message.Id)).Replay(rig.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }
        Assert.Equal(1, await rig.Worker.RunOnceAsync());
        var sent = await rig.ReloadAsync(message.Id);
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.Equal(1, sent.Attempts);
        Assert.Equal(2, rig.Hooks.Received.Count);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Webhook_SlowReceiver_TimesOutAndIsRetried(DatabaseKind kind)
    {
        await using var rig = await StartAsync(kind);
        var hook = await rig.AddWebhookAsync();
        rig.Hooks.Enqueue(new WebhookAnswer(200, Delay: TimeSpan.FromSeconds(20)));
        var message = await rig.EnqueueAsync(Event(rig, hook));
        await rig.Worker.RunOnceAsync();
        var failed = await rig.ReloadAsync(message.Id);
        Assert.Equal(OutboxStatus.Pending, failed.Status);
        Assert.Contains("No answer", failed.LastError);
        rig.Clock.Advance(failed.DueAt - rig.Clock.GetUtcNow());
        await rig.Worker.RunOnceAsync();
        Assert.Equal(OutboxStatus.Sent, (await rig.ReloadAsync(message.Id)).Status);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Webhook_AlwaysFailing_IsDeadAfterMaxAttempts(DatabaseKind kind)
    {
        await using var rig = await StartAsync(kind);
        var hook = await rig.AddWebhookAsync();
        rig.Hooks.DefaultAnswer = new WebhookAnswer(503);
        var message = await rig.EnqueueAsync(Event(rig, hook));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(1, await rig.Worker.RunOnceAsync());
            rig.Clock.Advance(TimeSpan.FromMinutes(2));
        }
        var dead = await rig.ReloadAsync(message.Id);
        Assert.Equal(OutboxStatus.Dead, dead.Status);
        Assert.Equal(4, dead.Attempts);
        Assert.Equal(0, await rig.Worker.RunOnceAsync());
        Assert.Equal(4, rig.Hooks.Received.Count);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Webhook_RemovedOrDisabled_IsDeadWithoutACall(DatabaseKind kind)
    {
        await using var rig = await StartAsync(kind);
        var removed = await rig.AddWebhookAsync();
        var disabled = await rig.AddWebhookAsync("/other");
        var first = await rig.EnqueueAsync(Event(rig, removed, "k1"));
        var second = await rig.EnqueueAsync(Event(rig, disabled, "k2"));
        await using (var db = rig.Host.NewContext())
        {
            db.Webhooks.Remove(await db.Webhooks.SingleAsync(w => w.Id == removed.Id));
            (await db.Webhooks.SingleAsync(w => w.Id == disabled.Id)).Disable();
            await db.SaveChangesAsync();
        }
        await rig.Worker.RunOnceAsync();
        foreach (var id in new[] { first.Id, second.Id })
        {
            var m = await rig.ReloadAsync(id);
            Assert.Equal(OutboxStatus.Dead, m.Status);
            Assert.Equal("webhook removed", m.LastError);
        }
        Assert.Empty(rig.Hooks.Received);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Webhook_PrivateTargetWhenNotAllowed_IsRefusedAtSend(DatabaseKind kind)
    {
        await using var rig = await StartAsync(kind, new() { ["Delivery:AllowPrivateWebhookTargets"] = "false" });
        var hook = await rig.AddWebhookAsync();
        var message = await rig.EnqueueAsync(Event(rig, hook));
        await rig.Worker.RunOnceAsync();
        var m = await rig.ReloadAsync(message.Id);
        Assert.Equal(OutboxStatus.Dead, m.Status);
        Assert.Contains("public addresses only", m.LastError);
        Assert.Empty(rig.Hooks.Received);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task RolledBackChange_SendsNothing(DatabaseKind kind)
    {
        await using var rig = await StartAsync(kind);
        await using (var db = rig.Host.NewContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Outbox.Add(Mail(rig, "soc@aozora.example.jp"));
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }
        Assert.Equal(0, await rig.Worker.RunOnceAsync());
        await using var check = rig.Host.NewContext();
        Assert.Equal(0, await check.Outbox.CountAsync());
        Assert.Empty(rig.Smtp.Messages);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task IdempotencyKey_SameKeyTwiceInOneSave_FailsAndSavesNothing(DatabaseKind kind)
    {
        await using var rig = await StartAsync(kind);
        await using (var db = rig.Host.NewContext())
        {
            db.Outbox.Add(Mail(rig, "a@aozora.example.jp", "same-key"));
            db.Outbox.Add(Mail(rig, "b@aozora.example.jp", "same-key"));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        await using var check = rig.Host.NewContext();
        Assert.Equal(0, await check.Outbox.CountAsync());
    }

    /// <summary>A channel that fans one message out into e-mails with fixed keys, or fails after adding them.</summary>
    private sealed class FanOutHandler(TimeProvider clock) : IOutboxHandler
    {
        public sealed record Payload(string[] Recipients, bool Fail);

        public string Channel => "test-fanout";

        public Task<OutboxResult> HandleAsync(OutboxMessage message, KizunaDb db, CancellationToken ct)
        {
            var p = message.ReadPayload<Payload>();
            foreach (var to in p.Recipients)
                db.Outbox.Add(OutboxMessage.Create(OutboxChannels.Email, $"fanout:{to}", "test.fanout", new EmailPayload(to, "s", "b", null, "ja"), clock.GetUtcNow(), destination: to));
            return Task.FromResult(p.Fail ? OutboxResult.Retry("failed after adding fan-out") : OutboxResult.Delivered);
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task FanOut_FailedThenRepeated_SavedOnceAtomically(DatabaseKind kind)
    {
        await using var rig = await StartAsync(kind, configure: b => b.Services.AddScoped<IOutboxHandler, FanOutHandler>());
        string[] recipients = ["a@aozora.example.jp", "b@aozora.example.jp", "c@aozora.example.jp"];
        var failing = await rig.EnqueueAsync(OutboxMessage.Create("test-fanout", "fan:1", "test", new FanOutHandler.Payload(recipients, Fail: true), rig.Clock.GetUtcNow()));
        await rig.Worker.RunOnceAsync();
        await using (var db = rig.Host.NewContext())
        {
            Assert.Equal(0, await db.Outbox.CountAsync(m => m.Channel == OutboxChannels.Email));
            Assert.Equal(OutboxStatus.Pending, (await db.Outbox.SingleAsync(m => m.Id == failing.Id)).Status);
        }

        // The same fan-out run twice (a retry, and a second producer naming the same recipients).
        await rig.EnqueueAsync(OutboxMessage.Create("test-fanout", "fan:2", "test", new FanOutHandler.Payload(recipients, Fail: false), rig.Clock.GetUtcNow()));
        await rig.EnqueueAsync(OutboxMessage.Create("test-fanout", "fan:3", "test", new FanOutHandler.Payload([.. recipients, recipients[0]], Fail: false), rig.Clock.GetUtcNow()));
        while (await rig.Worker.RunOnceAsync() > 0) { }
        await using (var db = rig.Host.NewContext())
        {
            var mails = await db.Outbox.AsNoTracking().Where(m => m.Channel == OutboxChannels.Email).ToListAsync();
            Assert.Equal(recipients.Order(), mails.Select(m => m.Destination!).Order());
            Assert.All(mails, m => Assert.Equal(OutboxStatus.Sent, m.Status));
        }
        Assert.Equal(3, rig.Smtp.Messages.Count);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task TwoWorkers_OneDatabase_NeverBothDeliverOneMessage(DatabaseKind kind)
    {
        const int count = 300;
        await using var rig = await StartAsync(kind, new() { ["Delivery:BatchSize"] = "15", ["Delivery:Parallelism"] = "3", ["Delivery:WebhookTimeout"] = "00:00:20" });
        var hook = await rig.AddWebhookAsync();
        await using (var db = rig.Host.NewContext())
        {
            for (var i = 0; i < count; i++) db.Outbox.Add(Event(rig, hook, $"race:{i}"));
            await db.SaveChangesAsync();
        }
        var a = ActivatorUtilities.CreateInstance<OutboxWorker>(rig.Host.Services);
        var b = ActivatorUtilities.CreateInstance<OutboxWorker>(rig.Host.Services);
        Assert.NotEqual(a.NodeId, b.NodeId);
        var handled = await Task.WhenAll(DrainAsync(a), DrainAsync(b));

        Assert.Equal(count, handled.Sum());
        var keys = rig.Hooks.Received.Select(r => r.Header(WebhookChannel.IdempotencyHeader)).ToList();
        Assert.Equal(count, keys.Count);
        Assert.Equal(count, keys.Distinct().Count());
        await using var check = rig.Host.NewContext();
        Assert.Equal(count, await check.Outbox.CountAsync(m => m.Status == OutboxStatus.Sent && m.Attempts == 1));

        static async Task<int> DrainAsync(OutboxWorker worker)
        {
            var total = 0;
            for (var n = await worker.RunOnceAsync(); n > 0; n = await worker.RunOnceAsync()) total += n;
            return total;
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Purge_DeletesOnlySentMessagesPastRetention(DatabaseKind kind)
    {
        await using var rig = await StartAsync(kind, new() { ["Delivery:SentRetention"] = "1.00:00:00" });
        var old = await rig.EnqueueAsync(Mail(rig, "old@aozora.example.jp", "test:purge:old"));
        Assert.Equal(1, await rig.Worker.RunOnceAsync());
        await rig.Smtp.RefuseAsync();
        var stuck = await rig.EnqueueAsync(Mail(rig, "stuck@aozora.example.jp", "test:purge:stuck"));
        Assert.Equal(1, await rig.Worker.RunOnceAsync());
        await rig.Smtp.ListenAsync();

        // A day and a bit later: a new message is sent; the old one is past retention, the stuck one still pending.
        rig.Clock.Advance(TimeSpan.FromHours(25));
        var recent = await rig.EnqueueAsync(Mail(rig, "new@aozora.example.jp", "test:purge:new"));
        await rig.Worker.RunOnceAsync();
        Assert.Equal(OutboxStatus.Sent, (await rig.ReloadAsync(recent.Id)).Status);
        var pendingBefore = (await rig.ReloadAsync(stuck.Id)).Status;

        Assert.Equal(1, await rig.Worker.PurgeSentAsync());
        await using var db = rig.Host.NewContext();
        Assert.False(await db.Outbox.AnyAsync(m => m.Id == old.Id));
        Assert.True(await db.Outbox.AnyAsync(m => m.Id == recent.Id));
        Assert.Equal(pendingBefore, (await rig.ReloadAsync(stuck.Id)).Status);
        Assert.Equal(0, await rig.Worker.PurgeSentAsync());
    }
}
