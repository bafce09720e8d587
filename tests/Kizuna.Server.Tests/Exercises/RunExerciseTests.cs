using System.Net;
using System.Net.Http.Json;
using Kizuna.Core.Features.Crisis;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Provision;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kizuna.Server.Tests.Exercises.RunApi;

namespace Kizuna.Server.Tests.Exercises;

/// <summary>
/// Running an exercise end to end on a fake clock: every inject kind goes out through the real use
/// case, marked as exercise data, to the active participants only, exactly once, on time; removed
/// participants are skipped; late starts need an explicit choice; two runners never send twice.
/// </summary>
public sealed class RunExerciseTests(RunFixture fixture) : IClassFixture<RunFixture>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Run_EveryInjectKindAt60x_SendsEachOnceThroughTheUseCasesToParticipantsOnly(DatabaseKind kind)
    {
        var (server, clock) = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await CreateAsync(nisc, "Cross-sector exercise");
        await AddParticipantAsync(nisc, id, "HIKARI-BANK");
        await AddParticipantAsync(nisc, id, "AKEBONO-POWER");
        await AddParticipantAsync(nisc, id, "FSA");
        await AddInjectAsync(nisc, id, Inject(0, "alert", "Simulated alert", expectations: [new { kind = "acknowledge", withinMinutes = 30 }]));
        await AddInjectAsync(nisc, id, Inject(1, "message", "Scenario message", [Org("HIKARI-BANK")]));
        await AddInjectAsync(nisc, id, Inject(2, "crisis-declaration", "Large-scale outage"));
        await AddInjectAsync(nisc, id, Inject(3, "status-request", "Report your status"));
        await AddInjectAsync(nisc, id, Inject(4, "advisory", "Patch now"));
        await AddInjectAsync(nisc, id, Inject(5, "liaison-report", "Suspicious logins at the bank", [Org("HIKARI-BANK")]));
        var started = await StartAsync(nisc, id);
        Assert.Equal("running", started["status"]!.GetValue<string>());

        var runner = Runner(server);
        Assert.Equal(1, (await runner.RunOnceAsync()).Sent);
        Assert.Equal(0, (await runner.RunOnceAsync()).Sent);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await runner.RunOnceAsync()).Sent);
        clock.Advance(TimeSpan.FromSeconds(5));
        var round = await runner.RunOnceAsync();

        await using var db = server.NewContext();
        var injects = await db.ExerciseInjects.Where(i => i.ExerciseId == id).OrderBy(i => i.Number).ToListAsync();
        Assert.True(injects.All(i => i.Status == InjectStates.Sent), string.Join("; ", injects.Select(i => $"#{i.Number} {i.Status} {i.Note}")));
        Assert.Equal(4, round.Sent);
        Assert.Equal(["alert", "notice", "crisis", "crisis", "advisory", "report"], injects.Select(i => i.ItemKind));

        var orgs = await db.Organizations.ToDictionaryAsync(o => o.Code, o => o.Id);
        // The alert: one acknowledgement per player other than the sender, nobody else.
        var alert = await db.HotlineAlerts.SingleAsync(a => a.ExerciseId == id);
        Assert.Equal(injects[0].ItemId, alert.Id);
        Assert.Equal(new[] { orgs["AKEBONO-POWER"], orgs["FSA"], orgs["HIKARI-BANK"] }.Order(),
            (await db.AlertAcknowledgements.Where(a => a.AlertId == alert.Id).Select(a => a.OrganizationId).ToListAsync()).Order());
        Assert.Equal(injects[1].ItemId, (await db.Notices.SingleAsync(n => n.ExerciseId == id)).Id);
        // The crisis asks the participant operators only: not HOSHIZORA-LIFE, a finance operator outside the exercise.
        var crisis = await db.CrisisDeclarations.SingleAsync(c => c.ExerciseId == id);
        Assert.Equal(injects[2].ItemId, crisis.Id);
        Assert.Equal(new[] { orgs["AKEBONO-POWER"], orgs["HIKARI-BANK"] }.Order(),
            (await db.CrisisRecipients.Where(r => r.CrisisId == crisis.Id).Select(r => r.OrganizationId).ToListAsync()).Order());
        Assert.Equal(1, await db.CrisisReminders.CountAsync(r => r.CrisisId == crisis.Id));
        var advisory = await db.Advisories.SingleAsync(a => a.ExerciseId == id);
        Assert.Equal(AdvisoryStatus.Published, advisory.Status);
        var report = await db.Reports.SingleAsync(r => r.ExerciseId == id);
        Assert.Equal(orgs["HIKARI-BANK"], report.ReporterOrganizationId);
        Assert.False(report.IsDraft);
        // Who received what is recorded once per inject and organisation.
        Assert.Equal(3 + 1 + 3 + 3 + 3 + 1, await db.ExerciseInjectRecipients.CountAsync(r => r.ExerciseId == id));

        // The timeline: due and sent times, lateness on the fake clock (sent in the round at +6 s).
        var timeline = await OkAsync(await nisc.GetAsync($"/api/v1/exercises/{id}/injects/timeline"));
        var lateness = timeline["injects"]!.AsArray().Select(i => i!["latenessSeconds"]!.GetValue<double>()).ToList();
        Assert.Equal([0, 0, 4, 3, 2, 1], lateness);
        Assert.Equal(4, timeline["maxLatenessSeconds"]!.GetValue<double>());

        // Players see what reached them, without audience or expectations; the power company not the bank's message.
        using var bank = await server.ApiClientAsync(BankReporter);
        using var power = await server.ApiClientAsync(PowerReporter);
        var bankSees = await ArrayAsync(bank, $"/api/v1/exercises/{id}/injects");
        Assert.Equal([1, 2, 3, 4, 5, 6], bankSees.Select(i => i!["number"]!.GetValue<int>()));
        Assert.All(bankSees, i => Assert.Null(i!["audience"]));
        Assert.Equal("Suspicious logins at the bank", bankSees[5]!["title"]!.GetValue<string>());
        Assert.Equal([1, 3, 4, 5], (await ArrayAsync(power, $"/api/v1/exercises/{id}/injects")).Select(i => i!["number"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.Forbidden, (await power.GetAsync($"/api/v1/exercises/{id}/participants")).StatusCode);
        Assert.Contains(id.ToString(), await power.GetStringAsync("/api/v1/exercises"));
        // Not a participant: the exercise does not exist.
        using var water = await server.ApiClientAsync(WaterViewer);
        await Problems.AssertAsync(await water.GetAsync($"/api/v1/exercises/{id}"), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await water.GetAsync($"/api/v1/exercises/{id}/injects/timeline"), HttpStatusCode.NotFound);
        Assert.DoesNotContain(id.ToString(), await water.GetStringAsync("/api/v1/exercises"));

        // Everything sent; the alert's 30 scenario minutes of expected acknowledgement are 30 s at 60×: then it completes by itself.
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(0, (await runner.RunOnceAsync()).Completed);
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(1, (await runner.RunOnceAsync()).Completed);
        Assert.Equal("completed", (await OkAsync(await nisc.GetAsync($"/api/v1/exercises/{id}")))["status"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Runners_TwoAtOnceAndOneRestartedMidRun_NeverSendAnInjectTwice(DatabaseKind kind)
    {
        var (server, clock) = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await CreateAsync(nisc, "Exactly once");
        await AddParticipantAsync(nisc, id, "HIKARI-BANK");
        await AddParticipantAsync(nisc, id, "AKEBONO-POWER");
        foreach (var offset in new[] { 0, 0, 0, 1, 2, 3 })
            await AddInjectAsync(nisc, id, Inject(offset, "message", $"Message at {offset}"));
        await StartAsync(nisc, id);

        var first = Runner(server);
        var second = ActivatorUtilities.CreateInstance<ExerciseRunner>(server.Services);
        await using (var db = server.NewContext())
        {
            var due = await db.ExerciseInjects.Where(i => i.ExerciseId == id && i.Number <= 3).Select(i => i.Id).ToListAsync();
            // Two runners' rounds and direct sends of the same injects, all at once.
            await Task.WhenAll([first.RunOnceAsync(), second.RunOnceAsync(), .. due.Select(d => first.SendAsync(d)), .. due.Select(d => second.SendAsync(d))]);
        }
        // The second runner "restarts": a new instance picks up on schedule from the database.
        var restarted = ActivatorUtilities.CreateInstance<ExerciseRunner>(server.Services);
        clock.Advance(TimeSpan.FromSeconds(2));
        await Task.WhenAll(first.RunOnceAsync(), restarted.RunOnceAsync());
        clock.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(first.RunOnceAsync(), restarted.RunOnceAsync(), restarted.RunOnceAsync());

        await using (var db = server.NewContext())
        {
            var injects = await db.ExerciseInjects.Where(i => i.ExerciseId == id).ToListAsync();
            Assert.All(injects, i => Assert.Equal(InjectStates.Sent, i.Status));
            var notices = await db.Notices.Where(n => n.ExerciseId == id).Select(n => n.Id).ToListAsync();
            Assert.Equal(6, notices.Count);
            Assert.Equal(notices.Order(), injects.Select(i => i.ItemId!.Value).Order());
            Assert.Equal(12, await db.ExerciseInjectRecipients.CountAsync(r => r.ExerciseId == id));
            Assert.Equal(6, await db.AuditEntries.CountAsync(e => e.Action == "exercise.inject-sent" && e.TargetId == id.ToString()));
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task RemoveParticipant_MidExercise_PendingInjectsSkipItAndNothingSentIsLost(DatabaseKind kind)
    {
        var (server, clock) = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await CreateAsync(nisc, "Removal");
        await AddParticipantAsync(nisc, id, "HIKARI-BANK");
        await AddParticipantAsync(nisc, id, "AKEBONO-POWER");
        await AddInjectAsync(nisc, id, Inject(0, "message", "To all players"));
        await AddInjectAsync(nisc, id, Inject(1, "message", "To all players again"));
        await AddInjectAsync(nisc, id, Inject(2, "alert", "Only the power company", [Org("AKEBONO-POWER")]));
        await StartAsync(nisc, id);
        var runner = Runner(server);
        Assert.Equal(1, (await runner.RunOnceAsync()).Sent);

        Assert.Equal(HttpStatusCode.NoContent, (await nisc.DeleteAsync($"/api/v1/exercises/{id}/participants/AKEBONO-POWER")).StatusCode);
        clock.Advance(TimeSpan.FromSeconds(2));
        var round = await runner.RunOnceAsync();
        Assert.Equal((1, 1), (round.Sent, round.Skipped));

        await using var db = server.NewContext();
        var power = await db.Organizations.Where(o => o.Code == "AKEBONO-POWER").Select(o => o.Id).SingleAsync();
        var injects = await db.ExerciseInjects.Where(i => i.ExerciseId == id).OrderBy(i => i.Number).ToListAsync();
        Assert.Equal([InjectStates.Sent, InjectStates.Sent, InjectStates.Skipped], injects.Select(i => i.Status));
        Assert.Contains("No active participant", injects[2].Note);
        Assert.Equal(0, await db.HotlineAlerts.CountAsync(a => a.ExerciseId == id));
        Assert.True(await db.ExerciseInjectRecipients.AnyAsync(r => r.InjectId == injects[0].Id && r.OrganizationId == power));
        Assert.False(await db.ExerciseInjectRecipients.AnyAsync(r => r.InjectId == injects[1].Id && r.OrganizationId == power));
        Assert.NotNull((await db.ExerciseParticipants.SingleAsync(p => p.ExerciseId == id && p.OrganizationId == power)).RemovedAt);

        // The removed participant keeps seeing what reached it; the controller sees the removal and the skip's reason.
        using var powerClient = await server.ApiClientAsync(PowerReporter);
        Assert.Equal([1], (await ArrayAsync(powerClient, $"/api/v1/exercises/{id}/injects")).Select(i => i!["number"]!.GetValue<int>()));
        var participants = await ArrayAsync(nisc, $"/api/v1/exercises/{id}/participants");
        Assert.NotNull(participants.Single(p => p!["organizationCode"]!.GetValue<string>() == "AKEBONO-POWER")!["removedAt"]);
        Assert.Contains("No active participant", (await ArrayAsync(nisc, $"/api/v1/exercises/{id}/injects"))[2]!["note"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Start_AfterTheScheduledStart_RefusesListingLateInjectsUntilSendNowOrSkip(DatabaseKind kind)
    {
        var (server, clock) = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var start = clock.GetUtcNow().AddMinutes(10);
        var skip = await CreateAsync(nisc, "Late, skip", speed: 1, scheduledStartAt: start);
        var sendNow = await CreateAsync(nisc, "Late, send now", speed: 1, scheduledStartAt: start);
        foreach (var id in new[] { skip, sendNow })
        {
            await AddParticipantAsync(nisc, id, "HIKARI-BANK");
            await AddInjectAsync(nisc, id, Inject(0, "message", "At the start"));
            await AddInjectAsync(nisc, id, Inject(30, "message", "Half an hour in"));
        }
        clock.Advance(TimeSpan.FromMinutes(15));

        // Authoring now names the inject that would already be past.
        await Problems.AssertAsync(await nisc.PostAsJsonAsync($"/api/v1/exercises/{skip}/injects", Inject(1, "message", "Too early")), HttpStatusCode.BadRequest, "already past");
        // Starting without a choice: 409 listing the late inject, nothing changes.
        await Problems.AssertAsync(await nisc.PostAsJsonAsync($"/api/v1/exercises/{skip}/start", new { }), HttpStatusCode.Conflict, "#1 At the start");
        await Problems.AssertAsync(await nisc.PostAsJsonAsync($"/api/v1/exercises/{skip}/start", new { late = "later" }), HttpStatusCode.BadRequest);
        Assert.Equal("draft", (await OkAsync(await nisc.GetAsync($"/api/v1/exercises/{skip}")))["status"]!.GetValue<string>());

        await StartAsync(nisc, skip, "skip");
        await StartAsync(nisc, sendNow, "send-now");
        Assert.Equal(1, (await Runner(server).RunOnceAsync()).Sent);
        await using var db = server.NewContext();
        var skipped = await db.ExerciseInjects.Where(i => i.ExerciseId == skip).OrderBy(i => i.Number).ToListAsync();
        Assert.Equal([InjectStates.Skipped, InjectStates.Pending], skipped.Select(i => i.Status));
        Assert.Contains("before the exercise started", skipped[0].Note);
        // The scenario keeps its planned clock: the second inject is still due 30 minutes after the scheduled start.
        AssertNear(start.AddMinutes(30), skipped[1].DueAt);
        var sent = await db.ExerciseInjects.Where(i => i.ExerciseId == sendNow).OrderBy(i => i.Number).ToListAsync();
        Assert.Equal([InjectStates.Sent, InjectStates.Pending], sent.Select(i => i.Status));
        AssertNear(start.AddMinutes(30), sent[1].DueAt);

        // Cancelling skips what is pending and keeps what was sent.
        await OkAsync(await nisc.PostAsync($"/api/v1/exercises/{sendNow}/cancel", null));
        await using var after = server.NewContext();
        Assert.Equal([InjectStates.Sent, InjectStates.Skipped], await after.ExerciseInjects.Where(i => i.ExerciseId == sendNow).OrderBy(i => i.Number).Select(i => i.Status).ToListAsync());
        Assert.Equal(1, await after.Notices.CountAsync(n => n.ExerciseId == sendNow));
        await Problems.AssertAsync(await nisc.PostAsync($"/api/v1/exercises/{sendNow}/start", null), HttpStatusCode.Conflict);
        await Problems.AssertAsync(await nisc.DeleteAsync($"/api/v1/exercises/{sendNow}"), HttpStatusCode.Conflict);
    }

    /// <summary>PostgreSQL keeps microseconds: equal within a millisecond.</summary>
    private static void AssertNear(DateTimeOffset expected, DateTimeOffset? actual)
        => Assert.True(actual is { } a && Math.Abs((a - expected).TotalMilliseconds) < 1, $"Expected {expected:O}, got {actual:O}.");
}
