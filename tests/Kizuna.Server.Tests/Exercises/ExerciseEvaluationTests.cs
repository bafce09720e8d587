using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Crisis;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Hotline;
using Kizuna.Core.Features.Provision;
using Kizuna.Server.Tests.Support;
using Kizuna.Stix;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Server.Tests.Exercises;

/// <summary>
/// The evaluation of an exercise from the records its injects created: exact response times in
/// scenario minutes (speed 2), met/missed/pending/removed, the removed participant, the access rule
/// (controller, observer, player, outsider), an anonymous reporter never attributed, the board and
/// report pages, the PDF, and the participation statistics in the annual figures.
/// </summary>
public sealed class ExerciseEvaluationTests(ExerciseDataFixture fixture) : IClassFixture<ExerciseDataFixture>
{
    private static string Nisc => DemoUsers.All.First(u => u.Org == "NISC" && !u.PlatformAdmin).Email;
    private const string Title = "Cross-sector exercise evaluation test";

    private sealed record Seeded(Guid ExerciseId, Guid AlertInject, Guid AdvisoryInject, Guid CrisisInject, Guid ReportInject);

    /// <summary>
    /// Builds a running exercise (speed 2, started two hours ago) run by NISC: players HIKARI-BANK (5 people),
    /// AKEBONO-POWER (3), SEC-FIN-BANK (2) and KIYORA-WATER (4, removed 20 minutes after the start), FSA as
    /// controller (2) and MIC as observer (1); injects: an alert to every player (acknowledge within 60),
    /// an advisory to finance (acknowledge within 30; SEC-FIN-BANK relays within 20), a status request to
    /// finance (answer within 60), a message to every player (report within 40000) and one not yet sent.
    /// </summary>
    private static async Task<Seeded> SeedAsync(KizunaTestServer server, DateTimeOffset now)
    {
        await using var db = server.NewContext();
        var orgs = await db.Organizations.Where(o => new[] { "NISC", "HIKARI-BANK", "AKEBONO-POWER", "SEC-FIN-BANK", "KIYORA-WATER", "FSA", "MIC" }.Contains(o.Code))
            .ToDictionaryAsync(o => o.Code, o => o.Id);
        var user = await db.Users.Where(u => u.Email == Nisc).Select(u => u.Id).SingleAsync();
        var start = now.AddMinutes(-120);
        var exercise = new Exercise(Title, "Evaluation of the whole chain", 2, start, orgs["NISC"], user, start.AddDays(-1));
        var p = (string code, string role, int people) => new ExerciseParticipant(exercise.Id, orgs[code], role, people, start.AddDays(-1));
        var water = p("KIYORA-WATER", ExerciseRoles.Player, 4);
        var participants = new[]
        {
            p("HIKARI-BANK", ExerciseRoles.Player, 5), p("AKEBONO-POWER", ExerciseRoles.Player, 3), p("SEC-FIN-BANK", ExerciseRoles.Player, 2), water,
            p("FSA", ExerciseRoles.Controller, 2), p("MIC", ExerciseRoles.Observer, 1),
        };
        InjectAudience[] players = [new(InjectAudienceKinds.Players)];
        InjectAudience[] finance = [new(InjectAudienceKinds.Sector, "finance")];
        var alertInject = new ExerciseInject(exercise.Id, 1, TimeSpan.FromMinutes(20), InjectKinds.Alert, "Alert: ransomware", "Acknowledge", players, [new(ExpectedResponseKinds.Acknowledge, 60)]);
        var advisoryInject = new ExerciseInject(exercise.Id, 2, TimeSpan.FromMinutes(60), InjectKinds.Advisory, "Advisory: patch now", "Relay it", finance,
            [new(ExpectedResponseKinds.Acknowledge, 30), new(ExpectedResponseKinds.Relay, 20, OrganizationCode: "SEC-FIN-BANK")]);
        var crisisInject = new ExerciseInject(exercise.Id, 3, TimeSpan.FromMinutes(80), InjectKinds.StatusRequest, "Status request", "Answer", finance, [new(ExpectedResponseKinds.AnswerStatus, 60)]);
        var reportInject = new ExerciseInject(exercise.Id, 4, TimeSpan.FromMinutes(100), InjectKinds.Message, "Message: report what you see", "Report", players, [new(ExpectedResponseKinds.Report, 40000)]);
        var later = new ExerciseInject(exercise.Id, 5, TimeSpan.FromMinutes(5000), InjectKinds.Alert, "Secret later inject", "Later", players, [new(ExpectedResponseKinds.Acknowledge, 30)]);
        exercise.Start(start);
        foreach (var i in new[] { alertInject, advisoryInject, crisisInject, reportInject, later }) i.Schedule(exercise.DueAt(i.Offset));
        db.Exercises.Add(exercise);
        db.ExerciseParticipants.AddRange(participants);
        db.ExerciseInjects.AddRange(alertInject, advisoryInject, crisisInject, reportInject, later);
        await db.SaveChangesAsync();

        // Inject 1, sent at start+10: the bank acknowledges 10 min later (20 scenario min: met), the power company 40 min later (80: missed),
        // the CEPTOAR never (missed), the water utility after its removal (not counted: removed).
        var sent1 = start.AddMinutes(10);
        var sequence = (await db.HotlineAlerts.MaxAsync(a => (long?)a.Sequence) ?? 0) + 1;
        var alert = new HotlineAlert(sequence, AlertClasses.Cyber, 3, "【演習 EXERCISE】Alert", "Exercise alert", new Distribution(Tlp.Amber, orgs["NISC"],
            participants.Where(x => x.Role == ExerciseRoles.Player).Select(x => AudienceEntry.Organization(x.OrganizationId))), user, sent1);
        alert.MarkExercise(exercise.Id);
        db.HotlineAlerts.Add(alert);
        var acks = new Dictionary<string, AlertAcknowledgement>();
        foreach (var code in new[] { "HIKARI-BANK", "AKEBONO-POWER", "SEC-FIN-BANK", "KIYORA-WATER" })
            db.AlertAcknowledgements.Add(acks[code] = new AlertAcknowledgement(alert.Id, orgs[code], null));
        acks["HIKARI-BANK"].Acknowledge(null, AcknowledgementChannels.Ui, sent1.AddMinutes(10));
        acks["AKEBONO-POWER"].Acknowledge(null, AcknowledgementChannels.Ui, sent1.AddMinutes(40));
        acks["KIYORA-WATER"].Acknowledge(null, AcknowledgementChannels.Ui, start.AddMinutes(25));
        alertInject.MarkSent("alert", alert.Id, sent1);
        water.Remove(start.AddMinutes(20));

        // Inject 2, sent at start+30: the CEPTOAR receives it 1 min later, acknowledges at +5 (10 scenario min: met) and relays at +6
        // (12 from the send: met; 10 per hop); the bank receives it at +6 and acknowledges at +20 (40: missed).
        var sent2 = start.AddMinutes(30);
        var advisory = new Advisory(new AdvisoryContent { Title = "Exercise advisory", Summary = "Patch", Body = "" },
            new Distribution(Tlp.Amber, orgs["NISC"], [AudienceEntry.Organization(orgs["SEC-FIN-BANK"])]), user, sent2);
        advisory.MarkExercise(exercise.Id);
        db.Advisories.Add(advisory);
        var ceptoar = new AdvisoryDelivery(advisory.Id, orgs["SEC-FIN-BANK"], orgs["NISC"], 1, "finance", "organization", relays: true);
        ceptoar.Receive(1, sent2.AddMinutes(1));
        ceptoar.Acknowledge(user, sent2.AddMinutes(5));
        ceptoar.Relay(user, null, sent2.AddMinutes(6));
        var bank = new AdvisoryDelivery(advisory.Id, orgs["HIKARI-BANK"], orgs["SEC-FIN-BANK"], 2, "finance", "relay", relays: false);
        bank.Receive(1, sent2.AddMinutes(6));
        bank.Acknowledge(user, sent2.AddMinutes(20));
        db.AdvisoryDeliveries.AddRange(ceptoar, bank);
        advisoryInject.MarkSent("advisory", advisory.Id, sent2);

        // Inject 3, sent at start+40: only the bank is asked; it answers 20 min later (40 scenario min: met).
        var sent3 = start.AddMinutes(40);
        var crisis = new CrisisDeclaration(["finance"], [], CrisisCauses.Cyber, user, orgs["NISC"], sent3);
        crisis.MarkExercise(exercise.Id);
        crisis.StandDown(user, sent3.AddMinutes(50));
        db.CrisisDeclarations.Add(crisis);
        var asked = new CrisisRecipient(crisis.Id, orgs["HIKARI-BANK"], "finance", sent3);
        asked.Answered(sent3.AddMinutes(20));
        db.CrisisRecipients.Add(asked);
        crisisInject.MarkSent("crisis", crisis.Id, sent3);

        // Inject 4, sent at start+50 (a message): reports follow in the test.
        reportInject.MarkSent("notice", Guid.CreateVersion7(), start.AddMinutes(50));
        await db.SaveChangesAsync();
        return new Seeded(exercise.Id, alertInject.Id, advisoryInject.Id, crisisInject.Id, reportInject.Id);
    }

    /// <summary>Files a liaison report through the API, then marks it as the exercise's, first submitted at <paramref name="at"/>.</summary>
    private static async Task FileExerciseReportAsync(KizunaTestServer server, string reporter, string sector, string disclosure, Guid exerciseId, DateTimeOffset at, string route = "coordinator")
    {
        using var client = await server.ApiClientAsync(reporter);
        var content = Liaison.LiaisonApi.Content("Exercise outage " + disclosure, c => { c["sectorCode"] = sector; c["criticalServices"] = new JsonArray(sector == "finance" ? "finance-banking" : "electricity-supply"); });
        var report = await Liaison.LiaisonApi.FileAsync(client, Liaison.LiaisonApi.Input(content, disclosure, route));
        var id = Liaison.LiaisonApi.IdOf(report);
        await using var db = server.NewContext();
        Assert.Equal(1, await db.Reports.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.ExerciseId, exerciseId).SetProperty(r => r.FirstSubmittedAt, at)));
    }

    private static async Task<JsonObject> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static JsonObject Inject(JsonObject evaluation, int number) => evaluation["injects"]!.AsArray().Single(i => i!["number"]!.GetValue<int>() == number)!.AsObject();

    private static JsonObject Outcome(JsonObject inject, int expectation, string code)
        => inject["expectations"]!.AsArray()[expectation - 1]!["outcomes"]!.AsArray().Single(o => o!["code"]!.GetValue<string>() == code)!.AsObject();

    private static string OutcomeOf(JsonObject inject, int expectation, string code) => Outcome(inject, expectation, code)["outcome"]!.GetValue<string>();

    private static double? Minutes(JsonObject o) => o["minutes"]?.GetValue<double>();

    private static JsonObject Participant(JsonObject evaluation, string code) => evaluation["participants"]!.AsArray().Single(p => p!["code"]!.GetValue<string>() == code)!.AsObject();

    private static void AssertTimes(JsonNode? times, int count, double? min, double? median, double? max)
    {
        Assert.Equal(count, times!["count"]!.GetValue<int>());
        Assert.Equal(min, times["min"]?.GetValue<double>());
        Assert.Equal(median, times["median"]?.GetValue<double>());
        Assert.Equal(max, times["max"]?.GetValue<double>());
    }

    private static void AssertScore(JsonNode? score, int met, int missed, int pending, int removed)
        => Assert.Equal((met, missed, pending, removed), (score!["met"]!.GetValue<int>(), score["missed"]!.GetValue<int>(), score["pending"]!.GetValue<int>(), score["removed"]!.GetValue<int>()));

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Evaluation_FromTheInjectsRecords_GivesExactOutcomesAndScenarioTimes(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var seeded = await SeedAsync(server, DateTimeOffset.UtcNow);
        var sent4 = (await GetSentAtAsync(server, seeded.ReportInject));
        // The bank reports 5 min after the message and names itself to the coordinator; the power company 7 min after, anonymously.
        await FileExerciseReportAsync(server, DemoUsers.Of("HIKARI-BANK", "reporter"), "finance", "ministry-and-coordinator", seeded.ExerciseId, sent4.AddMinutes(5));
        await FileExerciseReportAsync(server, DemoUsers.Of("AKEBONO-POWER", "reporter"), "electricity", "none", seeded.ExerciseId, sent4.AddMinutes(7));

        using var nisc = await server.ApiClientAsync(Nisc);
        var e = await GetJsonAsync(nisc, $"/api/v1/exercises/{seeded.ExerciseId}/evaluation");
        Assert.Equal("full", e["sight"]!.GetValue<string>());
        Assert.Equal((4, 1, 0), (e["injectsSent"]!.GetValue<int>(), e["injectsPending"]!.GetValue<int>(), e["injectsSkipped"]!.GetValue<int>()));

        // Alert: met in 20 scenario minutes, missed late (80), missed without answer, removed (its acknowledgement came after its removal).
        var alert = Inject(e, 1);
        Assert.Equal("met", OutcomeOf(alert, 1, "HIKARI-BANK"));
        Assert.Equal(20, Minutes(Outcome(alert, 1, "HIKARI-BANK")));
        Assert.Equal("missed", OutcomeOf(alert, 1, "AKEBONO-POWER"));
        Assert.Equal(80, Minutes(Outcome(alert, 1, "AKEBONO-POWER")));
        Assert.Equal("missed", OutcomeOf(alert, 1, "SEC-FIN-BANK"));
        Assert.Null(Minutes(Outcome(alert, 1, "SEC-FIN-BANK")));
        Assert.Equal("removed", OutcomeOf(alert, 1, "KIYORA-WATER"));
        Assert.True(Outcome(alert, 1, "KIYORA-WATER")["removed"]!.GetValue<bool>());
        Assert.Null(Outcome(alert, 1, "KIYORA-WATER")["respondedAt"]);

        // Advisory: the CEPTOAR acknowledged in 10 and relayed in 12 (met); the bank acknowledged in 40 (missed).
        var advisory = Inject(e, 2);
        Assert.Equal(["HIKARI-BANK", "SEC-FIN-BANK"], advisory["expectations"]![0]!["outcomes"]!.AsArray().Select(o => o!["code"]!.GetValue<string>()).Order());
        Assert.Equal(("met", 10.0), (OutcomeOf(advisory, 1, "SEC-FIN-BANK"), Minutes(Outcome(advisory, 1, "SEC-FIN-BANK"))));
        Assert.Equal(("missed", 40.0), (OutcomeOf(advisory, 1, "HIKARI-BANK"), Minutes(Outcome(advisory, 1, "HIKARI-BANK"))));
        Assert.Equal(("met", 12.0), (OutcomeOf(advisory, 2, "SEC-FIN-BANK"), Minutes(Outcome(advisory, 2, "SEC-FIN-BANK"))));
        Assert.Single(advisory["expectations"]![1]!["outcomes"]!.AsArray());

        // Status request: only the bank was asked; it answered in 40.
        var crisis = Inject(e, 3);
        Assert.Equal(("met", 40.0), (OutcomeOf(crisis, 1, "HIKARI-BANK"), Minutes(Outcome(crisis, 1, "HIKARI-BANK"))));
        Assert.Single(crisis["expectations"]![0]!["outcomes"]!.AsArray());

        // Report: the bank in 10 (met); the anonymous reporter is not attributed to the coordinator (pending, no time); the CEPTOAR pending;
        // the water utility was removed before the message and is not expected at all.
        var report = Inject(e, 4);
        Assert.Equal(("met", 10.0), (OutcomeOf(report, 1, "HIKARI-BANK"), Minutes(Outcome(report, 1, "HIKARI-BANK"))));
        Assert.Equal("pending", OutcomeOf(report, 1, "AKEBONO-POWER"));
        Assert.Null(Outcome(report, 1, "AKEBONO-POWER")["respondedAt"]);
        Assert.Equal("pending", OutcomeOf(report, 1, "SEC-FIN-BANK"));
        Assert.DoesNotContain(report["expectations"]![0]!["outcomes"]!.AsArray(), o => o!["code"]!.GetValue<string>() == "KIYORA-WATER");

        // The inject not yet sent: listed with its expectation, no outcome.
        var later = Inject(e, 5);
        Assert.Equal("pending", later["status"]!.GetValue<string>());
        Assert.Empty(later["expectations"]![0]!["outcomes"]!.AsArray());

        // Scores and times: per participant, per sector, overall.
        AssertScore(e["score"], met: 5, missed: 3, pending: 2, removed: 1);
        Assert.Equal(0.5, e["score"]!["rate"]!.GetValue<double>());
        var bank = Participant(e, "HIKARI-BANK");
        AssertScore(bank["score"], 3, 1, 0, 0);
        AssertTimes(bank["times"]!["acknowledge"], 2, 20, 30, 40);
        AssertTimes(bank["times"]!["report"], 1, 10, 10, 10);
        AssertTimes(bank["times"]!["answer"], 1, 40, 40, 40);
        AssertTimes(bank["times"]!["relay"], 0, null, null, null);
        var sec = Participant(e, "SEC-FIN-BANK");
        AssertTimes(sec["times"]!["acknowledge"], 1, 10, 10, 10);
        AssertTimes(sec["times"]!["relay"], 1, 10, 10, 10);
        AssertScore(sec["score"], 2, 1, 1, 0);
        var water = Participant(e, "KIYORA-WATER");
        Assert.True(water["removed"]!.GetValue<bool>());
        AssertTimes(water["times"]!["acknowledge"], 0, null, null, null);
        AssertScore(water["score"], 0, 0, 0, 1);
        var financeSector = e["sectors"]!.AsArray().Single(s => s!["sectorCode"]!.GetValue<string>() == "finance")!;
        Assert.Equal((2, 7), (financeSector["organizations"]!.GetValue<int>(), financeSector["people"]!.GetValue<int>()));
        AssertTimes(financeSector["times"]!["acknowledge"], 3, 10, 20, 40);
        var hop = e["relayHops"]!.AsArray().Single()!;
        Assert.Equal((1, 1, 1), (hop["hop"]!.GetValue<int>(), hop["relaying"]!.GetValue<int>(), hop["relayed"]!.GetValue<int>()));
        AssertTimes(e["times"]!["acknowledge"], 4, 10, 30, 80); // 10, 20, 40, 80

        // The anonymous reporter sees its own report counted: met in 14.
        using var power = await server.ApiClientAsync(DemoUsers.Of("AKEBONO-POWER", "reporter"));
        var own = await GetJsonAsync(power, $"/api/v1/exercises/{seeded.ExerciseId}/evaluation");
        Assert.Equal("own", own["sight"]!.GetValue<string>());
        Assert.Equal(("met", 14.0), (OutcomeOf(Inject(own, 4), 1, "AKEBONO-POWER"), Minutes(Outcome(Inject(own, 4), 1, "AKEBONO-POWER"))));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Access_ControllersAll_ObserversBoard_PlayersOwn_Others404(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var seeded = await SeedAsync(server, DateTimeOffset.UtcNow);
        var id = seeded.ExerciseId;
        string[] paths = ["evaluation", "board", "after-action-report", "after-action-report.pdf"];

        // Outsiders: the exercise does not exist, on every route and page.
        foreach (var outsider in new[] { DemoUsers.Of("METI", "analyst"), DemoUsers.Of("HAGANE-CONTROL", "reporter") })
        {
            using var client = await server.ApiClientAsync(outsider);
            foreach (var path in paths) await Problems.AssertAsync(await client.GetAsync($"/api/v1/exercises/{id}/{path}"), HttpStatusCode.NotFound);
            using var page = await server.SignInAsync(outsider);
            Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/exercises/{id}/board")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/exercises/{id}/report")).StatusCode);
        }
        // A platform admin of another organisation gets no extra sight; an id that exists nowhere is 404 for the runner too.
        using var nisc = await server.ApiClientAsync(Nisc);
        await Problems.AssertAsync(await nisc.GetAsync($"/api/v1/exercises/{Guid.CreateVersion7()}/evaluation"), HttpStatusCode.NotFound);

        // The controller (FSA) sees everything, like the running organisation.
        using var fsa = await server.ApiClientAsync(DemoUsers.Of("FSA", "analyst"));
        foreach (var path in paths) Assert.Equal(HttpStatusCode.OK, (await fsa.GetAsync($"/api/v1/exercises/{id}/{path}")).StatusCode);
        Assert.Equal("full", (await GetJsonAsync(fsa, $"/api/v1/exercises/{id}/evaluation"))["sight"]!.GetValue<string>());

        // The observer (MIC) sees the board of every organisation, with the injects already sent only (never the unsent
        // scenario, as on the inject timeline), not the evaluation or the report (403).
        using var mic = await server.ApiClientAsync(DemoUsers.Of("MIC", "analyst"));
        var board = await GetJsonAsync(mic, $"/api/v1/exercises/{id}/board");
        Assert.Equal([1, 2, 3, 4], board["injects"]!.AsArray().Select(i => i!["number"]!.GetValue<int>()));
        Assert.DoesNotContain("Secret later inject", board.ToJsonString());
        Assert.Equal(0, board["injectsPending"]!.GetValue<int>());
        Assert.Contains("KIYORA-WATER", board.ToJsonString());
        foreach (var path in new[] { "evaluation", "after-action-report", "after-action-report.pdf" })
            await Problems.AssertAsync(await mic.GetAsync($"/api/v1/exercises/{id}/{path}"), HttpStatusCode.Forbidden);
        using (var micPage = await server.SignInAsync(DemoUsers.Of("MIC", "analyst")))
        {
            Assert.Equal(HttpStatusCode.OK, (await micPage.GetAsync($"/exercises/{id}/board")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await micPage.GetAsync($"/exercises/{id}/report")).StatusCode);
        }

        // A player sees its own organisation only: the injects sent to it, never another organisation, the unsent scenario or the sectors.
        using var bank = await server.ApiClientAsync(DemoUsers.Of("HIKARI-BANK", "reporter"));
        foreach (var path in new[] { "evaluation", "board", "after-action-report" })
        {
            var body = await bank.GetStringAsync($"/api/v1/exercises/{id}/{path}");
            foreach (var other in new[] { "AKEBONO-POWER", "SEC-FIN-BANK", "KIYORA-WATER", "FSA", "MIC", "Secret later inject" })
                Assert.DoesNotContain(other, body);
            Assert.Contains("HIKARI-BANK", body);
        }
        var mine = await GetJsonAsync(bank, $"/api/v1/exercises/{id}/evaluation");
        Assert.Equal([1, 2, 3, 4], mine["injects"]!.AsArray().Select(i => i!["number"]!.GetValue<int>()));
        Assert.Empty(mine["sectors"]!.AsArray());
        AssertScore(mine["score"], 2, 1, 1, 0);
        var pdf = await bank.GetByteArrayAsync($"/api/v1/exercises/{id}/after-action-report.pdf?lang=en");
        Assert.DoesNotContain("AKEBONO-POWER", Encoding.Latin1.GetString(pdf));

        // The player removed mid-exercise still sees its own results, up to its removal: only the alert reached it.
        using var water = await server.ApiClientAsync(DemoUsers.Of("KIYORA-WATER"));
        var removed = await GetJsonAsync(water, $"/api/v1/exercises/{id}/evaluation");
        Assert.Equal([1], removed["injects"]!.AsArray().Select(i => i!["number"]!.GetValue<int>()));
        Assert.Equal("removed", OutcomeOf(Inject(removed, 1), 1, "KIYORA-WATER"));

        // A report the running organisation may not see (routed via the ministry, not forwarded yet) is not counted for it,
        // while the ministry, a controller that is the report's first hop and may know its reporter, sees it met in 10.
        var sent4 = await GetSentAtAsync(server, seeded.ReportInject);
        await FileExerciseReportAsync(server, DemoUsers.Of("HIKARI-BANK", "reporter"), "finance", "ministry-and-coordinator", id, sent4.AddMinutes(5), route: "ministry");
        Assert.Equal("pending", OutcomeOf(Inject(await GetJsonAsync(nisc, $"/api/v1/exercises/{id}/evaluation"), 4), 1, "HIKARI-BANK"));
        var byFsa = Outcome(Inject(await GetJsonAsync(fsa, $"/api/v1/exercises/{id}/evaluation"), 4), 1, "HIKARI-BANK");
        Assert.Equal(("met", 10.0), (byFsa["outcome"]!.GetValue<string>(), Minutes(byFsa)));

        // Bad input: an unknown PDF language is a 400 problem.
        await Problems.AssertAsync(await nisc.GetAsync($"/api/v1/exercises/{id}/after-action-report.pdf?lang=xx"), HttpStatusCode.BadRequest);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task BoardAndReport_SimulatedLiaisonReport_WordsOnlyForManagersAndTheFiler(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var seeded = await SeedAsync(server, DateTimeOffset.UtcNow);
        var id = seeded.ExerciseId;
        // Inject 6: a simulated liaison report filed by AKEBONO-POWER (anonymously), sent to every player.
        await FileExerciseReportAsync(server, DemoUsers.Of("AKEBONO-POWER", "reporter"), "electricity", "none", id, DateTimeOffset.UtcNow.AddMinutes(-5));
        const string words = "Simulated report: AKEBONO substation 7 tripped";
        await using (var db = server.NewContext())
        {
            var powerId = await db.Organizations.Where(o => o.Code == "AKEBONO-POWER").Select(o => o.Id).SingleAsync();
            var report = await db.Reports.Where(r => r.ExerciseId == id && r.ReporterOrganizationId == powerId).Select(r => r.Id).SingleAsync();
            var inject = new ExerciseInject(id, 6, TimeSpan.FromMinutes(110), InjectKinds.LiaisonReport, words, "Body", [new(InjectAudienceKinds.Players)], [new(ExpectedResponseKinds.Report, 60)]);
            inject.Schedule(DateTimeOffset.UtcNow.AddMinutes(-6));
            inject.MarkSent("report", report, DateTimeOffset.UtcNow.AddMinutes(-5));
            db.ExerciseInjects.Add(inject);
            await db.SaveChangesAsync();
        }

        // The runner sees the words; the filer sees its own report's words.
        using var nisc = await server.ApiClientAsync(Nisc);
        Assert.Contains(words, await nisc.GetStringAsync($"/api/v1/exercises/{id}/board"));
        using var power = await server.ApiClientAsync(DemoUsers.Of("AKEBONO-POWER", "reporter"));
        Assert.Contains(words, await power.GetStringAsync($"/api/v1/exercises/{id}/board"));
        // The observer (board, API and page) and another player (board, evaluation, report, PDF, pages) see the inject but not its words.
        using var mic = await server.ApiClientAsync(DemoUsers.Of("MIC", "analyst"));
        var board = await GetJsonAsync(mic, $"/api/v1/exercises/{id}/board");
        Assert.Null(Inject(board, 6)["title"]);
        Assert.DoesNotContain("AKEBONO substation", board.ToJsonString());
        using (var micPage = await server.SignInAsync(DemoUsers.Of("MIC", "analyst")))
            Assert.DoesNotContain("AKEBONO substation", await micPage.GetStringAsync($"/exercises/{id}/board"));
        using var bank = await server.ApiClientAsync(DemoUsers.Of("HIKARI-BANK", "reporter"));
        foreach (var path in new[] { "evaluation", "board", "after-action-report" })
        {
            var e = await GetJsonAsync(bank, $"/api/v1/exercises/{id}/{path}");
            Assert.DoesNotContain("AKEBONO substation", e.ToJsonString());
        }
        Assert.DoesNotContain("AKEBONO substation", Encoding.Latin1.GetString(await bank.GetByteArrayAsync($"/api/v1/exercises/{id}/after-action-report.pdf?lang=en")));
        using var bankPage = await server.SignInAsync(DemoUsers.Of("HIKARI-BANK", "reporter"));
        Assert.DoesNotContain("AKEBONO substation", await bankPage.GetStringAsync($"/exercises/{id}/board"));
        Assert.DoesNotContain("AKEBONO substation", await bankPage.GetStringAsync($"/exercises/{id}/report"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task CrisisRoom_ExerciseCrisis_DoesNotExistForTheSectorsMinistryOutsideTheExercise(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var seeded = await SeedAsync(server, DateTimeOffset.UtcNow);
        Guid simulated, real;
        await using (var db = server.NewContext())
        {
            var nisc = await db.Organizations.Where(o => o.Code == "NISC").Select(o => o.Id).SingleAsync();
            var user = await db.Users.Where(u => u.Email == Nisc).Select(u => u.Id).SingleAsync();
            // METI answers for electricity but takes no part in the exercise; a real crisis over the same sector is its to see.
            var exerciseCrisis = new CrisisDeclaration(["electricity"], [], CrisisCauses.Cyber, user, nisc, DateTimeOffset.UtcNow.AddMinutes(-3));
            exerciseCrisis.MarkExercise(seeded.ExerciseId);
            var realCrisis = new CrisisDeclaration(["electricity"], [], CrisisCauses.Cyber, user, nisc, DateTimeOffset.UtcNow.AddMinutes(-2));
            db.CrisisDeclarations.AddRange(exerciseCrisis, realCrisis);
            await db.SaveChangesAsync();
            (simulated, real) = (exerciseCrisis.Id, realCrisis.Id);
        }
        using var meti = await server.ApiClientAsync(DemoUsers.Of("METI", "analyst"));
        Assert.Equal(HttpStatusCode.OK, (await meti.GetAsync($"/api/v1/crises/{real}")).StatusCode);
        await Problems.AssertAsync(await meti.GetAsync($"/api/v1/crises/{simulated}"), HttpStatusCode.NotFound);
        var list = await meti.GetStringAsync("/api/v1/crises");
        Assert.Contains(real.ToString(), list);
        Assert.DoesNotContain(simulated.ToString(), list);
        Assert.DoesNotContain(Title, list);
        using (var page = await server.SignInAsync(DemoUsers.Of("METI", "analyst")))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/crises/{simulated}")).StatusCode);
            Assert.DoesNotContain(simulated.ToString(), await page.GetStringAsync("/crises"));
        }
        // The running organisation sees it.
        using var runner = await server.ApiClientAsync(Nisc);
        Assert.Equal(HttpStatusCode.OK, (await runner.GetAsync($"/api/v1/crises/{simulated}")).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task BoardAndReport_PagesAndPdf_ShowTheEvaluation(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var seeded = await SeedAsync(server, DateTimeOffset.UtcNow);
        using var page = await server.SignInAsync(Nisc);
        var board = await page.GetStringAsync($"/exercises/{seeded.ExerciseId}/board");
        Assert.Contains("id=\"exercise-board\"", board);
        Assert.Contains("data-live-exercise=\"" + seeded.ExerciseId, board);
        Assert.Contains("src=\"/js/exercise-board.js\"", board);
        Assert.Contains("http-equiv=\"refresh\"", board);
        Assert.Contains("data-code=\"HIKARI-BANK\" data-outcome=\"met\"", board);
        Assert.Contains("data-code=\"SEC-FIN-BANK\" data-outcome=\"missed\"", board);
        // No reports in this exercise: the report expectation is pending for the three players it reached.
        Assert.Contains("id=\"expectation-counts\" data-met=\"4\" data-missed=\"3\" data-pending=\"3\" data-removed=\"1\"", board);
        var script = await page.GetAsync("/js/exercise-board.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);

        var report = await page.GetStringAsync($"/exercises/{seeded.ExerciseId}/report");
        Assert.Contains(Title, report);
        Assert.Contains("id=\"participation-roles\"", report);
        Assert.Contains("data-code=\"KIYORA-WATER\" data-removed=\"true\"", report);
        Assert.Contains("id=\"interim\"", report);
        Assert.Contains("data-kind=\"removed\"", report);

        using var nisc = await server.ApiClientAsync(Nisc);
        var aar = await GetJsonAsync(nisc, $"/api/v1/exercises/{seeded.ExerciseId}/after-action-report");
        var participation = aar["participation"]!;
        // Every participant took part (the water utility was removed after the start): 6 organisations, 17 people.
        Assert.Equal((6, 17, 1), (participation["organizations"]!.GetValue<int>(), participation["people"]!.GetValue<int>(), participation["removed"]!.GetValue<int>()));
        var roles = participation["byRole"]!.AsArray().ToDictionary(r => r!["key"]!.GetValue<string>(), r => (r!["organizations"]!.GetValue<int>(), r["people"]!.GetValue<int>()));
        Assert.Equal((4, 14), roles["player"]);
        Assert.Equal((1, 2), roles["controller"]);
        Assert.Equal((1, 1), roles["observer"]);
        Assert.False(aar["summary"]!["final"]!.GetValue<bool>());

        var response = await nisc.GetAsync($"/api/v1/exercises/{seeded.ExerciseId}/after-action-report.pdf?lang=en");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = Encoding.Latin1.GetString(await response.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("%PDF-", pdf);
        Assert.Contains(Title, pdf);
        Assert.Contains("HIKARI-BANK", pdf);
        var ja = await nisc.GetByteArrayAsync($"/api/v1/exercises/{seeded.ExerciseId}/after-action-report.pdf?lang=ja");
        Assert.StartsWith("%PDF-", Encoding.Latin1.GetString(ja));

        // The exercise ends: the open windows close (the three pending report expectations are missed), the report is final, the board stops refreshing.
        await using (var db = server.NewContext())
        {
            var exercise = await db.Exercises.SingleAsync(x => x.Id == seeded.ExerciseId);
            exercise.End(ExerciseStates.Completed, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }
        var final = await GetJsonAsync(nisc, $"/api/v1/exercises/{seeded.ExerciseId}/after-action-report");
        Assert.True(final["summary"]!["final"]!.GetValue<bool>());
        AssertScore(final["summary"]!["score"], met: 4, missed: 6, pending: 0, removed: 1);
        Assert.Equal("ended", final["timeline"]!.AsArray().Last()!["kind"]!.GetValue<string>());
        var ended = await page.GetStringAsync($"/exercises/{seeded.ExerciseId}/board");
        Assert.DoesNotContain("http-equiv=\"refresh\"", ended);
        Assert.Contains("data-status=\"completed\"", ended);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ParticipationStatistics_ByFiscalYear_CountRunningAndCompletedOnly_AndFlowIntoTheAnnualFigures(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        const int fy = 2040;
        var q1 = new DateTimeOffset(2040, 5, 10, 10, 0, 0, Kizuna.Core.Jst.Offset);
        var q3 = new DateTimeOffset(2040, 11, 2, 10, 0, 0, Kizuna.Core.Jst.Offset);
        await using (var db = server.NewContext())
        {
            var orgs = await db.Organizations.Where(o => new[] { "NISC", "HIKARI-BANK", "AKEBONO-POWER", "FSA", "MIC" }.Contains(o.Code)).ToDictionaryAsync(o => o.Code, o => o.Id);
            var user = await db.Users.Where(u => u.Email == Nisc).Select(u => u.Id).SingleAsync();
            Exercise Make(string title, DateTimeOffset at, string state, params (string Code, string Role, int People, bool RemovedBefore)[] who)
            {
                var e = new Exercise(title, null, 1, at, orgs["NISC"], user, at.AddDays(-7));
                if (state != ExerciseStates.Draft) e.Start(at);
                if (state is ExerciseStates.Completed or ExerciseStates.Cancelled) e.End(state, at.AddHours(3));
                db.Exercises.Add(e);
                foreach (var (code, role, people, removedBefore) in who)
                {
                    var p = new ExerciseParticipant(e.Id, orgs[code], role, people, at.AddDays(-7));
                    if (removedBefore) p.Remove(at.AddDays(-1));
                    db.ExerciseParticipants.Add(p);
                }
                return e;
            }
            Make("Completed in Q1", q1, ExerciseStates.Completed, ("HIKARI-BANK", "player", 5, false), ("FSA", "controller", 2, false), ("MIC", "observer", 1, false), ("AKEBONO-POWER", "player", 9, true));
            Make("Running in Q3", q3, ExerciseStates.Running, ("HIKARI-BANK", "player", 4, false), ("AKEBONO-POWER", "player", 3, false));
            Make("Cancelled in Q3", q3, ExerciseStates.Cancelled, ("HIKARI-BANK", "player", 100, false));
            Make("Draft in Q3", q3, ExerciseStates.Draft, ("HIKARI-BANK", "player", 100, false));
            await db.SaveChangesAsync();
        }

        using var bank = await server.ApiClientAsync(DemoUsers.Of("HIKARI-BANK", "reporter"));
        var stats = await GetJsonAsync(bank, $"/api/v1/exercises/statistics?fy={fy}");
        Assert.Equal((2, 4, 15), (stats["exercises"]!.GetValue<int>(), stats["organizations"]!.GetValue<int>(), stats["people"]!.GetValue<int>()));
        var roles = stats["byRole"]!.AsArray().ToDictionary(r => r!["key"]!.GetValue<string>(), r => (r!["organizations"]!.GetValue<int>(), r["people"]!.GetValue<int>()));
        Assert.Equal((2, 12), roles["player"]);
        Assert.Equal((1, 2), roles["controller"]);
        Assert.Equal((1, 1), roles["observer"]);
        var quarters = stats["quarters"]!.AsArray();
        Assert.Equal((1, 3, 8), (quarters[0]!["exercises"]!.GetValue<int>(), quarters[0]!["organizations"]!.GetValue<int>(), quarters[0]!["people"]!.GetValue<int>()));
        Assert.Equal((1, 2, 7), (quarters[2]!["exercises"]!.GetValue<int>(), quarters[2]!["organizations"]!.GetValue<int>(), quarters[2]!["people"]!.GetValue<int>()));
        Assert.Equal(0, quarters[1]!["exercises"]!.GetValue<int>());
        await Problems.AssertAsync(await bank.GetAsync("/api/v1/exercises/statistics?fy=1999"), HttpStatusCode.BadRequest);

        // The annual figures carry the same table, in JSON, CSV and PDF.
        using var nisc = await server.ApiClientAsync(Nisc);
        var annual = await GetJsonAsync(nisc, $"/api/v1/analytics/annual/{fy}");
        var table = annual["exercises"]!;
        Assert.Equal("演習参加状況", table["titleJa"]!.GetValue<string>());
        Assert.Equal("Exercise participation", table["titleEn"]!.GetValue<string>());
        var rows = table["rows"]!.AsArray().ToDictionary(r => r!["key"]!.GetValue<string>(), r => r!);
        Assert.Equal(2, rows["exercises"]["total"]!["value"]!.GetValue<int>());
        Assert.Equal(4, rows["organizations"]["total"]!["value"]!.GetValue<int>());
        Assert.Equal(15, rows["people"]["total"]!["value"]!.GetValue<int>());
        Assert.Equal(12, rows["people-player"]["total"]!["value"]!.GetValue<int>());
        Assert.Equal(7, rows["people"]["quarters"]![2]!["value"]!.GetValue<int>());
        var csv = await nisc.GetStringAsync($"/api/v1/analytics/annual/{fy}.csv");
        Assert.Contains("exercises,people,参加人数,People taking part,8,0,7,0,15", csv);
        var pdf = Encoding.Latin1.GetString(await nisc.GetByteArrayAsync($"/api/v1/analytics/annual/{fy}.pdf?lang=en"));
        Assert.Contains("Exercise participation", pdf);
        using var page = await server.SignInAsync(Nisc);
        Assert.Contains("id=\"annual-exercises\"", await page.GetStringAsync($"/analytics/annual?fy={fy}"));
    }

    private static async Task<DateTimeOffset> GetSentAtAsync(KizunaTestServer server, Guid injectId)
    {
        await using var db = server.NewContext();
        return (await db.ExerciseInjects.Where(i => i.Id == injectId).Select(i => i.SentAt).SingleAsync())!.Value;
    }
}
