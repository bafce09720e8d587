using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Liaison.LiaisonApi;

namespace Kizuna.Server.Tests.Liaison;

/// <summary>
/// The liaison workflow over the API: 第1報 → received by the ministry → forwarded with a note →
/// triaged by the coordinator → closed, each step recorded with who and when; follow-ups, the
/// final report and its conflicts, immutable snapshots and their diff, and the thread.
/// Reports here let the ministry and the coordinator know the reporter (ministry-and-coordinator),
/// so the workflow does not depend on the sanitizer.
/// </summary>
public sealed class LiaisonWorkflowTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Workflow_FirstReportToClosure_EveryStepRecordedWithWhoAndWhen(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var reporter = await server.ApiClientAsync(Reporter);
        using var fsa = await server.ApiClientAsync(Fsa);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var meti = await server.ApiClientAsync(Meti);
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);

        var filed = await FileAsync(reporter, Input(disclosure: "ministry-and-coordinator"));
        var id = IdOf(filed);
        Assert.Equal("submitted", filed["status"]!.GetValue<string>());
        Assert.Equal("FSA", filed["firstHopCode"]!.GetValue<string>());

        // An outsider does not learn the report exists; the coordinator does not see it before it is forwarded.
        await Problems.AssertAsync(await meti.GetAsync($"/api/v1/reports/{id}"), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await PostAsync(meti, $"/api/v1/reports/{id}/receive"), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await nisc.GetAsync($"/api/v1/reports/{id}"), HttpStatusCode.NotFound);
        // The reporter is no analyst; the ministry may not triage or close.
        await Problems.AssertAsync(await PostAsync(reporter, $"/api/v1/reports/{id}/receive"), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await PostAsync(fsa, $"/api/v1/reports/{id}/triage", new { priority = "high" }), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await PostAsync(fsa, $"/api/v1/reports/{id}/close"), HttpStatusCode.Forbidden);

        var received = await JsonAsync(await PostAsync(fsa, $"/api/v1/reports/{id}/receive"), HttpStatusCode.OK);
        Assert.Equal("received", received["status"]!.GetValue<string>());
        await Problems.AssertAsync(await PostAsync(fsa, $"/api/v1/reports/{id}/receive"), HttpStatusCode.Conflict);

        var forwarded = await JsonAsync(await PostAsync(fsa, $"/api/v1/reports/{id}/forward", new { note = "銀行法の報告も受領済み。要確認。" }), HttpStatusCode.OK);
        Assert.Equal("forwarded", forwarded["status"]!.GetValue<string>());
        // Now the coordinator sees it, but it is not the first hop.
        await Problems.AssertAsync(await PostAsync(nisc, $"/api/v1/reports/{id}/receive"), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await PostAsync(nisc, $"/api/v1/reports/{id}/forward"), HttpStatusCode.Forbidden);

        var other = IdOf(await FileAsync(reporter, Input(Content("Related: card processing slow"), disclosure: "ministry-and-coordinator")));
        await PostAsync(fsa, $"/api/v1/reports/{other}/forward", new { note = "related" });
        var triaged = await JsonAsync(await PostAsync(nisc, $"/api/v1/reports/{id}/triage", new { priority = "high", relatedReportIds = new[] { other }, note = "DDoS wave" }), HttpStatusCode.OK);
        Assert.Equal("triaged", triaged["status"]!.GetValue<string>());
        Assert.Equal("high", triaged["priority"]!.GetValue<string>());
        Assert.Equal([other], triaged["relatedReportIds"]!.AsArray().Select(r => r!.GetValue<Guid>()));
        await Problems.AssertAsync(await PostAsync(nisc, $"/api/v1/reports/{id}/triage", new { priority = "urgent" }), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await PostAsync(nisc, $"/api/v1/reports/{id}/triage", new { priority = "low", relatedReportIds = new[] { Guid.NewGuid() } }), HttpStatusCode.BadRequest);

        var closed = await JsonAsync(await PostAsync(nisc, $"/api/v1/reports/{id}/close", new { note = "対応完了" }), HttpStatusCode.OK);
        Assert.Equal("closed", closed["status"]!.GetValue<string>());
        await Problems.AssertAsync(await PostAsync(nisc, $"/api/v1/reports/{id}/close"), HttpStatusCode.Conflict);

        var events = (await GetAsync(fsa, id))["events"]!.AsArray();
        Assert.Equal(["submitted", "received", "forwarded", "triaged", "closed"], events.Select(e => e!["action"]!.GetValue<string>()));
        Assert.Equal([Bank, "FSA", "FSA", "NISC", "NISC"], events.Select(e => e!["actor"]!.GetValue<string>()));
        Assert.Equal("銀行法の報告も受領済み。要確認。", events[2]!["note"]!.GetValue<string>());
        Assert.Equal(["draft", "submitted", "received", "forwarded", "triaged"], events.Select(e => e!["fromStatus"]!.GetValue<string>()));
        var times = events.Select(e => e!["at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.All(times, t => Assert.InRange(t, started, DateTimeOffset.UtcNow.AddSeconds(1)));

        await using var db = server.NewContext();
        var users = await db.Users.AsNoTracking().Where(u => u.Email == Reporter || u.Email == Fsa || u.Email == Nisc).ToDictionaryAsync(u => u.Email!, u => u.Id);
        var stored = await db.ReportEvents.AsNoTracking().Where(e => e.ReportId == id).ToListAsync();
        Assert.Equal(users[Reporter], stored.Single(e => e.Action == "submitted").ActorUserId);
        Assert.Equal(users[Fsa], stored.Single(e => e.Action == "received").ActorUserId);
        Assert.Equal(users[Fsa], stored.Single(e => e.Action == "forwarded").ActorUserId);
        Assert.Equal(users[Nisc], stored.Single(e => e.Action == "triaged").ActorUserId);
        Assert.Equal(users[Nisc], stored.Single(e => e.Action == "closed").ActorUserId);
        var report = await db.Reports.AsNoTracking().SingleAsync(r => r.Id == id);
        Assert.Equal("closed", report.Status);
        Assert.Equal("high", report.Priority);
        var audited = await db.AuditEntries.AsNoTracking().Where(a => a.TargetId == id.ToString()).Select(a => a.Action).ToListAsync();
        Assert.Superset(new HashSet<string> { "report.submitted", "report.received", "report.forwarded", "report.triaged", "report.closed" }, audited.ToHashSet());

        // After closure nothing more is submitted.
        var final = await PostAsync(reporter, $"/api/v1/reports/{id}/submit", new { kind = "final", report = Input(Content("Final: ATM network outage"), disclosure: "ministry-and-coordinator") });
        await Problems.AssertAsync(final, HttpStatusCode.Conflict);
        await using var after = server.NewContext();
        Assert.Equal(1, await after.ReportSubmissions.CountAsync(s => s.ReportId == id));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Workflow_ViaCeptoar_SecretariatReceivesAndForwardsSeeingOnlyTheSanitizedView(DatabaseKind kind)
    {
        // Needs the real sanitizer: a CEPTOAR secretariat only ever sees the sanitized view.
        var server = await fixture.ServerAsync(kind);
        using var reporter = await server.ApiClientAsync(Reporter);
        using var ceptoar = await server.ApiClientAsync(Ceptoar);
        using var fsa = await server.ApiClientAsync(Fsa);
        using var nisc = await server.ApiClientAsync(Nisc);
        var filed = await FileAsync(reporter, Input(Content($"{BankNameJa} via CEPTOAR"), route: "ceptoar", change: i => i["ceptoarCode"] = "fin-bank"));
        var id = IdOf(filed);
        Assert.Equal("SEC-FIN-BANK", filed["firstHopCode"]!.GetValue<string>());
        var aid = (await JsonAsync(await AttachAsync(reporter, id, "log.txt", "line"u8.ToArray()), HttpStatusCode.Created))["id"]!.GetValue<Guid>();

        var seen = await GetAsync(ceptoar, id);
        Assert.Equal("sanitized", seen["viewLevel"]!.GetValue<string>());
        Assert.DoesNotContain(BankNameJa, seen.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.True(seen["actions"]!["receive"]!.GetValue<bool>());
        await Problems.AssertAsync(await ceptoar.GetAsync($"/api/v1/reports/{id}/attachments/{aid}"), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await ceptoar.GetAsync($"/api/v1/reports/{id}/identity"), HttpStatusCode.Forbidden);
        // The ministry was told who reports (full view) but is not the first hop.
        Assert.Equal("full", (await GetAsync(fsa, id))["viewLevel"]!.GetValue<string>());
        await Problems.AssertAsync(await PostAsync(fsa, $"/api/v1/reports/{id}/receive"), HttpStatusCode.Forbidden);

        await JsonAsync(await PostAsync(ceptoar, $"/api/v1/reports/{id}/receive"), HttpStatusCode.OK);
        await JsonAsync(await PostAsync(ceptoar, $"/api/v1/reports/{id}/forward", new { note = "セプター内で共有済み" }), HttpStatusCode.OK);
        Assert.Equal("sanitized", (await GetAsync(nisc, id))["viewLevel"]!.GetValue<string>());
        await JsonAsync(await PostAsync(nisc, $"/api/v1/reports/{id}/triage", new { priority = "normal" }), HttpStatusCode.OK);
        var events = (await GetAsync(reporter, id))["events"]!.AsArray();
        Assert.Equal(["SEC-FIN-BANK", "SEC-FIN-BANK", "NISC"], events.Where(e => e!["action"]!.GetValue<string>() is "received" or "forwarded" or "triaged").Select(e => e!["actor"]!.GetValue<string>()));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task FollowUps_UpdateThenFinal_SnapshotsImmutableDiffListsChangesSecondFinalConflicts(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var reporter = await server.ApiClientAsync(Reporter);
        using var fsa = await server.ApiClientAsync(Fsa);
        var id = IdOf(await FileAsync(reporter, Input(Content("Outage v1"))));

        await Problems.AssertAsync(await PostAsync(reporter, $"/api/v1/reports/{id}/submit", new { kind = "first", report = Input(Content("again")) }), HttpStatusCode.Conflict);

        var updated = await JsonAsync(await PostAsync(reporter, $"/api/v1/reports/{id}/submit",
            new { kind = "update", report = Input(Content("Outage v2", c => { c["severityDuration"] = 3; c["description"] = "Root cause: a DDoS on the login API."; })) }), HttpStatusCode.OK);
        Assert.Equal(["first", "update"], Strings(updated["submissions"], "kind"));

        // A draft of the final, saved then submitted from the draft.
        var draft = await JsonAsync(await reporter.PutAsJsonAsync($"/api/v1/reports/{id}/draft", Input(Content("Outage final", c => c["causeTypes"] = new JsonArray("ddos", "system-vulnerability")))), HttpStatusCode.OK);
        Assert.Equal("Outage final", draft["draft"]!["content"]!["title"]!.GetValue<string>());
        var final = await JsonAsync(await PostAsync(reporter, $"/api/v1/reports/{id}/submit", new { kind = "final" }), HttpStatusCode.OK);
        Assert.Equal(["first", "update", "final"], Strings(final["submissions"], "kind"));
        Assert.Equal("Outage final", final["content"]!["title"]!.GetValue<string>());

        await Problems.AssertAsync(await PostAsync(reporter, $"/api/v1/reports/{id}/submit", new { kind = "final", report = Input(Content("Outage final 2")) }), HttpStatusCode.Conflict);
        await Problems.AssertAsync(await PostAsync(reporter, $"/api/v1/reports/{id}/submit", new { kind = "update", report = Input(Content("Outage v4")) }), HttpStatusCode.Conflict);

        // Snapshots stay as they were submitted.
        foreach (var client in new[] { reporter, fsa })
        {
            var first = await JsonAsync(await client.GetAsync($"/api/v1/reports/{id}/submissions/1"), HttpStatusCode.OK);
            Assert.Equal("Outage v1", first["title"]!.GetValue<string>());
            Assert.Equal(2, first["severityDuration"]!.GetValue<int>());
            var second = await JsonAsync(await client.GetAsync($"/api/v1/reports/{id}/submissions/2"), HttpStatusCode.OK);
            Assert.Equal("Outage v2", second["title"]!.GetValue<string>());
        }
        await Problems.AssertAsync(await fsa.GetAsync($"/api/v1/reports/{id}/submissions/9"), HttpStatusCode.NotFound);

        var diff = (await JsonAsync(await fsa.GetAsync($"/api/v1/reports/{id}/diff?from=1&to=2"), HttpStatusCode.OK)).AsArray();
        var fields = diff.Select(c => c!["field"]!.GetValue<string>()).ToList();
        Assert.Contains("title", fields);
        Assert.Contains("description", fields);
        Assert.Contains("severityDuration", fields);
        Assert.DoesNotContain("sectorCode", fields);
        Assert.DoesNotContain("impact", fields);
        var title = diff.Single(c => c!["field"]!.GetValue<string>() == "title")!;
        Assert.Equal("Outage v1", title["before"]!.GetValue<string>());
        Assert.Equal("Outage v2", title["after"]!.GetValue<string>());
        var causes = (await JsonAsync(await fsa.GetAsync($"/api/v1/reports/{id}/diff?from=2&to=3"), HttpStatusCode.OK)).AsArray();
        Assert.Contains(causes, c => c!["field"]!.GetValue<string>() == "causeTypes");

        await using var db = server.NewContext();
        var stored = await db.ReportSubmissions.AsNoTracking().Where(s => s.ReportId == id).OrderBy(s => s.Number).ToListAsync();
        Assert.Equal([1, 2, 3], stored.Select(s => s.Number));
        Assert.Contains("Outage v1", stored[0].ContentJson);
        Assert.Contains("Outage v2", stored[1].ContentJson);
        var report = await db.Reports.AsNoTracking().SingleAsync(r => r.Id == id);
        Assert.True(report.FinalSubmitted);
        Assert.Equal(3, report.SubmissionCount);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task File_ConcurrentFirstReports_AllAcknowledgedStoredAndAudited(DatabaseKind kind)
    {
        // The draft and its 第1報 are one transaction; the audit append inside it must still retry on contention.
        var server = await fixture.ServerAsync(kind);
        using var reporter = await server.ApiClientAsync(Reporter);
        using var admin = await server.ApiClientAsync(BankAdmin);
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            (i % 2 == 0 ? reporter : admin).PostAsJsonAsync("/api/v1/reports?submit=true", Input(Content($"Concurrent {i}")))));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.All(responses.Zip(bodies), r => Assert.True(r.First.StatusCode == HttpStatusCode.Created, $"{(int)r.First.StatusCode}: {r.Second}"));
        var ids = bodies.Select(b => JsonNode.Parse(b)!["id"]!.GetValue<Guid>()).ToList();

        await using var db = server.NewContext();
        Assert.Equal(12, await db.ReportSubmissions.CountAsync(s => ids.Contains(s.ReportId)));
        Assert.Equal(12, await db.ReporterIdentities.CountAsync(i => ids.Contains(i.ReportId)));
        var targets = ids.Select(id => id.ToString("D")).ToList();
        Assert.Equal(12, await db.AuditEntries.CountAsync(a => a.Action == "report.submitted" && a.TargetId != null && targets.Contains(a.TargetId)));
        using var nisc = await server.ApiClientAsync(DemoUsers.Admin);
        var verify = await JsonAsync(await nisc.GetAsync("/api/v1/audit/verify"), HttpStatusCode.OK);
        Assert.True(verify["intact"]!.GetValue<bool>());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task FollowUp_ToSomeoneElsesReport_RefusedAndNothingStored(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var reporter = await server.ApiClientAsync(Reporter);
        using var stranger = await server.ApiClientAsync(OtherReporter);
        using var fsa = await server.ApiClientAsync(Fsa);
        var id = IdOf(await FileAsync(reporter, Input(Content("Only mine"))));
        var body = new { kind = "update", report = Input(Content("Hijacked")) };

        await Problems.AssertAsync(await PostAsync(stranger, $"/api/v1/reports/{id}/submit", body), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await stranger.PutAsJsonAsync($"/api/v1/reports/{id}/draft", Input(Content("Hijacked"))), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await AttachAsync(stranger, id, "x.txt", "hello"u8.ToArray()), HttpStatusCode.NotFound);
        // The ministry sees the report but is no reporter of it.
        await Problems.AssertAsync(await PostAsync(fsa, $"/api/v1/reports/{id}/submit", body), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await fsa.PutAsJsonAsync($"/api/v1/reports/{id}/draft", Input(Content("Hijacked"))), HttpStatusCode.Forbidden);

        await using var db = server.NewContext();
        Assert.Equal(1, await db.ReportSubmissions.CountAsync(s => s.ReportId == id));
        var report = await db.Reports.AsNoTracking().SingleAsync(r => r.Id == id);
        Assert.Equal("Only mine", report.Title);
        Assert.Null(report.DraftJson);
        Assert.Equal(0, await db.ReportAttachments.CountAsync(a => a.ReportId == id));
        Assert.Equal(["submitted"], await db.ReportEvents.Where(e => e.ReportId == id).Select(e => e.Action).ToListAsync());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Thread_MinistryAsksReporterAnswers_BothShownInOrder(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var reporter = await server.ApiClientAsync(Reporter);
        using var fsa = await server.ApiClientAsync(Fsa);
        using var meti = await server.ApiClientAsync(Meti);
        var id = IdOf(await FileAsync(reporter, Input(Content("Thread test"))));

        Assert.Equal(HttpStatusCode.Created, (await PostAsync(fsa, $"/api/v1/reports/{id}/messages", new { body = "影響を受けた顧客数は？" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(reporter, $"/api/v1/reports/{id}/messages", new { body = "約1万2千人です。" })).StatusCode);
        await Problems.AssertAsync(await PostAsync(meti, $"/api/v1/reports/{id}/messages", new { body = "hello" }), HttpStatusCode.NotFound);

        foreach (var client in new[] { reporter, fsa })
        {
            var messages = (await GetAsync(client, id))["messages"]!.AsArray();
            Assert.Equal(["影響を受けた顧客数は？", "約1万2千人です。"], messages.Select(m => m!["body"]!.GetValue<string>()));
            Assert.Equal([false, true], messages.Select(m => m!["fromReporter"]!.GetValue<bool>()));
            Assert.Equal(["FSA", Bank], messages.Select(m => m!["author"]!.GetValue<string>()));
        }
        await using var db = server.NewContext();
        Assert.Equal(2, await db.ReportMessages.CountAsync(m => m.ReportId == id));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Lists_ScopesAndFilters_ShowWhatEachRoleMaySee(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var reporter = await server.ApiClientAsync(Reporter);
        using var fsa = await server.ApiClientAsync(Fsa);
        using var meti = await server.ApiClientAsync(Meti);
        var marker = $"List-{Guid.NewGuid():N}"[..16];
        var id = IdOf(await FileAsync(reporter, Input(Content(marker, c => { c["eventTypes"] = new JsonArray("malware-infection"); c["severitySafety"] = 4; }))));

        async Task<List<Guid>> IdsAsync(HttpClient client, string query)
            => (await JsonAsync(await client.GetAsync($"/api/v1/reports?pageSize=200&{query}"), HttpStatusCode.OK))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()).ToList();

        Assert.Contains(id, await IdsAsync(reporter, "scope=mine"));
        Assert.DoesNotContain(id, await IdsAsync(reporter, "scope=inbox"));
        Assert.Contains(id, await IdsAsync(fsa, "scope=inbox"));
        Assert.Contains(id, await IdsAsync(fsa, "scope=all&sector=finance&eventType=malware-infection&minSeverity=4&status=submitted"));
        Assert.DoesNotContain(id, await IdsAsync(fsa, "eventType=near-miss"));
        Assert.DoesNotContain(id, await IdsAsync(fsa, "status=closed"));
        Assert.DoesNotContain(id, await IdsAsync(meti, "scope=all"));
        await Problems.AssertAsync(await fsa.GetAsync("/api/v1/reports?scope=everything"), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await fsa.GetAsync("/api/v1/reports?minSeverity=9"), HttpStatusCode.BadRequest);
    }
}
