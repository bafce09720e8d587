using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Interop;
using Kizuna.Core.Features.Interop.Projection;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Provision.Newsletter;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Server.Tests.Exercises;

/// <summary>
/// Isolation of exercise data (issue 8): items created in a running exercise through the real use
/// cases (a submitted report with indicators, a published advisory with IOCs, an alert, a crisis, a
/// notice) reach no real count or channel — trends, annual figures, liaison statistics, correlation,
/// TAXII, MISP feeds, advisory feeds, newsletters — and every message sent about them is marked.
/// Only the exercise's members may create its items, and its items reach only its members.
/// </summary>
public sealed class IsolationTests(ExerciseDataFixture fixture) : IClassFixture<ExerciseDataFixture>
{
    private static string Nisc => DemoUsers.All.First(u => u.Org == "NISC" && !u.PlatformAdmin).Email;
    private static string BankReporter => DemoUsers.Of("HIKARI-BANK", "reporter");
    private static string BankAdmin => DemoUsers.Of("HIKARI-BANK", "org-admin");
    private static string PowerReporter => DemoUsers.Of("AKEBONO-POWER", "reporter");
    private static readonly string[] Participants = ["FSA", "SEC-FIN-BANK", "HIKARI-BANK"];
    private static readonly string[] NotifyChannels = [StixProjectionOutbox.Channel, "advisory-notify", "hotline-notify", "crisis-notify"];

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ExerciseItems_CreatedThroughTheUseCases_ReachNoRealCountOrChannelAndEveryMessageIsMarked(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var bank = await server.ApiClientAsync(BankReporter);
        using var bankAdmin = await server.ApiClientAsync(BankAdmin);
        using var anonymous = server.CreateClient();
        var tag = Guid.NewGuid().ToString("N")[..12];
        var (exerciseId, title) = await RunningExerciseAsync(server, tag);
        // The bank's systems listen on a webhook: what reaches them must say "exercise".
        Assert.Equal(HttpStatusCode.Created, (await bankAdmin.PostAsJsonAsync("/api/v1/organizations/HIKARI-BANK/webhooks", new { url = "https://93.184.215.14/kizuna", description = "SOC" })).StatusCode);

        var fy = LiaisonStatisticsHandler.FiscalYearOf(DateTimeOffset.UtcNow);
        var niscToken = await server.TokenForAsync(Nisc);
        var counted = new[] { "/api/v1/analytics/trends", $"/api/v1/analytics/annual/{fy}", $"/api/v1/statistics/liaison?fy={fy}",
            "/api/v1/analytics/correlation/findings/shared?days=7", "/api/v1/analytics/correlation/findings/waves?days=7",
            "/api/v1/analytics/correlation/findings/clusters?days=7", "/api/v1/analytics/correlation/status" };
        var baseline = new Dictionary<string, string>();
        foreach (var path in counted) baseline[path] = await OkAsync(nisc, path);

        // One of each exercise item, through the real use cases.
        var domain = $"c2-{tag}.exercise-attacker.example";
        var report = await OkJsonAsync(await bank.PostAsJsonAsync("/api/v1/reports?submit=true", ReportInput($"Exercise outage {tag}", domain, exerciseId)), HttpStatusCode.Created);
        var reportId = report["id"]!.GetValue<Guid>();
        var advisory = await OkJsonAsync(await nisc.PostAsJsonAsync("/api/v1/advisories", AdvisoryInput($"Exercise advisory {tag}", domain, exerciseId)), HttpStatusCode.Created);
        var advisoryId = advisory["id"]!.GetValue<Guid>();
        await OkJsonAsync(await nisc.PostAsync($"/api/v1/advisories/{advisoryId}/publish", null), HttpStatusCode.OK);
        var alert = await OkJsonAsync(await nisc.PostAsJsonAsync("/api/v1/hotline/alerts", new
        {
            @class = "cyber", severity = 3, title = $"Exercise alert {tag}", message = "Simulated DDoS wave.", tlp = "GREEN",
            audience = new[] { new { kind = "sector", value = "finance" } }, exerciseId,
        }), HttpStatusCode.Created);
        var alertId = alert["alert"]?["id"]?.GetValue<Guid>() ?? alert["id"]!.GetValue<Guid>();
        var crisis = await OkJsonAsync(await nisc.PostAsJsonAsync("/api/v1/crises", new { sectors = new[] { "finance" }, cause = "cyber", exerciseId }), HttpStatusCode.Created);
        var crisisId = crisis["id"]!.GetValue<Guid>();
        var notice = await OkJsonAsync(await nisc.PostAsJsonAsync("/api/v1/notices", new
        {
            title = $"Exercise notice {tag}", body = "The exercise has started.", tlp = "GREEN",
            audience = new[] { new { kind = "sector", value = "finance" } }, exerciseId,
        }), HttpStatusCode.Created);
        var noticeId = notice["id"]!.GetValue<Guid>();

        await using (var db = server.NewContext())
        {
            Assert.Equal(exerciseId, (await db.Reports.SingleAsync(r => r.Id == reportId)).ExerciseId);
            Assert.Equal(exerciseId, (await db.Advisories.SingleAsync(a => a.Id == advisoryId)).ExerciseId);
            Assert.Equal(exerciseId, (await db.HotlineAlerts.SingleAsync(a => a.Id == alertId)).ExerciseId);
            Assert.Equal(exerciseId, (await db.CrisisDeclarations.SingleAsync(c => c.Id == crisisId)).ExerciseId);
            Assert.Equal(exerciseId, (await db.Notices.SingleAsync(n => n.Id == noticeId)).ExerciseId);
            // The exercise items were indexed, flagged: the index saw them, the findings must not.
            Assert.True(await db.ObservableOccurrences.AnyAsync(o => o.ItemId == reportId && o.IsExercise));
            Assert.False(await db.ObservableOccurrences.AnyAsync(o => (o.ItemId == reportId || o.ItemId == advisoryId) && !o.IsExercise));
        }
        await DrainAsync(server);

        // Real counts: exactly the baseline.
        foreach (var path in counted) Assert.Equal(baseline[path], await OkAsync(nisc, path));
        var lookup = JsonNode.Parse(await OkAsync(nisc, $"/api/v1/analytics/correlation/lookup?type=domain&value={domain}&days=7"))!;
        Assert.Empty(lookup["items"]!.AsArray());
        Assert.Empty(lookup["bySector"]!.AsArray());

        // TAXII, MISP feeds, advisory feeds: nothing of the exercise.
        await using (var db = server.NewContext())
        {
            Assert.False(await db.StixObjects.AnyAsync(o => o.Json.Contains(tag)), "An exercise item reached the TAXII store.");
        }
        using var taxii = server.CreateClient();
        taxii.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Nisc}:{niscToken}")));
        taxii.DefaultRequestHeaders.Accept.ParseAdd("application/taxii+json;version=2.1");
        var collections = JsonNode.Parse(await OkAsync(taxii, "/taxii2/kizuna/collections/"))!["collections"]!.AsArray();
        Assert.NotEmpty(collections);
        foreach (var c in collections)
            Assert.DoesNotContain(tag, await OkAsync(taxii, $"/taxii2/kizuna/collections/{c!["id"]!.GetValue<string>()}/objects/"));
        Assert.DoesNotContain(tag, await OkAsync(anonymous, "/misp-feed/manifest.json"));
        Assert.DoesNotContain(tag, await OkAsync(nisc, "/misp-feed/member/manifest.json"));
        Assert.DoesNotContain(tag, await OkAsync(anonymous, "/feeds/advisories.atom"));
        Assert.DoesNotContain(tag, await OkAsync(anonymous, $"/feeds/member/advisories.atom?token={await server.TokenForAsync(Nisc, "read")}"));
        Assert.DoesNotContain(advisoryId.ToString(), await OkAsync(anonymous, $"/feeds/member/advisories.atom?token={await server.TokenForAsync(DemoUsers.Of("FSA", "analyst"), "read")}"));

        // Newsletters: the period's issue lists no exercise advisory for anyone it reached.
        var period = NewsletterPeriod.Containing(DateTimeOffset.UtcNow);
        var drafted = await nisc.PostAsJsonAsync("/api/v1/newsletters", new { year = period.Year, month = period.Month, half = period.Half });
        Assert.True(drafted.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await drafted.Content.ReadAsStringAsync());
        foreach (var org in Participants)
            Assert.DoesNotContain(tag, await OkAsync(nisc, $"/api/v1/newsletters/{period.Number}/preview?organization={org}"));

        // The item's own STIX endpoints still answer, labelled.
        Assert.Contains(ExerciseIsolation.StixLabel, await OkAsync(nisc, $"/api/v1/advisories/{advisoryId}/stix"));
        Assert.Contains(ExerciseIsolation.StixLabel, await OkAsync(bank, $"/api/v1/reports/{reportId}/stix"));

        // Every message about an exercise item is marked: mail subjects prefixed, webhook bodies with the exercise.
        await using (var db = server.NewContext())
        {
            var bases = new[] { $"adv:{advisoryId:N}:", $"hotline:{alertId:N}:", $"crisis:{crisisId:N}:" };
            var messages = (await db.Outbox.AsNoTracking().Where(m => m.Channel == OutboxChannels.Email || m.Channel == OutboxChannels.Webhook).ToListAsync())
                .Where(m => bases.Any(m.IdempotencyKey.StartsWith)).ToList();
            foreach (var b in bases) Assert.Contains(messages, m => m.Channel == OutboxChannels.Email && m.IdempotencyKey.StartsWith(b));
            Assert.Contains(messages, m => m.Channel == OutboxChannels.Webhook);
            foreach (var m in messages.Where(m => m.Channel == OutboxChannels.Email))
                Assert.StartsWith(ExerciseIsolation.SubjectPrefix, m.ReadPayload<EmailPayload>().Subject);
            foreach (var m in messages.Where(m => m.Channel == OutboxChannels.Webhook))
            {
                var body = m.ReadPayload<WebhookPayload>().Body;
                Assert.Equal(exerciseId, body.GetProperty("exercise").GetProperty("id").GetGuid());
                Assert.Equal(title, body.GetProperty("exercise").GetProperty("title").GetString());
            }
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ExerciseMembership_NonParticipantRefused_CrisisAndAlertReachOnlyParticipants_ReportsRoutedOnlyByTheirOwnKindOfCrisis(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var bank = await server.ApiClientAsync(BankReporter);
        using var power = await server.ApiClientAsync(PowerReporter);
        var tag = Guid.NewGuid().ToString("N")[..12];
        var (exerciseId, _) = await RunningExerciseAsync(server, tag);

        // Not a participant: 400 on exerciseId, and nothing stored.
        var refused = await Problems.AssertAsync(await power.PostAsJsonAsync("/api/v1/reports?submit=true",
            ReportInput($"Intruder {tag}", $"x-{tag}.example", exerciseId, sector: "electricity", service: null)), HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("exerciseId", out _), refused.ToString());
        // An unknown exercise answers the same.
        var unknown = await Problems.AssertAsync(await bank.PostAsJsonAsync("/api/v1/reports", ReportInput($"Unknown {tag}", $"y-{tag}.example", Guid.CreateVersion7())), HttpStatusCode.BadRequest);
        Assert.True(unknown.GetProperty("errors").TryGetProperty("exerciseId", out _), unknown.ToString());
        await using (var db = server.NewContext())
            Assert.False(await db.Reports.AnyAsync(r => r.ExerciseId == exerciseId));

        // The exercise crisis asks only the participant operators of finance; the alert reaches only members.
        var crisisId = (await OkJsonAsync(await nisc.PostAsJsonAsync("/api/v1/crises", new { sectors = new[] { "finance" }, cause = "cyber", exerciseId }), HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        var alert = await OkJsonAsync(await nisc.PostAsJsonAsync("/api/v1/hotline/alerts", new
        {
            @class = "cyber", severity = 2, title = $"Exercise alert {tag}", message = "Simulated.", tlp = "AMBER",
            audience = new[] { new { kind = "community", value = (string?)null } }, exerciseId,
        }), HttpStatusCode.Created);
        var alertId = alert["alert"]?["id"]?.GetValue<Guid>() ?? alert["id"]!.GetValue<Guid>();
        await using (var db = server.NewContext())
        {
            var bankId = await db.Organizations.Where(o => o.Code == "HIKARI-BANK").Select(o => o.Id).SingleAsync();
            Assert.Equal([bankId], await db.CrisisRecipients.Where(r => r.CrisisId == crisisId).Select(r => r.OrganizationId).ToListAsync());
            var members = await db.Organizations.Where(o => Participants.Contains(o.Code)).Select(o => o.Id).ToListAsync();
            var reached = await db.AlertAcknowledgements.Where(a => a.AlertId == alertId).Select(a => a.OrganizationId).ToListAsync();
            Assert.Equal(members.Order(), reached.Order());
            Assert.All(await db.Outbox.Where(m => m.Channel == "crisis-notify" && m.IdempotencyKey.StartsWith($"crisis:{crisisId:N}:")).Select(m => m.OrganizationId).ToListAsync(),
                o => Assert.Equal(bankId, o));
        }

        // An exercise report is routed by its exercise's crisis; a real report never is.
        var exerciseReport = (await OkJsonAsync(await bank.PostAsJsonAsync("/api/v1/reports?submit=true", ReportInput($"Exercise {tag}", $"e-{tag}.example", exerciseId)), HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        var realReport = (await OkJsonAsync(await bank.PostAsJsonAsync("/api/v1/reports?submit=true", ReportInput($"Real {tag}", $"r-{tag}.example", null)), HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        await using (var db = server.NewContext())
        {
            Assert.Equal(crisisId, (await db.Reports.SingleAsync(r => r.Id == exerciseReport)).CrisisId);
            var real = await db.Reports.SingleAsync(r => r.Id == realReport);
            Assert.Null(real.ExerciseId);
            Assert.Null(real.CrisisId);
        }
        // A real report cannot move into the exercise, nor an exercise report out of it.
        var moved = await Problems.AssertAsync(await bank.PutAsJsonAsync($"/api/v1/reports/{realReport}/draft", ReportInput($"Real {tag}", $"r-{tag}.example", exerciseId)), HttpStatusCode.BadRequest);
        Assert.True(moved.GetProperty("errors").TryGetProperty("exerciseId", out _), moved.ToString());

        // Once the exercise has ended, nothing more is created for it.
        await using (var db = server.NewContext())
        {
            var exercise = await db.Exercises.SingleAsync(e => e.Id == exerciseId);
            exercise.End(ExerciseStates.Completed, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }
        var ended = await Problems.AssertAsync(await nisc.PostAsJsonAsync("/api/v1/notices", new
        {
            title = $"Late {tag}", body = "Too late.", tlp = "GREEN", audience = new[] { new { kind = "sector", value = "finance" } }, exerciseId,
        }), HttpStatusCode.BadRequest);
        Assert.Contains("completed", Problems.Explanation(ended));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ListsPagesAndLiveChannels_ExerciseItems_FilteredBadgedBanneredAndMarked(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var bank = await server.ApiClientAsync(BankReporter);
        var tag = Guid.NewGuid().ToString("N")[..12];
        var (exerciseId, title) = await RunningExerciseAsync(server, tag);
        var exerciseReport = (await OkJsonAsync(await bank.PostAsJsonAsync("/api/v1/reports?submit=true", ReportInput($"Exercise {tag}", $"e-{tag}.example", exerciseId)), HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        var realReport = (await OkJsonAsync(await bank.PostAsJsonAsync("/api/v1/reports?submit=true", ReportInput($"Real {tag}", $"r-{tag}.example", null)), HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        object Notice(string what, Guid? exercise) => new { title = $"{what} notice {tag}", body = "Body.", tlp = "GREEN", audience = new[] { new { kind = "sector", value = "finance" } }, exerciseId = exercise };
        var exerciseNotice = (await OkJsonAsync(await nisc.PostAsJsonAsync("/api/v1/notices", Notice("Exercise", exerciseId)), HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        var realNotice = (await OkJsonAsync(await nisc.PostAsJsonAsync("/api/v1/notices", Notice("Real", null)), HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        var alert = await OkJsonAsync(await nisc.PostAsJsonAsync("/api/v1/hotline/alerts", new
        {
            @class = "cyber", severity = 2, title = $"Exercise alert {tag}", message = "Simulated.", tlp = "GREEN",
            audience = new[] { new { kind = "organization", value = "HIKARI-BANK" } }, exerciseId,
        }), HttpStatusCode.Created);
        var alertId = alert["alert"]!["id"]!.GetValue<Guid>();

        // The list APIs: include by default (marked), exclude, only; an unknown filter is bad input.
        foreach (var (client, path, exerciseItem, realItem) in new[] { (bank, "/api/v1/reports?scope=mine", exerciseReport, realReport), (bank, "/api/v1/notices?pageSize=100", exerciseNotice, realNotice) })
        {
            var sep = path.Contains('?') ? "&" : "?";
            var all = await OkAsync(client, path);
            Assert.Contains(exerciseItem.ToString(), all);
            Assert.Contains(realItem.ToString(), all);
            var items = JsonNode.Parse(all)!["items"]!.AsArray();
            Assert.Equal(title, items.Single(i => i!["id"]!.GetValue<Guid>() == exerciseItem)!["exercise"]!["title"]!.GetValue<string>());
            Assert.Null(items.Single(i => i!["id"]!.GetValue<Guid>() == realItem)!["exercise"]);
            var only = await OkAsync(client, $"{path}{sep}exercise=only");
            Assert.Contains(exerciseItem.ToString(), only);
            Assert.DoesNotContain(realItem.ToString(), only);
            var exclude = await OkAsync(client, $"{path}{sep}exercise=exclude");
            Assert.DoesNotContain(exerciseItem.ToString(), exclude);
            Assert.Contains(realItem.ToString(), exclude);
            var bad = await Problems.AssertAsync(await client.GetAsync($"{path}{sep}exercise=maybe"), HttpStatusCode.BadRequest);
            Assert.True(bad.GetProperty("errors").TryGetProperty("exercise", out _), bad.ToString());
        }
        Assert.Contains(alertId.ToString(), await OkAsync(bank, "/api/v1/hotline/alerts?exercise=only"));
        Assert.DoesNotContain(alertId.ToString(), await OkAsync(bank, "/api/v1/hotline/alerts?exercise=exclude"));
        await Problems.AssertAsync(await nisc.GetAsync("/api/v1/crises?exercise=maybe"), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await nisc.GetAsync("/api/v1/advisories?exercise=maybe"), HttpStatusCode.BadRequest);

        // Pages: the badge in lists, the banner on the item's page, the prefix on the hotline banner.
        using var session = await server.SignInAsync(BankReporter);
        var list = WebUtility.HtmlDecode(await session.GetStringAsync("/reports?scope=mine&exercise=only"));
        Assert.Contains("exercise-badge", list);
        Assert.DoesNotContain($"Real {tag}", list);
        var page = WebUtility.HtmlDecode(await session.GetStringAsync($"/reports/{exerciseReport}"));
        Assert.True(Html.HasElement(page, "exercise-banner"), "The exercise report's page has no exercise banner.");
        Assert.Contains(title, page);
        Assert.Contains(ExerciseIsolation.SubjectPrefix, page); // the unacknowledged exercise alert's banner
        Assert.False(Html.HasElement(WebUtility.HtmlDecode(await session.GetStringAsync($"/reports/{realReport}")), "exercise-banner"));
        Assert.True(Html.HasElement(WebUtility.HtmlDecode(await session.GetStringAsync($"/notices/{exerciseNotice}")), "exercise-banner"));
        Assert.True(Html.HasElement(WebUtility.HtmlDecode(await session.GetStringAsync($"/hotline/{alertId}")), "exercise-banner"));

        // The report form offers the running exercises of the player's organisation, and files a draft in the one chosen.
        var form = WebUtility.HtmlDecode(await session.GetStringAsync("/reports/new"));
        Assert.True(Html.HasElement(form, "exercise"), "A participant's report form offers no exercise.");
        Assert.Contains(exerciseId.ToString(), form);
        using (var powerSession = await server.SignInAsync(PowerReporter))
            Assert.DoesNotContain(exerciseId.ToString(), await powerSession.GetStringAsync("/reports/new"));
        var posted = await KizunaTestServer.PostFormAsync(session, "/reports/new", "report", new Dictionary<string, string>
        {
            ["Input.Action"] = "save", ["Input.SectorCode"] = "finance", ["Input.Title"] = $"Form draft {tag}", ["Input.ExerciseId"] = exerciseId.ToString(),
        });
        Assert.True((int)posted.StatusCode < 400, $"{(int)posted.StatusCode} {await posted.Content.ReadAsStringAsync()}");
        await using (var db = server.NewContext())
            Assert.Equal(exerciseId, (await db.Reports.SingleAsync(r => r.Title == $"Form draft {tag}")).ExerciseId);

        // The live stream (SSE) carries the exercise.
        using var bankRead = await server.ApiClientAsync(BankReporter, "read");
        using var stream = await SseClient.ConnectAsync(bankRead, alert["alert"]!["sequence"]!.GetValue<long>() - 1);
        var pushed = await stream.NextEventAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(alertId, pushed.Data.GetProperty("id").GetGuid());
        Assert.Equal(exerciseId, pushed.Data.GetProperty("exercise").GetProperty("id").GetGuid());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ExerciseReport_FirstHopOutsideTheExercise_IsRefused_AndNoNonMemberJoinsItsAudience(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var bank = await server.ApiClientAsync(BankReporter);
        var tag = Guid.NewGuid().ToString("N")[..12];
        // Only the bank plays (NISC runs it): the finance ministry, the bank's default first hop, does not take part.
        var (exerciseId, _) = await RunningExerciseAsync(server, tag, ["HIKARI-BANK"]);

        var refused = await Problems.AssertAsync(await bank.PostAsJsonAsync("/api/v1/reports?submit=true", ReportInput($"Exercise via FSA {tag}", $"m-{tag}.example", exerciseId)), HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("route", out _), refused.ToString());
        await using (var db = server.NewContext())
            Assert.False(await db.Reports.AnyAsync(r => r.ExerciseId == exerciseId && r.FirstSubmittedAt != null));

        // The coordinator route reaches the running organisation only, although the reporter lets the ministries know its identity.
        var input = ReportInput($"Exercise via NISC {tag}", $"c-{tag}.example", exerciseId);
        input["route"] = "coordinator";
        var id = (await OkJsonAsync(await bank.PostAsJsonAsync("/api/v1/reports?submit=true", input), HttpStatusCode.Created))["id"]!.GetValue<Guid>();
        await using (var db = server.NewContext())
        {
            var report = await db.Reports.SingleAsync(r => r.Id == id);
            var allowed = await db.Organizations.Where(o => o.Code == "NISC" || o.Code == "HIKARI-BANK").Select(o => o.Id).ToListAsync();
            var audience = report.Distribution.Audience.Where(a => a.Kind == AudienceKind.Organization).Select(a => Guid.Parse(a.Value)).ToList();
            Assert.NotEmpty(audience);
            Assert.All(audience, a => Assert.Contains(a, allowed));
        }
    }

    /// <summary>A running exercise of the coordinator with the finance ministry, the bank CEPTOAR and one bank as players.</summary>
    private static async Task<(Guid Id, string Title)> RunningExerciseAsync(KizunaTestServer server, string tag, string[]? participants = null)
    {
        participants ??= Participants;
        await using var db = server.NewContext();
        var now = DateTimeOffset.UtcNow;
        var nisc = await db.Organizations.SingleAsync(o => o.Code == "NISC");
        var user = await db.Users.Where(u => u.Email == Nisc).Select(u => u.Id).SingleAsync();
        var exercise = new Exercise($"分野横断的演習 {tag}", null, 60, null, nisc.Id, user, now);
        exercise.Start(now);
        db.Exercises.Add(exercise);
        foreach (var id in await db.Organizations.Where(o => participants.Contains(o.Code)).Select(o => o.Id).ToListAsync())
            db.ExerciseParticipants.Add(new ExerciseParticipant(exercise.Id, id, ExerciseRoles.Player, 3, now));
        await db.SaveChangesAsync();
        return (exercise.Id, exercise.Title);
    }

    private static JsonObject ReportInput(string title, string domain, Guid? exerciseId, string sector = "finance", string? service = "finance-banking")
    {
        var content = Liaison.LiaisonApi.Content(title, c =>
        {
            c["sectorCode"] = sector;
            c["criticalServices"] = service is null ? new JsonArray() : new JsonArray(service);
            c["indicators"] = new JsonArray(new JsonObject { ["type"] = "domain", ["value"] = domain, ["note"] = "C2" });
        });
        return Liaison.LiaisonApi.Input(content, disclosure: "ministry-and-coordinator", change: i => i["exerciseId"] = exerciseId?.ToString());
    }

    private static JsonObject AdvisoryInput(string title, string domain, Guid exerciseId)
    {
        var input = Provision.ProvisionApi.Input(title, tlp: "CLEAR", content: c =>
            c["indicators"] = new JsonArray(new JsonObject { ["type"] = "domain", ["value"] = domain }));
        input["exerciseId"] = exerciseId.ToString();
        return input;
    }

    /// <summary>Waits until the outbox has handled every projection and notification (so a leak would have happened).</summary>
    private static async Task DrainAsync(KizunaTestServer server)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var db = server.NewContext();
            var now = DateTimeOffset.UtcNow;
            // Reminders and escalations fall due later: only what is due now must be handled.
            var pending = (await db.Outbox.AsNoTracking().Where(m => NotifyChannels.Contains(m.Channel) && m.Status == OutboxStatus.Pending)
                .Select(m => m.DueAt).ToListAsync()).Count(due => due <= now);
            if (pending == 0) return;
            Assert.True(DateTime.UtcNow < until, $"{pending} outbox messages still pending.");
            await Task.Delay(100);
        }
    }

    private static async Task<string> OkAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    private static async Task<JsonNode> OkJsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }
}
