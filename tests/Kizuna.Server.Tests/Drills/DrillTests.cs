using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Exercises.Drills;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kizuna.Server.Tests.Drills.DrillApi;

namespace Kizuna.Server.Tests.Drills;

/// <summary>
/// Drills (セプター訓練) end to end on a fake clock: a down drill over three hops acknowledged by API,
/// page and mail link, with the exact report; an up drill along the report route; a scheduled drill
/// started once by two racing schedulers and closed at its deadline; the drill marking in every
/// channel; and who may see what.
/// </summary>
public sealed partial class DrillTests(DrillFixture fixture) : IClassFixture<DrillFixture>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task DownDrill_ThreeHopsAckedByApiPageAndLink_ReportIsExact(DatabaseKind kind)
    {
        var (server, clock) = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = IdOf(await StartAsync(nisc, Down("=1+1 finance drill", "finance")));
        using var fsa = await server.ApiClientAsync(Fsa);
        using var bank = await server.ApiClientAsync(BankReporter);
        // The message has not reached the bank yet: for it the drill does not exist.
        await Problems.AssertAsync(await bank.GetAsync($"/api/v1/drills/{id}"), HttpStatusCode.NotFound);

        clock.Advance(TimeSpan.FromMinutes(10));
        var first = await AckAsync(fsa, id);
        Assert.False(first["canAcknowledge"]!.GetValue<bool>());
        var at = first["summary"]!["mine"]!["acknowledgedAt"]!.GetValue<DateTimeOffset>();
        // A second acknowledgement is idempotent: the first one stands.
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(at, (await AckAsync(fsa, id))["summary"]!["mine"]!["acknowledgedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("api", (await GetJsonAsync(fsa, $"/api/v1/drills/{id}"))["summary"]!["mine"]!["via"]!.GetValue<string>());

        // The CEPTOAR: the banner on every page, then the acknowledgement on the drill's page (received and relayed).
        clock.Advance(TimeSpan.FromMinutes(19));
        using var sec = await server.SignInAsync(SecFinBank);
        var home = await sec.GetStringAsync("/");
        Assert.Contains($"data-drill-id=\"{id}\"", home);
        Assert.Contains(DrillLimits.SubjectPrefix, home);
        var posted = await KizunaTestServer.PostFormAsync(sec, $"/drills/{id}", "acknowledge", new Dictionary<string, string> { ["acknowledge"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.DoesNotContain($"data-drill-id=\"{id}\"", await sec.GetStringAsync("/"));

        // The bank: its drill mail, marked, with a link whose page acknowledges only on POST.
        clock.Advance(TimeSpan.FromMinutes(5));
        await DrillFixture.FanOutAsync(server, id, "HIKARI-BANK");
        string subject, text;
        await using (var db = server.NewContext())
        {
            var mail = (await db.Outbox.Where(m => m.Channel == OutboxChannels.Email && m.IdempotencyKey.StartsWith($"drill:{id:N}:sent:")).ToListAsync())
                .Select(m => m.ReadPayload<EmailPayload>()).First(p => p.To == BankReporter);
            (subject, text) = (mail.Subject, mail.TextBody);
        }
        Assert.StartsWith(DrillLimits.SubjectPrefix, subject);
        var link = LinkPattern().Match(text).Value;
        Assert.StartsWith("https://kizuna.example.jp/drills/ack/", link);
        using var anonymous = server.CreateClient();
        var path = new Uri(link).PathAndQuery;
        Assert.Contains("id=\"ack-confirm\"", await anonymous.GetStringAsync(path));
        Assert.Null((await GetJsonAsync(bank, $"/api/v1/drills/{id}"))["summary"]!["mine"]!["acknowledgedAt"]);
        var confirmed = await KizunaTestServer.PostFormAsync(anonymous, path, "acknowledge-link", new Dictionary<string, string> { ["confirm"] = "true" });
        Assert.Contains("id=\"ack-done\"", await confirmed.Content.ReadAsStringAsync());
        Assert.Contains("id=\"ack-used\"", await anonymous.GetStringAsync(path));
        Assert.Equal("mail", (await GetJsonAsync(bank, $"/api/v1/drills/{id}"))["summary"]!["mine"]!["via"]!.GetValue<string>());

        int ceptoars, operators;
        await using (var db = server.NewContext())
        {
            ceptoars = await db.Organizations.CountAsync(o => o.Kind == "ceptoar" && o.Sectors.Any(s => s.Code == "finance"));
            operators = await db.Organizations.CountAsync(o => (o.Kind == "operator" || o.Kind == "peripheral") && o.Sectors.Any(s => s.Code == "finance"));
        }
        var report = await GetJsonAsync(nisc, $"/api/v1/drills/{id}/report");
        var total = 1 + ceptoars + operators;
        Assert.Equal(total, report["recipients"]!.GetValue<int>());
        Assert.Equal(3, report["acknowledged"]!.GetValue<int>());
        Assert.Equal(DrillQueries.Rate(3, total), report["rate"]!.GetValue<double>());
        AssertLayer(Layer(report, 1), recipients: 1, reached: 1, acknowledged: 1, rate: 1, seconds: 600);
        AssertLayer(Layer(report, 2), ceptoars, ceptoars, 1, DrillQueries.Rate(1, ceptoars), 1200);
        // The bank CEPTOAR relays to its four members (HIKARI-BANK, MIYAMA-BANK, KAIGAN-SHINKIN, NIJIIRO-PAY); the others' CEPTOARs did not relay.
        AssertLayer(Layer(report, 3), operators, 4, 1, DrillQueries.Rate(1, operators), 300);
        Assert.Equal(3, report["layers"]!.AsArray().Count);
        var finance = report["sectors"]!.AsArray().Single(s => s!["sectorCode"]?.GetValue<string>() == "finance")!;
        Assert.Equal(ceptoars + operators, finance["recipients"]!.GetValue<int>());
        Assert.Equal(2, finance["acknowledged"]!.GetValue<int>());
        var silent = report["nonResponders"]!.AsArray().Select(n => n!.AsObject()).ToList();
        Assert.Equal(total - 3, silent.Count);
        Assert.DoesNotContain(silent, n => n["code"]!.GetValue<string>() is "FSA" or "SEC-FIN-BANK" or "HIKARI-BANK");
        var miyama = silent.Single(n => n["code"]!.GetValue<string>() == "MIYAMA-BANK");
        Assert.True(miyama["received"]!.GetValue<bool>());
        Assert.Equal("SEC-FIN-BANK", miyama["parentCode"]!.GetValue<string>());
        Assert.Contains(miyama["contacts"]!.AsArray(), c => c!["role"]!.GetValue<string>() == "primary" && c["email"] is not null);
        Assert.False(silent.Single(n => n["code"]!.GetValue<string>() == "TSUBAME-SEC")["received"]!.GetValue<bool>());

        // The CSV: UTF-8 with BOM, the same numbers, formulas defused.
        var csv = await nisc.GetByteArrayAsync($"/api/v1/drills/{id}/report.csv");
        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        var lines = Encoding.UTF8.GetString(csv[3..]).Split("\r\n");
        Assert.Contains("hop,1,1,1,1,1,600,600,600", lines);
        Assert.Contains($"hop,2,{ceptoars},{ceptoars},1,{DrillQueries.Rate(1, ceptoars):0.####},1200,1200,1200", lines);
        Assert.Contains(lines, l => l.StartsWith("drill,", StringComparison.Ordinal) && l.Contains(",'=1+1 finance drill,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("non_responder,TSUBAME-SEC,", StringComparison.Ordinal));

        // The next drill of the same direction compares with this one.
        var next = IdOf(await StartAsync(nisc, Down("Next finance drill", "finance")));
        var earlier = (await GetJsonAsync(nisc, $"/api/v1/drills/{next}/report"))["earlier"]!.AsArray().Single(e => e!["id"]!.GetValue<Guid>() == id)!;
        Assert.Equal(3, earlier["acknowledged"]!.GetValue<int>());
        Assert.Equal(total, earlier["recipients"]!.GetValue<int>());
        Assert.Equal(600, earlier["medianSeconds"]!.GetValue<double>());
        // The page shows the report to the coordinator.
        using var niscPage = await server.SignInAsync(Nisc);
        var page = await niscPage.GetStringAsync($"/drills/{id}");
        Assert.Contains("id=\"report-layers\"", page);
        Assert.Contains("data-code=\"TSUBAME-SEC\"", page);
    }

    private static void AssertLayer(JsonObject layer, int recipients, int reached, int acknowledged, double rate, double seconds)
    {
        Assert.Equal(recipients, layer["recipients"]!.GetValue<int>());
        Assert.Equal(reached, layer["reached"]!.GetValue<int>());
        Assert.Equal(acknowledged, layer["acknowledged"]!.GetValue<int>());
        Assert.Equal(rate, layer["rate"]!.GetValue<double>());
        var time = layer["time"]!;
        Assert.Equal(seconds, time["minSeconds"]!.GetValue<double>());
        Assert.Equal(seconds, time["medianSeconds"]!.GetValue<double>());
        Assert.Equal(seconds, time["maxSeconds"]!.GetValue<double>());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task UpDrill_ViaMinistry_ReachesTheCoordinatorWhenTheMinistryRelays(DatabaseKind kind)
    {
        var (server, clock) = await fixture.ServerAsync(kind);
        using var power = await server.ApiClientAsync(PowerReporter);
        var id = IdOf(await StartAsync(power, new { direction = "up", title = "Test liaison", message = "テスト情報連絡です。" }));
        using var meti = await server.ApiClientAsync(Meti);
        using var nisc = await server.ApiClientAsync(Nisc);
        // The coordinator sees every drill, but the message has not reached it: nothing to acknowledge yet.
        await Problems.AssertAsync(await nisc.PostAsync($"/api/v1/drills/{id}/acknowledge", null), HttpStatusCode.Conflict, "has not reached");

        clock.Advance(TimeSpan.FromMinutes(3));
        var mine = (await AckAsync(meti, id))["summary"]!["mine"]!;
        Assert.True(mine["relays"]!.GetValue<bool>());
        Assert.NotNull(mine["relayedAt"]);
        // The ministry is a recipient: its own message, never the report.
        await Problems.AssertAsync(await meti.GetAsync($"/api/v1/drills/{id}/report"), HttpStatusCode.NotFound);
        clock.Advance(TimeSpan.FromMinutes(7));
        await AckAsync(nisc, id);

        var report = await GetJsonAsync(power, $"/api/v1/drills/{id}/report");
        Assert.Equal(2, report["recipients"]!.GetValue<int>());
        Assert.Equal(1.0, report["rate"]!.GetValue<double>());
        AssertLayer(Layer(report, 1), 1, 1, 1, 1, 180);
        AssertLayer(Layer(report, 2), 1, 1, 1, 1, 420);
        Assert.Empty(report["nonResponders"]!.AsArray());

        // Via the CEPTOAR: the bank's secretariat first, then the coordinator.
        using var bank = await server.ApiClientAsync(BankReporter);
        var viaCeptoar = IdOf(await StartAsync(bank, new { direction = "up", title = "Via CEPTOAR", message = "Test.", route = "ceptoar" }));
        using var sec = await server.ApiClientAsync(SecFinBank);
        Assert.True((await GetJsonAsync(sec, $"/api/v1/drills/{viaCeptoar}"))["canAcknowledge"]!.GetValue<bool>());
        var chain = await GetJsonAsync(bank, $"/api/v1/drills/{viaCeptoar}/report");
        Assert.Equal(["SEC-FIN-BANK", "NISC"], chain["nonResponders"]!.AsArray().Select(n => n!["code"]!.GetValue<string>()));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ScheduledDrill_TwoRacingSchedulers_StartsOnceAndClosesAtTheDeadline(DatabaseKind kind)
    {
        var (server, clock) = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var past = await nisc.PostAsJsonAsync("/api/v1/drills", new { direction = "down", title = "Past", message = "x", sectors = new[] { "water" }, scheduledAt = clock.GetUtcNow().AddHours(-1) });
        Assert.Contains("past", Problems.Explanation(await Problems.AssertAsync(past, HttpStatusCode.BadRequest)));

        var detail = await StartAsync(nisc, new { direction = "down", title = "Scheduled water drill", message = "Scheduled.", sectors = new[] { "water" },
            scheduledAt = clock.GetUtcNow().AddHours(2), durationMinutes = 30 });
        var id = IdOf(detail);
        Assert.Equal("scheduled", detail["summary"]!["status"]!.GetValue<string>());
        var scheduler = server.Services.GetRequiredService<DrillScheduler>();
        Assert.Equal(0, (await scheduler.RunOnceAsync()).Started);
        await using (var db = server.NewContext())
            Assert.False(await db.Set<DrillRecipient>().AnyAsync(r => r.DrillId == id));

        clock.Advance(TimeSpan.FromHours(2));
        var rounds = await Task.WhenAll(scheduler.RunOnceAsync(), scheduler.RunOnceAsync());
        Assert.Equal(1, rounds.Sum(r => r.Started));
        await using (var db = server.NewContext())
        {
            var rows = await db.Set<DrillRecipient>().Where(r => r.DrillId == id).ToListAsync();
            Assert.NotEmpty(rows);
            Assert.Equal(rows.Count, rows.Select(r => r.OrganizationId).Distinct().Count());
            var firstHop = rows.Where(r => r.Hop == 1).Select(r => r.OrganizationId).ToList();
            Assert.Equal(firstHop.Count, await db.Outbox.CountAsync(m => m.Channel == DrillStarter.NotifyChannel && m.IdempotencyKey.StartsWith($"drill:{id:N}:")));
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "drill.started" && a.TargetId == id.ToString("D")));
        }
        var running = await GetJsonAsync(nisc, $"/api/v1/drills/{id}");
        Assert.Equal("running", running["summary"]!["status"]!.GetValue<string>());

        clock.Advance(TimeSpan.FromMinutes(31));
        var closing = await Task.WhenAll(scheduler.RunOnceAsync(), scheduler.RunOnceAsync());
        Assert.True(closing.Sum(r => r.Closed) >= 1);
        Assert.Equal("closed", (await GetJsonAsync(nisc, $"/api/v1/drills/{id}"))["summary"]!["status"]!.GetValue<string>());
        await using (var db = server.NewContext())
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "drill.closed" && a.TargetId == id.ToString("D")));
        // Acknowledging a closed drill does not count.
        using var mlit = await server.ApiClientAsync(await HopOneUserAsync(server, id));
        await Problems.AssertAsync(await mlit.PostAsync($"/api/v1/drills/{id}/acknowledge", null), HttpStatusCode.Conflict, "no longer running");
    }

    /// <summary>A user of a first-hop organisation of the drill (the water ministry of the day).</summary>
    private static async Task<string> HopOneUserAsync(KizunaTestServer server, Guid id)
    {
        await using var db = server.NewContext();
        var org = await db.Set<DrillRecipient>().Where(r => r.DrillId == id && r.Hop == 1).Select(r => r.OrganizationId).FirstAsync();
        var existing = await db.Users.Where(u => u.OrganizationId == org).Select(u => u.Email).FirstOrDefaultAsync();
        if (existing is not null) return existing;
        using var scope = server.Services.CreateScope();
        var code = await db.Organizations.Where(o => o.Id == org).Select(o => o.Code).FirstAsync();
        var email = $"drill-{code.ToLowerInvariant()}@test.example";
        await scope.ServiceProvider.GetRequiredService<Kizuna.Core.Features.Identity.AddUserHandler>().HandleAsync(
            new Kizuna.Core.Features.Identity.AddUser(email, "Drill tester", code, ["analyst"], DemoUsers.Password), new Kizuna.Core.Features.Audit.AuditRecord("user.added", ActorEmail: "test"));
        return email;
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Channels_MailWebhookAndStix_AreMarkedAsDrill(DatabaseKind kind)
    {
        var (server, _) = await fixture.ServerAsync(kind);
        await using (var db = server.NewContext())
        {
            var meti = await db.Organizations.Where(o => o.Code == "METI").Select(o => o.Id).SingleAsync();
            if (!await db.Webhooks.AnyAsync(w => w.OrganizationId == meti))
            {
                db.Webhooks.Add(new OrganizationWebhook(meti, new Uri("https://hooks.meti.example/kizuna"), "drill test", DateTimeOffset.UtcNow));
                await db.SaveChangesAsync();
            }
        }
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = IdOf(await StartAsync(nisc, Down("Credit drill", "credit")));
        await DrillFixture.FanOutAsync(server, id, "METI");
        await using (var db = server.NewContext())
        {
            var sent = await db.Outbox.Where(m => m.IdempotencyKey.StartsWith($"drill:{id:N}:sent:")).ToListAsync();
            var mails = sent.Where(m => m.Channel == OutboxChannels.Email).Select(m => m.ReadPayload<EmailPayload>()).ToList();
            Assert.Contains(mails, m => m.To == Meti);
            Assert.All(mails, m => Assert.StartsWith("【訓練 DRILL】", m.Subject));
            var hook = sent.Single(m => m.Channel == OutboxChannels.Webhook).ReadPayload<WebhookPayload>();
            Assert.Equal("drill.message", hook.Event);
            Assert.Equal("drill.message", hook.Body.GetProperty("event").GetString());
            Assert.True(hook.Body.GetProperty("drill").GetBoolean());
            Assert.StartsWith("【訓練 DRILL】", hook.Body.GetProperty("message").GetProperty("title").GetString());
            // Drills never enter TAXII collections (nor any STIX store).
            Assert.False(await db.StixObjects.AnyAsync(o => o.StixId.Contains(id.ToString("D"))));
        }
        using var meti2 = await server.ApiClientAsync(Meti);
        var stix = JsonNode.Parse(await meti2.GetStringAsync($"/api/v1/drills/{id}/stix"))!;
        Assert.Equal("bundle", stix["type"]!.GetValue<string>());
        var note = stix["objects"]!.AsArray().Single(o => o!["type"]!.GetValue<string>() == "note")!;
        Assert.Contains("kizuna-drill", note["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.StartsWith("【訓練 DRILL】", note["abstract"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Access_UnrelatedOrganisations_GetNotFoundEverywhere(DatabaseKind kind)
    {
        var (server, _) = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = IdOf(await StartAsync(nisc, Down("Secret finance drill KZDRILLSECRET", "finance")));
        foreach (var email in new[] { Peripheral, WaterViewer, BankReporter })
        {
            using var other = await server.ApiClientAsync(email);
            foreach (var path in new[] { "", "/report", "/report.csv", "/stix" })
                await Problems.AssertAsync(await other.GetAsync($"/api/v1/drills/{id}{path}"), HttpStatusCode.NotFound);
            foreach (var path in new[] { "/acknowledge", "/cancel" })
                await Problems.AssertAsync(await other.PostAsync($"/api/v1/drills/{id}{path}", null), HttpStatusCode.NotFound);
            Assert.DoesNotContain("KZDRILLSECRET", await other.GetStringAsync("/api/v1/drills"));
        }
        using var peripheralPage = await server.SignInAsync(Peripheral);
        var page = await peripheralPage.GetAsync($"/drills/{id}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("KZDRILLSECRET", await page.Content.ReadAsStringAsync());

        // A recipient sees its own message but no counts and no report.
        using var fsa = await server.ApiClientAsync(Fsa);
        var mine = await GetJsonAsync(fsa, $"/api/v1/drills/{id}");
        Assert.False(mine["canSeeReport"]!.GetValue<bool>());
        Assert.Null(mine["summary"]!["recipients"]);
        await Problems.AssertAsync(await fsa.GetAsync($"/api/v1/drills/{id}/report"), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await fsa.PostAsync($"/api/v1/drills/{id}/cancel", null), HttpStatusCode.Forbidden);
        Assert.Null(JsonNode.Parse(await fsa.GetStringAsync("/api/v1/drills"))!.AsArray().Single(d => d!["id"]!.GetValue<Guid>() == id)!["recipients"]);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Start_BadInputAndCancel_AnswerProblemDetails(DatabaseKind kind)
    {
        var (server, _) = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var fsa = await server.ApiClientAsync(Fsa);
        using var bank = await server.ApiClientAsync(BankReporter);
        async Task<string> BadAsync(HttpClient client, object body, HttpStatusCode status = HttpStatusCode.BadRequest)
            => Problems.Explanation(await Problems.AssertAsync(await client.PostAsJsonAsync("/api/v1/drills", body), status));

        Assert.Contains("not responsible for the sector 'water'", await BadAsync(fsa, Down("x", "water")));
        Assert.Contains("Unknown sector 'atlantis'", await BadAsync(nisc, Down("x", "atlantis")));
        Assert.Contains("Unknown direction", await BadAsync(nisc, new { direction = "sideways", title = "x", message = "y" }));
        Assert.Contains("title", await BadAsync(nisc, new { direction = "down", title = "", message = "y" }));
        Assert.Contains("duration", await BadAsync(nisc, new { direction = "down", title = "x", message = "y", durationMinutes = 0 }));
        Assert.Contains("Unknown route", await BadAsync(bank, new { direction = "up", title = "x", message = "y", route = "pigeon" }));
        await BadAsync(bank, Down("x", "finance"), HttpStatusCode.Forbidden);
        await BadAsync(nisc, new { direction = "up", title = "x", message = "y" }, HttpStatusCode.Forbidden);

        // A ministry's drill covers its own sectors.
        var fsaDrill = await StartAsync(fsa, new { direction = "down", title = "FSA drill", message = "y" });
        Assert.Equal(["finance"], fsaDrill["sectors"]!.AsArray().Select(s => s!.GetValue<string>()));

        var id = IdOf(await StartAsync(nisc, Down("To cancel", "gas")));
        var cancelled = await nisc.PostAsync($"/api/v1/drills/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", JsonNode.Parse(await cancelled.Content.ReadAsStringAsync())!["summary"]!["status"]!.GetValue<string>());
        await Problems.AssertAsync(await nisc.PostAsync($"/api/v1/drills/{id}/cancel", null), HttpStatusCode.Conflict);
        await Problems.AssertAsync(await nisc.GetAsync($"/api/v1/drills/{Guid.CreateVersion7()}"), HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AnnualFigures_DrillTable_CountsStartedDrillsForTheCoordinatorOnly(DatabaseKind kind)
    {
        var (server, clock) = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var fy = Kizuna.Core.Features.Analytics.Trends.FiscalCalendar.FiscalYearOf(clock.GetUtcNow());
        async Task<Dictionary<string, int>> TotalsAsync()
        {
            var table = (await GetJsonAsync(nisc, $"/api/v1/analytics/annual/{fy}"))["drills"]!;
            return table["rows"]!.AsArray().Where(r => r!["key"]!.GetValue<string>() != "rate")
                .ToDictionary(r => r!["key"]!.GetValue<string>(), r => r!["total"]!["value"]!.GetValue<int>());
        }
        var before = await TotalsAsync();
        var id = IdOf(await StartAsync(nisc, Down("Gas drill for the annual figures", "gas")));
        using var meti = await server.ApiClientAsync(Meti);
        await AckAsync(meti, id);
        var cancelled = IdOf(await StartAsync(nisc, Down("Cancelled drill", "gas")));
        Assert.Equal(HttpStatusCode.OK, (await nisc.PostAsync($"/api/v1/drills/{cancelled}/cancel", null)).StatusCode);
        int recipients;
        await using (var db = server.NewContext())
            recipients = await db.Set<DrillRecipient>().CountAsync(r => r.DrillId == id);

        var after = await TotalsAsync();
        Assert.Equal(before["down"] + 1, after["down"]);
        Assert.Equal(before["up"], after["up"]);
        Assert.Equal(before["recipients"] + recipients, after["recipients"]);
        Assert.Equal(before["acknowledged"] + 1, after["acknowledged"]);
        var csv = await nisc.GetStringAsync($"/api/v1/analytics/annual/{fy}.csv");
        Assert.Contains($"drills,down,", csv);
        // Only the coordinator gets the drill table.
        using var fsa = await server.ApiClientAsync(Fsa);
        Assert.Null((await GetJsonAsync(fsa, $"/api/v1/analytics/annual/{fy}"))["drills"]);
    }

    [GeneratedRegex(@"https://kizuna\.example\.jp/drills/ack/[A-Za-z0-9_\-\.]+")]
    private static partial Regex LinkPattern();
}
