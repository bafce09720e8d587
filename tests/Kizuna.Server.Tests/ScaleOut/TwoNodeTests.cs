using System.Diagnostics;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Hotline;
using Kizuna.Core.Leases;
using Kizuna.Server.Features.Hotline;
using Kizuna.TestKit;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using static Kizuna.Server.Tests.Hotline.HotlineApi;

namespace Kizuna.Server.Tests.ScaleOut;

/// <summary>
/// Scale-out for real (issue 5): two nodes over one PostgreSQL and one Redis. An alert sent on
/// node A reaches SignalR and SSE clients on node B through the backplane and the wake-up (never a
/// connection outside its audience), an acknowledgement on B reaches the sender's board on A,
/// escalation runs on both nodes at once and fires each level once, a node killed after a commit
/// loses nothing, and Redis down for a while delays the live push without losing it.
/// PostgreSQL only: SQLite is one node's database.
/// </summary>
public sealed class TwoNodeTests
{
    // Generous for a loaded machine, and still far below the 5-minute heartbeat: only the Redis path delivers this soon.
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Alert_SentOnNodeA_ReachesSignalRAndSseOnNodeB_NeverAnOutsider_AndTheAckOnB_ReachesTheBoardOnA()
    {
        await using var nodes = await TwoNodes.StartAsync();
        var (a, b) = (nodes.A, nodes.B);
        using var nisc = await a.ApiClientAsync(Nisc);
        await using var board = await TwoNodes.LiveAsync(a, Nisc);
        await using var bankLive = await TwoNodes.LiveAsync(b, BankReporter);
        await using var waterLive = await TwoNodes.LiveAsync(b, WaterViewer);
        using var bankRead = await b.ApiClientAsync(BankReporter, "read");
        using var waterRead = await b.ApiClientAsync(WaterViewer, "read");
        using var bankSse = await SseClient.ConnectAsync(bankRead);
        using var waterSse = await SseClient.ConnectAsync(waterRead);

        var canary = $"KZNODES-{Guid.NewGuid():N}";
        var clock = Stopwatch.StartNew();
        var secret = await SendAsync(nisc, Alert($"Bank only {canary}", "RED", ("organization", "HIKARI-BANK")));
        var got = await bankLive.WaitForAsync("alert", d => d.GetProperty("id").GetGuid() == IdOf(secret), Soon);
        Assert.Contains(canary, got.GetProperty("title").GetString());
        var streamed = await bankSse.NextEventAsync(Soon);
        Assert.Equal(SequenceOf(secret), streamed.Id);
        Assert.Contains(canary, streamed.Data.GetProperty("title").GetString());
        // Minutes before the heartbeat could have done it: the Redis wake-up did.
        Assert.True(clock.Elapsed < Soon, $"took {clock.Elapsed}");

        var marker = await SendAsync(nisc, Alert("For the water company", "AMBER", ("organization", "KIYORA-WATER")));
        await waterLive.WaitForAsync("alert", d => d.GetProperty("id").GetGuid() == IdOf(marker), Soon);
        // In sequence order: had the secret leaked to the water company's stream, it would have come first.
        var first = await waterSse.NextEventAsync(Soon);
        Assert.Equal(SequenceOf(marker), first.Id);
        Assert.DoesNotContain(canary, first.Raw);

        // The bank acknowledges on node B: the sender's board on node A hears of it.
        using var bankApi = await b.ApiClientAsync(BankReporter);
        (await bankApi.PostAsync($"/api/v1/hotline/alerts/{IdOf(secret)}/acknowledge", null)).EnsureSuccessStatusCode();
        var ack = await board.WaitForAsync("acknowledged", d => d.GetProperty("alertId").GetGuid() == IdOf(secret), Soon);
        Assert.Equal("HIKARI-BANK", ack.GetProperty("organizationCode").GetString());
        Assert.Equal(1, ack.GetProperty("acknowledged").GetInt32());

        // The leak hunt on the live channel across nodes: the TLP:RED canary reached nobody outside its audience.
        Assert.DoesNotContain(waterLive.All, m => m.Data.GetRawText().Contains(canary));
        Assert.DoesNotContain(board.All, m => m.Method == "alert");
        Assert.DoesNotContain(waterLive.All, m => m.Method == "acknowledged");
        Assert.DoesNotContain(bankLive.All, m => m.Method == "acknowledged");
        Assert.DoesNotContain(canary, await waterRead.GetStringAsync("/api/v1/hotline/stream?once=true&lastEventId=0"));
    }

    [Fact]
    public async Task Escalation_OnBothNodesAtOnce_FiresEachLevelOnce_AndALeaseLeftByAKilledNodeOnlyDelaysIt()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = new Dictionary<string, string>
        {
            ["Hotline:EscalatorEnabled"] = "false",
            ["Hotline:Escalation:cyber:T1"] = "00:15:00",
            ["Hotline:Escalation:cyber:T2"] = "00:30:00",
            ["Hotline:Escalation:cyber:T3"] = "01:00:00",
            // The mails stay in the outbox, where the test counts them.
            ["Delivery:WorkerEnabled"] = "false",
        };
        await using var nodes = await TwoNodes.StartAsync(settings, settings, configure: builder => builder.Services.AddSingleton<TimeProvider>(clock));
        var (a, b) = (nodes.A, nodes.B);
        using var nisc = await a.ApiClientAsync(Nisc);
        var id = IdOf(await SendAsync(nisc, Alert("Escalation on two nodes", "AMBER", ("organization", "HIKARI-BANK"), ("organization", "AKEBONO-POWER"))));
        var escalators = new[] { a, b }.Select(n => n.Services.GetRequiredService<HotlineEscalator>()).ToList();

        // Each level: both nodes' loops at the same moment (twice each), and each node once without the lease (as when Redis is unreachable).
        async Task RoundEverywhereAsync()
        {
            var leased = escalators.SelectMany(e => new[] { e, e }).Select(e => Task.Run(() => e.RunRoundAsync()));
            var unleased = escalators.Select(e => Task.Run(() => e.RunOnceAsync()));
            await Task.WhenAll(leased.Cast<Task>().Concat(unleased));
        }
        foreach (var minutes in new[] { 15, 15, 30 })
        {
            clock.Advance(TimeSpan.FromMinutes(minutes));
            await RoundEverywhereAsync();
        }

        await using (var db = a.NewContext())
        {
            var escalated = await db.AuditEntries.Where(e => e.Action == "hotline.escalated" && e.TargetId == id.ToString()).Select(e => e.Detail ?? "").ToListAsync();
            Assert.Equal(6, escalated.Count);
            foreach (var org in new[] { "HIKARI-BANK", "AKEBONO-POWER" })
                for (var level = 1; level <= 3; level++)
                    Assert.Single(escalated, s => s.StartsWith($"{org} to level {level}", StringComparison.Ordinal));
            Assert.All(await db.AlertAcknowledgements.Where(x => x.AlertId == id).ToListAsync(), x => Assert.Equal(3, x.EscalationLevel));
            var mails = await db.Outbox.Where(m => m.Topic == "hotline.escalated" && m.IdempotencyKey.StartsWith($"hotline:{id:N}:esc")).Select(m => m.Destination!).ToListAsync();
            Assert.Equal(mails.Distinct().Count(), mails.Count);
            Assert.Contains("soc@hikari-bank.example", mails);
            Assert.Contains("security@hikari-bank.example", mails);
        }

        // Node A dies holding the escalator's lease: node B's rounds wait until it lapses, then escalate a new alert once.
        var second = IdOf(await SendAsync(nisc, Alert("Escalation after a node died", "AMBER", ("organization", "HIKARI-BANK"))));
        var stranded = await a.Services.GetRequiredService<ILeaseProvider>().TryAcquireAsync(HotlineEscalator.LeaseName, TimeSpan.FromSeconds(2));
        Assert.NotNull(stranded);
        await a.DisposeAsync();
        clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(LeasedRun.HeldElsewhere, await escalators[1].RunRoundAsync());
        await using (var db = b.NewContext())
            Assert.Equal(0, await db.AlertAcknowledgements.Where(x => x.AlertId == second).Select(x => x.EscalationLevel).SingleAsync());
        var waited = Stopwatch.StartNew();
        while (await escalators[1].RunRoundAsync() != LeasedRun.Ran)
        {
            Assert.True(waited.Elapsed < Soon, "The lease of the dead node did not lapse.");
            await Task.Delay(100);
        }
        Assert.Equal(LeasedRun.Ran, await escalators[1].RunRoundAsync());
        await using (var db = b.NewContext())
        {
            Assert.Equal(1, await db.AlertAcknowledgements.Where(x => x.AlertId == second).Select(x => x.EscalationLevel).SingleAsync());
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "hotline.escalated" && e.TargetId == second.ToString()));
        }
    }

    [Fact]
    public async Task NodeKilled_RightAfterItsCommit_TheOtherNodeDeliversTheLivePush_AndNoAcknowledgementIsLost()
    {
        // Node A never delivers: neither its express lane nor its worker runs. Node B's worker polls every 200 ms.
        await using var nodes = await TwoNodes.StartAsync(a: new Dictionary<string, string> { ["Delivery:WorkerEnabled"] = "false" });
        var (a, b) = (nodes.A, nodes.B);
        await using var bankLive = await TwoNodes.LiveAsync(b, BankReporter);
        await using var board = await TwoNodes.LiveAsync(b, Nisc);
        using var nisc = await a.ApiClientAsync(Nisc);
        using var bankOnA = await a.ApiClientAsync(BankReporter);
        using var niscOnB = await b.ApiClientAsync(Nisc);

        var acknowledged = IdOf(await SendAsync(nisc, Alert("Acknowledged before the kill", "AMBER", ("organization", "HIKARI-BANK"))));
        (await bankOnA.PostAsync($"/api/v1/hotline/alerts/{acknowledged}/acknowledge", null)).EnsureSuccessStatusCode();
        var last = IdOf(await SendAsync(nisc, Alert("Sent just before the kill", "AMBER", ("organization", "HIKARI-BANK"))));
        await a.DisposeAsync();

        // Both alerts' pushes, in whichever order node B's worker took them.
        await WaitUntilAsync(() => new[] { last, acknowledged }.All(id => bankLive.All.Any(m => m.Method == "alert" && m.Data.GetProperty("id").GetGuid() == id)),
            "node B did not push the alerts node A committed");
        await board.WaitForAsync("acknowledged", d => d.GetProperty("alertId").GetGuid() == acknowledged, Soon);
        var row = BoardRow(await GetJsonAsync(niscOnB, $"/api/v1/hotline/alerts/{acknowledged}/board"), "HIKARI-BANK");
        Assert.NotNull(row["acknowledgedAt"]);
        await using var db = b.NewContext();
        var live = await db.Outbox.Where(m => m.Channel == HotlineLiveEvent.Channel).ToListAsync();
        Assert.Equal(3, live.Count);
        Assert.All(live, m => Assert.Equal(OutboxStatus.Sent, m.Status));
    }

    [Fact]
    public async Task RedisDownForAWhile_TheAlertIsSent_SseGetsItByHeartbeat_SignalRWhenRedisIsBack()
    {
        await using var redis = await RedisProcess.StartAsync();
        var heartbeat = new Dictionary<string, string> { ["Hotline:StreamHeartbeat"] = "00:00:01" };
        await using var nodes = await TwoNodes.StartAsync(heartbeat, heartbeat, redis: redis.Configuration);
        var (a, b) = (nodes.A, nodes.B);
        using var nisc = await a.ApiClientAsync(Nisc);
        await using var bankLive = await TwoNodes.LiveAsync(b, BankReporter);
        using var bankRead = await b.ApiClientAsync(BankReporter, "read");
        using var bankSse = await SseClient.ConnectAsync(bankRead);

        await redis.StopAsync();
        var multiplexers = new[] { a, b }.Select(n => n.Services.GetRequiredService<IConnectionMultiplexer>()).ToList();
        await WaitUntilAsync(() => multiplexers.All(m => !m.IsConnected), "the nodes did not notice Redis going down");

        // What the backplane itself does with a group send while Redis is down (why the live handler looks first):
        // the Redis client holds it in its backlog until its timeout, then fails it. It never drops it silently.
        var hub = b.Services.GetRequiredService<IHubContext<HotlineHub>>();
        await Assert.ThrowsAnyAsync<Exception>(() => hub.Clients.Group(HotlineHub.OrganizationGroup(Guid.NewGuid())).SendAsync(HotlineHub.AlertMethod, "probe"));

        // The API does not depend on Redis; the live push waits in the outbox, postponed, no attempt counted.
        var id = IdOf(await SendAsync(nisc, Alert("While Redis is down", "AMBER", ("organization", "HIKARI-BANK"))));
        await using (var db = a.NewContext())
        {
            await WaitUntilAsync(() => db.Outbox.AsNoTracking().AnyAsync(m => m.IdempotencyKey == $"hotline:{id:N}:live" && m.LastError != null),
                "the live push was not tried");
            var pending = await db.Outbox.AsNoTracking().SingleAsync(m => m.IdempotencyKey == $"hotline:{id:N}:live");
            Assert.Equal(OutboxStatus.Pending, pending.Status);
            Assert.Equal(0, pending.Attempts);
            Assert.Contains("Redis", pending.LastError);
        }
        // SSE clients re-read on their heartbeat meanwhile.
        Assert.Equal(id, (await bankSse.NextEventAsync(Soon)).Data.GetProperty("id").GetGuid());
        Assert.DoesNotContain(bankLive.All, m => m.Method == "alert");

        await redis.StartAgainAsync();
        await bankLive.WaitForAsync("alert", d => d.GetProperty("id").GetGuid() == id, TimeSpan.FromSeconds(20));
        await using (var db = a.NewContext())
        {
            // The outcome is saved just after the push.
            await WaitUntilAsync(() => db.Outbox.AsNoTracking().AnyAsync(m => m.IdempotencyKey == $"hotline:{id:N}:live" && m.Status == OutboxStatus.Sent),
                "the live push was not marked sent");
            Assert.Equal(1, (await db.Outbox.AsNoTracking().SingleAsync(m => m.IdempotencyKey == $"hotline:{id:N}:live")).Attempts);
        }
        // And the cross-node wake-up works again: a new alert reaches B's stream at once, not by heartbeat alone.
        var after = IdOf(await SendAsync(nisc, Alert("After Redis came back", "AMBER", ("organization", "HIKARI-BANK"))));
        await bankLive.WaitForAsync("alert", d => d.GetProperty("id").GetGuid() == after, Soon);
        Assert.Equal(after, (await bankSse.NextEventAsync(Soon)).Data.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task BadRedisSettings_StopTheNodeAtStartUp()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => KizunaTestServer.StartAsync(DatabaseKind.Sqlite, demo: false,
            settings: new Dictionary<string, string> { ["Redis:Configuration"] = "127.0.0.1:6379,nosuchoption=1", ["Redis:ChannelPrefix"] = "bad prefix" }));
        Assert.Contains("Redis:Configuration is not a valid", e.Message);
        Assert.Contains("Redis:ChannelPrefix", e.Message);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < Soon, failure);
            await Task.Delay(50);
        }
    }

    private static Task WaitUntilAsync(Func<bool> condition, string failure) => WaitUntilAsync(() => Task.FromResult(condition()), failure);
}
