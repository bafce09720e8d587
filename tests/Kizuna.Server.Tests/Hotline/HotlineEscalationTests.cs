using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Hotline;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Kizuna.Server.Tests.Hotline.HotlineApi;

namespace Kizuna.Server.Tests.Hotline;

/// <summary>
/// Escalation on a fake clock: T1 mails the primary contacts, T2 the backup contacts, T3 flags the
/// organisation on the board; exactly once per level, never after acknowledgement, and once even
/// when two escalators run at the same moment. The background loop is off; each round is run here.
/// </summary>
public sealed class HotlineEscalationTests
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Hotline:EscalatorEnabled"] = "false",
        ["Hotline:Escalation:cyber:T1"] = "00:15:00",
        ["Hotline:Escalation:cyber:T2"] = "00:30:00",
        ["Hotline:Escalation:cyber:T3"] = "01:00:00",
        // The outbox worker stays idle: the test reads the outbox rows, which are the mails.
        ["Delivery:WorkerEnabled"] = "false",
    };

    private static async Task<(KizunaTestServer Server, FakeTimeProvider Clock)> StartAsync(DatabaseKind kind)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var server = await KizunaTestServer.StartAsync(kind, settings: Settings, configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        return (server, clock);
    }

    private static async Task<List<string>> EscalationMailsAsync(KizunaTestServer server, Guid alertId)
    {
        await using var db = server.NewContext();
        return await db.Outbox.Where(m => m.Topic == "hotline.escalated" && m.IdempotencyKey.StartsWith($"hotline:{alertId:N}:esc"))
            .OrderBy(m => m.Destination).Select(m => m.Destination!).ToListAsync();
    }

    private static Task<int> RunAsync(KizunaTestServer server) => server.Services.GetRequiredService<HotlineEscalator>().RunOnceAsync();

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Escalate_ThroughT1T2T3_MailsEachLevelOnceAndStopsWhenAcknowledged(DatabaseKind kind)
    {
        var (server, clock) = await StartAsync(kind);
        await using var _ = server;
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = IdOf(await SendAsync(nisc, Alert("Escalation", "AMBER", ("organization", "HIKARI-BANK"), ("organization", "AKEBONO-POWER"))));

        clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(0, await RunAsync(server));
        Assert.Empty(await EscalationMailsAsync(server, id));

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, await RunAsync(server));
        Assert.Equal(["soc@akebono-power.example", "soc@hikari-bank.example"], await EscalationMailsAsync(server, id));
        Assert.Equal(0, await RunAsync(server));

        // The power company acknowledges: it is escalated no further.
        using var power = await server.ApiClientAsync(PowerReporter);
        (await power.PostAsync($"/api/v1/hotline/alerts/{id}/acknowledge", null)).EnsureSuccessStatusCode();

        clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(1, await RunAsync(server));
        Assert.Equal(["security@hikari-bank.example", "soc@akebono-power.example", "soc@hikari-bank.example"], await EscalationMailsAsync(server, id));

        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, await RunAsync(server));
        clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(0, await RunAsync(server));
        Assert.Equal(3, (await EscalationMailsAsync(server, id)).Count);

        var board = await GetJsonAsync(nisc, $"/api/v1/hotline/alerts/{id}/board");
        var bank = BoardRow(board, "HIKARI-BANK");
        Assert.Equal(3, bank["escalationLevel"]!.GetValue<int>());
        Assert.True(bank["flagged"]!.GetValue<bool>());
        Assert.NotNull(bank["level1At"]);
        Assert.NotNull(bank["level2At"]);
        Assert.NotNull(bank["level3At"]);
        var powerRow = BoardRow(board, "AKEBONO-POWER");
        Assert.Equal(1, powerRow["escalationLevel"]!.GetValue<int>());
        Assert.False(powerRow["flagged"]!.GetValue<bool>());
        Assert.Equal(1, board["flagged"]!.GetValue<int>());

        // Escalation mails carry an acknowledgement link too; it works for a contact address (no user).
        await using var db = server.NewContext();
        var backup = await db.Outbox.SingleAsync(m => m.Destination == "security@hikari-bank.example" && m.Topic == "hotline.escalated");
        Assert.Contains("/hotline/ack/", backup.Payload);
        Assert.Contains("未確認・再送", backup.Payload);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Escalate_TwoEscalatorsAtOnce_EscalateOnce(DatabaseKind kind)
    {
        var (server, clock) = await StartAsync(kind);
        await using var _ = server;
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = IdOf(await SendAsync(nisc, Alert("Race", "AMBER", ("organization", "HIKARI-BANK"))));
        clock.Advance(TimeSpan.FromMinutes(31));

        var escalator = server.Services.GetRequiredService<HotlineEscalator>();
        var steps = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => escalator.RunOnceAsync())));

        Assert.Equal(2, steps.Sum());
        Assert.Equal(["security@hikari-bank.example", "soc@hikari-bank.example"], await EscalationMailsAsync(server, id));
        await using var db = server.NewContext();
        Assert.Equal(2, (await db.AlertAcknowledgements.SingleAsync(a => a.AlertId == id)).EscalationLevel);
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "hotline.escalated" && e.TargetId == id.ToString()));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Escalate_DirectUrgentReport_MailsTheRecipientsContactsAndFlagsThemOnTheOperatorsBoard(DatabaseKind kind)
    {
        var (server, clock) = await StartAsync(kind);
        await using var _ = server;
        // The coordinator gets a duty contact; the finance ministry has none (its steps are taken, with no mail).
        await using (var db = server.NewContext())
        {
            var nisc = await db.Organizations.SingleAsync(o => o.Code == "NISC");
            nisc.SetContacts([new Contact { Name = "NISC duty officer", Role = "primary", Email = "duty@nisc.example" },
                new Contact { Name = "NISC backup", Role = "backup", Email = "backup@nisc.example" }], clock.GetUtcNow());
            await db.SaveChangesAsync();
        }
        using var bank = await server.ApiClientAsync(BankReporter);
        var id = IdOf(await HotlineUrgentReportTests.RaiseAsync(bank, HotlineUrgentReportTests.Report("Escalated direct report")));

        clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(2, await RunAsync(server));
        Assert.Equal(["duty@nisc.example"], await EscalationMailsAsync(server, id));
        // The finance ministry acknowledges; the coordinator does not.
        using var fsa = await server.ApiClientAsync(Fsa);
        (await fsa.PostAsync($"/api/v1/hotline/alerts/{id}/acknowledge", null)).EnsureSuccessStatusCode();
        clock.Advance(TimeSpan.FromMinutes(45));
        Assert.Equal(2, await RunAsync(server));
        Assert.Equal(["backup@nisc.example", "duty@nisc.example"], await EscalationMailsAsync(server, id));

        var board = await GetJsonAsync(bank, $"/api/v1/hotline/alerts/{id}/board");
        Assert.True(BoardRow(board, "NISC")["flagged"]!.GetValue<bool>());
        Assert.Equal(3, BoardRow(board, "NISC")["escalationLevel"]!.GetValue<int>());
        Assert.False(BoardRow(board, "FSA")["flagged"]!.GetValue<bool>());
        Assert.Equal(1, board["flagged"]!.GetValue<int>());
        await using var check = server.NewContext();
        var mail = await check.Outbox.SingleAsync(m => m.Destination == "duty@nisc.example" && m.Topic == "hotline.escalated");
        Assert.Contains("NISC直通", mail.Payload);
    }
}
