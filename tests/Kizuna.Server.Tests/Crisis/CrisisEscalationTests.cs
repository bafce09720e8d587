using System.Net;
using Kizuna.Core.Features.Crisis;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Kizuna.Server.Tests.Crisis.CrisisApi;

namespace Kizuna.Server.Tests.Crisis;

/// <summary>
/// Escalation of unanswered status requests on a fake clock: T1 mails the operator's primary
/// contacts, T2 its backup contacts, T3 flags it on the crisis board; exactly once per level, never
/// after the operator answers or the crisis is stood down, and once even when two escalators run at
/// the same moment. The background loop is off; each round is run here. The crises are limited to
/// Tokyo (JP-13), where two finance operators are registered: HIKARI-BANK and HOSHIZORA-LIFE.
/// </summary>
public sealed class CrisisEscalationTests
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Crisis:EscalatorEnabled"] = "false",
        ["Crisis:Escalation:T1"] = "00:30:00",
        ["Crisis:Escalation:T2"] = "02:00:00",
        ["Crisis:Escalation:T3"] = "04:00:00",
        // The outbox worker stays idle: the test reads the outbox rows, which are the mails.
        ["Delivery:WorkerEnabled"] = "false",
    };

    private static async Task<(KizunaTestServer Server, FakeTimeProvider Clock)> StartAsync(DatabaseKind kind)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var server = await KizunaTestServer.StartAsync(kind, settings: Settings, configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        return (server, clock);
    }

    private static Task<int> RunAsync(KizunaTestServer server) => server.Services.GetRequiredService<CrisisEscalator>().RunOnceAsync();

    private static async Task<List<string>> EscalationMailsAsync(KizunaTestServer server, Guid crisisId)
    {
        await using var db = server.NewContext();
        return await db.Outbox.Where(m => m.Topic == "crisis.escalated" && m.IdempotencyKey.StartsWith($"crisis:{crisisId:N}:esc"))
            .OrderBy(m => m.Destination).Select(m => m.Destination!).ToListAsync();
    }

    /// <summary>The board's live pushes queued by escalation steps (one per step taken).</summary>
    private static async Task<int> LiveStepsAsync(KizunaTestServer server, Guid crisisId)
    {
        await using var db = server.NewContext();
        return await db.Outbox.CountAsync(m => m.Channel == CrisisLiveEvent.Channel && m.IdempotencyKey.StartsWith($"crisis:{crisisId:N}:live:step:"));
    }

    private static async Task<int> AuditedStepsAsync(KizunaTestServer server, Guid crisisId)
    {
        await using var db = server.NewContext();
        return await db.AuditEntries.CountAsync(e => e.Action == "crisis.escalated" && e.TargetId == crisisId.ToString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Escalate_ThroughT1T2T3_MailsEachLevelOnceAndStopsWhenAnswered(DatabaseKind kind)
    {
        var (server, clock) = await StartAsync(kind);
        await using var _ = server;
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await DeclareAsync(nisc, Declaration("cyber", ["finance"], ["JP-13"]));

        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, await RunAsync(server));
        Assert.Empty(await EscalationMailsAsync(server, id));

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, await RunAsync(server));
        Assert.Equal(["soc@hikari-bank.example", "soc@hoshizora-life.example"], await EscalationMailsAsync(server, id));
        Assert.Equal(0, await RunAsync(server));

        // The bank answers: it is escalated no further.
        using var bank = await server.ApiClientAsync(BankReporter);
        await AnswerAsync(bank, id, Answer(("finance-banking", "degraded", null)));

        clock.Advance(TimeSpan.FromMinutes(90));
        Assert.Equal(1, await RunAsync(server));
        Assert.Equal(["security@hoshizora-life.example", "soc@hikari-bank.example", "soc@hoshizora-life.example"], await EscalationMailsAsync(server, id));
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await RunAsync(server));
        clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(0, await RunAsync(server));
        Assert.Equal(3, (await EscalationMailsAsync(server, id)).Count);
        Assert.Equal(4, await AuditedStepsAsync(server, id));
        Assert.Equal(4, await LiveStepsAsync(server, id));

        var board = await GetJsonAsync(nisc, $"/api/v1/crises/{id}/board");
        Assert.Equal(["HOSHIZORA-LIFE"], NonResponders(board));
        var life = board["nonResponders"]!.AsArray().Single()!;
        Assert.Equal(3, life["escalationLevel"]!.GetValue<int>());
        Assert.True(life["flagged"]!.GetValue<bool>());
        Assert.NotNull(life["level1At"]);
        Assert.NotNull(life["level2At"]);
        Assert.NotNull(life["level3At"]);
        Assert.Equal(1, board["flagged"]!.GetValue<int>());
        await using (var db = server.NewContext())
        {
            var bankRow = await db.CrisisRecipients.SingleAsync(r => r.CrisisId == id && db.Organizations.Any(o => o.Id == r.OrganizationId && o.Code == "HIKARI-BANK"));
            Assert.Equal(1, bankRow.EscalationLevel);
            // The mails carry the crisis link and say why they come.
            var backup = await db.Outbox.SingleAsync(m => m.Destination == "security@hoshizora-life.example" && m.Topic == "crisis.escalated");
            Assert.True(backup.Urgent);
            Assert.Contains($"/crises/{id}", backup.Payload);
            Assert.Contains("未回答・エスカレーション", backup.Payload);
        }

        // The page shows the level and the flag.
        using var page = await server.SignInAsync(Nisc);
        var html = await page.GetStringAsync($"/crises/{id}");
        Assert.Contains("data-code=\"HOSHIZORA-LIFE\" data-level=\"3\" class=\"flagged\"", html);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Escalate_TwoEscalatorsAtOnce_TakeEachStepOnce(DatabaseKind kind)
    {
        var (server, clock) = await StartAsync(kind);
        await using var _ = server;
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await DeclareAsync(nisc, Declaration("disaster", ["finance"], ["JP-13"]));
        clock.Advance(TimeSpan.FromMinutes(121));

        var escalator = server.Services.GetRequiredService<CrisisEscalator>();
        var steps = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => escalator.RunOnceAsync())));

        Assert.Equal(4, steps.Sum());
        Assert.Equal(["security@hikari-bank.example", "security@hoshizora-life.example", "soc@hikari-bank.example", "soc@hoshizora-life.example"],
            await EscalationMailsAsync(server, id));
        await using var db = server.NewContext();
        Assert.All(await db.CrisisRecipients.Where(r => r.CrisisId == id).ToListAsync(), r => Assert.Equal(2, r.EscalationLevel));
        Assert.Equal(4, await AuditedStepsAsync(server, id));
        Assert.Equal(4, await LiveStepsAsync(server, id));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Escalate_AfterStandDown_TakesNoMoreSteps(DatabaseKind kind)
    {
        var (server, clock) = await StartAsync(kind);
        await using var _ = server;
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await DeclareAsync(nisc, Declaration("unknown", ["finance"], ["JP-13"]));
        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(2, await RunAsync(server));

        Assert.Equal(HttpStatusCode.OK, (await nisc.PostAsync($"/api/v1/crises/{id}/stand-down", null)).StatusCode);
        clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(0, await RunAsync(server));
        Assert.Equal(2, (await EscalationMailsAsync(server, id)).Count);
        Assert.Equal(2, await AuditedStepsAsync(server, id));
    }
}
