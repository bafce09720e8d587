using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Server.Tests;

/// <summary>
/// The leak hunt (STYLE.md, Tests): seed secrets through the API, then, as every demo user, call
/// every GET route of the app — REST and pages, enumerated from the endpoint data source so new
/// routes join without edits — and assert a secret appears only to those allowed to see it.
/// <list type="bullet">
/// <item>A TLP:RED notice to FSA only and a TLP:AMBER+STRICT notice to one operator (HIKARI-BANK),
/// posted by a NISC analyst, each with a unique canary in title and body.</item>
/// <item>HIKARI-BANK's contacts and network details, which only the organisation, the coordinator,
/// its sector ministry (FSA) and its CEPTOAR's secretariat (SEC-FIN-BANK) may see.</item>
/// <item>A liaison report (情報連絡) filed by HIKARI-BANK to FSA that lets only the ministry know
/// its identity, with a canary in its title, description, attachment (name and content) and a
/// thread message: only HIKARI-BANK and FSA may see it. (Liaison/LiaisonLeakHuntTests hunts the
/// reporter's identifying details in sanitized views.)</item>
/// <item>Advisories (情報提供) published by a NISC analyst: TLP:RED to FSA only and AMBER+STRICT to
/// HIKARI-BANK only, with canaries in title, summary and body. Besides every GET route (inboxes,
/// feeds, reach boards), the outbox is searched: no notification, e-mail or webhook is ever
/// addressed to an organisation outside the audience, and no e-mail carries the canary at all.</item>
/// <item>An urgent hotline alert (ホットライン) sent by a NISC analyst at TLP:RED to FSA only, with a
/// canary in its title and message: besides the alert routes, the walk reads the SSE stream from
/// its beginning (<c>?once=true&amp;lastEventId=0</c>), which must carry it to FSA and to no one else.</item>
/// <item>A TLP:RED STIX indicator HIKARI-BANK put in its TAXII inbox, with a canary in its name: only
/// HIKARI-BANK and the coordinator (NISC) may see it, through any TAXII route (<c>/taxii2/…</c>).</item>
/// </list>
/// </summary>
public sealed class LeakHuntTests(LeakHuntTests.Fixture fixture) : IClassFixture<LeakHuntTests.Fixture>
{
    private const string Author = "NISC";
    private const string RedRecipient = "FSA";
    private const string StrictRecipient = "HIKARI-BANK";
    private const string ContactsOf = "HIKARI-BANK";
    /// <summary>Who may see HIKARI-BANK's contacts: itself, the coordinator, its ministry, its CEPTOAR secretariat.</summary>
    private static readonly string[] ContactsVisibleTo = ["HIKARI-BANK", "NISC", "FSA", "SEC-FIN-BANK"];
    private const string ContactEmail = "soc@hikari-bank.example";
    private const string ContactRange = "192.0.2.72/29";
    /// <summary>A search word that matches the canaries without being one (pages echo the query).</summary>
    private const string CanaryWord = "KZCANARY";
    private const string Reporter = "HIKARI-BANK";
    /// <summary>Who may see the liaison report: the reporter and its ministry (the first hop, told the identity).</summary>
    private static readonly string[] ReportVisibleTo = ["HIKARI-BANK", "FSA"];
    /// <summary>Whose TAXII inbox holds the TLP:RED indicator; it and the coordinator may see it.</summary>
    private const string TaxiiOwner = "HIKARI-BANK";
    private static readonly string[] TaxiiVisibleTo = [TaxiiOwner, "NISC"];

    public sealed record Secrets(Guid RedId, string RedCanary, Guid StrictId, string StrictCanary, Guid ReportId, string ReportCanary, Guid AttachmentId,
        Guid RedAdvisoryId, string RedAdvisoryCanary, Guid StrictAdvisoryId, string StrictAdvisoryCanary, Guid RedAlertId, string RedAlertCanary,
        string TaxiiRedId, string TaxiiCanary, Guid TaxiiStatusId);

    public sealed class Fixture : ServerFixture
    {
        private readonly Dictionary<DatabaseKind, Task<Secrets>> _secrets = [];
        private readonly Lock _gate = new();

        public Task<Secrets> SecretsAsync(DatabaseKind kind)
        {
            lock (_gate)
            {
                if (!_secrets.TryGetValue(kind, out var secrets)) _secrets[kind] = secrets = SeedAsync(kind);
                return secrets;
            }
        }

        private async Task<Secrets> SeedAsync(DatabaseKind kind)
        {
            var server = await ServerAsync(kind);
            var analyst = DemoUsers.All.First(u => u.Org == Author && !u.PlatformAdmin && u.Roles.Contains("analyst")).Email;
            using var client = await server.ApiClientAsync(analyst);
            var red = $"{CanaryWord}-RED-{Guid.NewGuid():N}";
            var strict = $"{CanaryWord}-STRICT-{Guid.NewGuid():N}";
            var report = $"{CanaryWord}-REPORT-{Guid.NewGuid():N}";
            var (reportId, attachmentId) = await FileReportAsync(server, report);
            var redAdvisory = $"{CanaryWord}-REDADV-{Guid.NewGuid():N}";
            var strictAdvisory = $"{CanaryWord}-STRICTADV-{Guid.NewGuid():N}";
            var redAlert = $"{CanaryWord}-REDALERT-{Guid.NewGuid():N}";
            var taxii = $"{CanaryWord}-TAXII-{Guid.NewGuid():N}";
            var (taxiiId, taxiiStatus) = await PostRedStixAsync(server, taxii);
            return new Secrets(await PostAsync(client, red, "RED", RedRecipient), red, await PostAsync(client, strict, "AMBER+STRICT", StrictRecipient), strict,
                reportId, report, attachmentId,
                await PublishAdvisoryAsync(client, redAdvisory, "RED", RedRecipient), redAdvisory,
                await PublishAdvisoryAsync(client, strictAdvisory, "AMBER+STRICT", StrictRecipient), strictAdvisory,
                Hotline.HotlineApi.IdOf(await Hotline.HotlineApi.SendAsync(client, new
                {
                    @class = "cyber", severity = 4, title = $"Secret alert {redAlert}", message = $"Only {RedRecipient}: {redAlert}", tlp = "RED",
                    audience = new[] { new { kind = "organization", value = RedRecipient } },
                })), redAlert, taxiiId, taxii, taxiiStatus);
        }

        private static async Task<(string, Guid)> PostRedStixAsync(KizunaTestServer server, string canary)
        {
            using var bank = await server.ApiClientAsync(DemoUsers.Of(TaxiiOwner, "reporter"));
            var red = Interop.TaxiiApi.Indicator(tlp: Kizuna.Stix.Tlp.Red, name: $"Secret indicator {canary}");
            var status = await Interop.TaxiiApi.PostAsync(bank, "inbox-" + TaxiiOwner.ToLowerInvariant(), red);
            Assert.Equal(1, status["success_count"]!.GetValue<int>());
            return (red["id"]!.GetValue<string>(), status["id"]!.GetValue<Guid>());
        }

        private static Task<Guid> PublishAdvisoryAsync(HttpClient client, string canary, string tlp, string recipient)
            => Provision.ProvisionApi.PublishAsync(client, Provision.ProvisionApi.Input($"Secret advisory {canary}", tlp,
                Provision.ProvisionApi.Audience(("organization", recipient)),
                c => { c["summary"] = $"Summary {canary}"; c["body"] = $"Only {recipient}: {canary}"; }));

        private static async Task<(Guid, Guid)> FileReportAsync(KizunaTestServer server, string canary)
        {
            using var reporter = await server.ApiClientAsync(DemoUsers.Of(Reporter, "reporter"));
            var input = Liaison.LiaisonApi.Input(Liaison.LiaisonApi.Content($"Secret report {canary}", c => c["description"] = $"Only the reporter and FSA may read {canary}."));
            var id = Liaison.LiaisonApi.IdOf(await Liaison.LiaisonApi.FileAsync(reporter, input));
            var update = Liaison.LiaisonApi.Input(Liaison.LiaisonApi.Content($"Secret report {canary} (続報)", c => c["impact"] = $"Impact {canary}."));
            Assert.Equal(HttpStatusCode.OK, (await reporter.PostAsJsonAsync($"/api/v1/reports/{id}/submit", new { kind = "update", report = update })).StatusCode);
            var attached = await Liaison.LiaisonApi.AttachAsync(reporter, id, $"{canary}.log", System.Text.Encoding.UTF8.GetBytes($"log line {canary}\n"));
            var attachmentId = JsonNode.Parse(await attached.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
            Assert.Equal(HttpStatusCode.Created, (await reporter.PostAsJsonAsync($"/api/v1/reports/{id}/messages", new { body = $"Answer {canary}" })).StatusCode);
            return (id, attachmentId);
        }

        private static async Task<Guid> PostAsync(HttpClient client, string canary, string tlp, string recipient)
        {
            var response = await client.PostAsJsonAsync("/api/v1/notices", new
            {
                title = $"Secret {canary}",
                body = $"Only {recipient} may read this: {canary}.",
                tlp,
                audience = new[] { new { kind = "organization", value = recipient } },
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
        }
    }

    public static TheoryData<DatabaseKind, string> EveryUser()
    {
        var data = new TheoryData<DatabaseKind, string>();
        foreach (var kind in new[] { DatabaseKind.Sqlite, DatabaseKind.Postgres })
            foreach (var user in DemoUsers.All)
                data.Add(kind, user.Email);
        return data;
    }

    [Theory, MemberData(nameof(EveryUser))]
    public async Task EveryGetRoute_AsDemoUser_ShowsSecretsOnlyToTheirAudience(DatabaseKind kind, string email)
    {
        var server = await fixture.ServerAsync(kind);
        var secrets = await fixture.SecretsAsync(kind);
        var user = DemoUsers.All.Single(u => u.Email == email);
        var seesRed = user.Org is Author or RedRecipient;
        var seesStrict = user.Org is Author or StrictRecipient;
        var seesContacts = ContactsVisibleTo.Contains(user.Org) || user.PlatformAdmin;
        var seesReport = ReportVisibleTo.Contains(user.Org);
        var seesTaxii = TaxiiVisibleTo.Contains(user.Org);

        var forbidden = new List<(string Secret, string What)>();
        if (!seesRed) forbidden.AddRange([(secrets.RedCanary, "the TLP:RED canary"), (secrets.RedId.ToString("D"), "the TLP:RED notice id")]);
        if (!seesStrict) forbidden.AddRange([(secrets.StrictCanary, "the AMBER+STRICT canary"), (secrets.StrictId.ToString("D"), "the AMBER+STRICT notice id")]);
        if (!seesRed) forbidden.AddRange([(secrets.RedAdvisoryCanary, "the TLP:RED advisory canary"), (secrets.RedAdvisoryId.ToString("D"), "the TLP:RED advisory id")]);
        if (!seesStrict) forbidden.AddRange([(secrets.StrictAdvisoryCanary, "the AMBER+STRICT advisory canary"), (secrets.StrictAdvisoryId.ToString("D"), "the AMBER+STRICT advisory id")]);
        if (!seesRed) forbidden.AddRange([(secrets.RedAlertCanary, "the TLP:RED hotline alert canary"), (secrets.RedAlertId.ToString("D"), "the TLP:RED hotline alert id")]);
        if (!seesContacts) forbidden.AddRange([(ContactEmail, $"{ContactsOf}'s contact e-mail"), (ContactRange, $"{ContactsOf}'s IP range")]);
        if (!seesReport) forbidden.Add((secrets.ReportCanary, "the liaison report's canary"));
        if (!seesTaxii) forbidden.AddRange([(secrets.TaxiiCanary, "the TLP:RED STIX indicator's canary"), (secrets.TaxiiRedId, "the TLP:RED STIX indicator's id")]);
        // Platform admins read the audit trail, whose rows name the report (by id, under the reporter's pseudonym).
        if (!seesReport && !user.PlatformAdmin) forbidden.AddRange([(secrets.ReportId.ToString("D"), "the liaison report id"), (secrets.AttachmentId.ToString("D"), "the liaison attachment id")]);

        using var api = await server.ApiClientAsync(email, "read");
        using var session = await server.SignInAsync(email);
        await using var db = server.NewContext();
        var values = await DemoValues.RouteValuesAsync(db,
            new[] { Author, RedRecipient, StrictRecipient, ContactsOf, "SEC-FIN-BANK", user.Org }.Distinct().ToList(),
            [secrets.RedId, secrets.StrictId]);
        values.AddReports([secrets.ReportId], [secrets.AttachmentId]);
        values.AddAdvisories([secrets.RedAdvisoryId, secrets.StrictAdvisoryId]);
        values["alerts/id"] = values["hotline/id"] = [secrets.RedAlertId.ToString("D"), Guid.CreateVersion7().ToString("D")];
        values.AddStixObjects([secrets.TaxiiRedId, "indicator--7d5c1a36-3f0e-4d38-9a54-5b0c1e6f2a11"], [secrets.TaxiiStatusId]);

        var bodies = new Dictionary<string, (HttpStatusCode Status, string Body)>();
        var routes = RouteCatalog.Gets(server.Services);
        Assert.Contains(routes, RouteCatalog.IsPage);
        foreach (var route in routes)
        {
            var paths = RouteCatalog.Expand(route, values);
            if (route.RoutePattern.Parameters.Count == 0)
                paths = paths.SelectMany(p => new[] { p, RouteCatalog.WithQuery(p, "pageSize=200"), RouteCatalog.WithQuery(p, $"q={CanaryWord}") }).ToList();
            foreach (var path in paths)
            {
                var response = await (RouteCatalog.UsesToken(route) ? api : session).GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True((int)response.StatusCode < 500, $"GET {path} as {email}: {(int)response.StatusCode} {body}");
                foreach (var (secret, what) in forbidden)
                {
                    // A 404 echoes the requested path; only the secret id itself may come back, and only there.
                    if (path.Contains(secret, StringComparison.Ordinal)) continue;
                    Assert.False(body.Contains(secret, StringComparison.OrdinalIgnoreCase), $"LEAK: GET {path} as {email} ({user.Org}) shows {what}.");
                }
                bodies[path] = (response.StatusCode, body);
            }
        }

        // The walk really reached the places a secret would show.
        foreach (var path in new[] { "/api/v1/notices", "/notices", "/", $"/api/v1/notices/{secrets.RedId:D}", $"/notices/{secrets.RedId:D}", $"/api/v1/organizations/{ContactsOf}", $"/directory/{ContactsOf}" })
            Assert.True(bodies.ContainsKey(path), $"The walk never requested {path}.");

        await AssertNoticeAsync(bodies, secrets.RedId, secrets.RedCanary, seesRed, email);
        foreach (var path in new[] { $"/api/v1/hotline/alerts/{secrets.RedAlertId:D}", $"/hotline/{secrets.RedAlertId:D}" })
        {
            Assert.True(bodies.ContainsKey(path), $"The walk never requested {path}.");
            Assert.True(bodies[path].Status == (seesRed ? HttpStatusCode.OK : HttpStatusCode.NotFound), $"GET {path} as {email}: got {(int)bodies[path].Status}.");
            if (seesRed) Assert.Contains(secrets.RedAlertCanary, bodies[path].Body);
        }
        const string replay = "/api/v1/hotline/stream?once=true&lastEventId=0";
        Assert.True(bodies.ContainsKey(replay), $"The walk never requested {replay}.");
        // The stream carries what is addressed to the organisation: the recipient, not the sender.
        Assert.Equal(user.Org == RedRecipient, bodies[replay].Body.Contains(secrets.RedAlertCanary, StringComparison.Ordinal));
        var inbox = $"/taxii2/kizuna/collections/inbox-{TaxiiOwner.ToLowerInvariant()}";
        foreach (var path in new[] { $"{inbox}/objects/{secrets.TaxiiRedId}", $"{inbox}/objects/{secrets.TaxiiRedId}/versions", $"{inbox}/objects", $"{inbox}/manifest" })
        {
            Assert.True(bodies.ContainsKey(path), $"The walk never requested {path}.");
            Assert.True(bodies[path].Status == (seesTaxii ? HttpStatusCode.OK : HttpStatusCode.NotFound), $"GET {path} as {email}: got {(int)bodies[path].Status}.");
        }
        Assert.Equal(seesTaxii, bodies[$"{inbox}/objects/{secrets.TaxiiRedId}"].Body.Contains(secrets.TaxiiCanary, StringComparison.Ordinal));
        Assert.Equal(seesTaxii, bodies[$"{inbox}/objects?match[version]=all"].Body.Contains(secrets.TaxiiCanary, StringComparison.Ordinal));
        // The status of the post is the poster's alone.
        Assert.Equal(user.Org == TaxiiOwner ? HttpStatusCode.OK : HttpStatusCode.NotFound, bodies[$"/taxii2/kizuna/status/{secrets.TaxiiStatusId:D}"].Status);
        AssertAdvisory(bodies, secrets.RedAdvisoryId, secrets.RedAdvisoryCanary, seesRed, user.Org == Author, email);
        AssertAdvisory(bodies, secrets.StrictAdvisoryId, secrets.StrictAdvisoryCanary, seesStrict, user.Org == Author, email);
        await AssertNoticeAsync(bodies, secrets.StrictId, secrets.StrictCanary, seesStrict, email);
        var reportPath = $"/api/v1/reports/{secrets.ReportId:D}";
        foreach (var path in new[] { reportPath, $"/reports/{secrets.ReportId:D}", $"{reportPath}/submissions/1", $"{reportPath}/submissions/2", $"{reportPath}/diff?from=1&to=2", $"{reportPath}/attachments/{secrets.AttachmentId:D}" })
        {
            Assert.True(bodies.ContainsKey(path), $"The walk never requested {path}.");
            if (seesReport) Assert.True(bodies[path].Status == HttpStatusCode.OK, $"GET {path} as {email}: expected 200, got {(int)bodies[path].Status}.");
            else Assert.True(bodies[path].Status == HttpStatusCode.NotFound, $"GET {path} as {email}: expected 404 (not 403), got {(int)bodies[path].Status}.");
        }
        if (seesReport)
        {
            Assert.Contains(secrets.ReportCanary, bodies[reportPath].Body);
            Assert.Contains(secrets.ReportCanary, bodies["/api/v1/reports"].Body);
            Assert.Contains(secrets.ReportCanary, bodies[$"/reports/{secrets.ReportId:D}"].Body);
            Assert.Contains(secrets.ReportCanary, bodies["/reports"].Body);
        }
        foreach (var path in new[] { $"/api/v1/organizations/{ContactsOf}", $"/directory/{ContactsOf}" })
        {
            Assert.Equal(HttpStatusCode.OK, bodies[path].Status);
            Assert.True(bodies[path].Body.Contains(ContactEmail) == seesContacts,
                $"GET {path} as {email}: contacts {(seesContacts ? "missing for an allowed viewer" : "shown")}.");
        }
    }

    private static void AssertAdvisory(Dictionary<string, (HttpStatusCode Status, string Body)> bodies, Guid id, string canary, bool sees, bool publisher, string email)
    {
        // The reach board is the publisher's (and a relay's, for its part of the chain; these are not relayed).
        foreach (var (path, allowed) in new[] { ($"/api/v1/advisories/{id:D}", sees), ($"/api/v1/advisories/{id:D}/reach", sees && publisher) })
        {
            Assert.True(bodies.ContainsKey(path), $"The walk never requested {path}.");
            if (allowed) Assert.True(bodies[path].Status == HttpStatusCode.OK, $"GET {path} as {email}: expected 200, got {(int)bodies[path].Status}.");
            else Assert.True(bodies[path].Status == HttpStatusCode.NotFound, $"GET {path} as {email}: expected 404 (not 403), got {(int)bodies[path].Status}.");
        }
        if (sees)
        {
            Assert.Contains(canary, bodies[$"/api/v1/advisories/{id:D}"].Body);
            // Recipients find it in their inbox (the default list); the publisher in its sent box.
            if (!publisher) Assert.Contains(canary, bodies["/api/v1/advisories"].Body);
        }
        // AMBER+STRICT and RED never leave by feed, not even to their audience.
        Assert.DoesNotContain(canary, bodies["/feeds/member/advisories.atom"].Body);
        Assert.DoesNotContain(canary, bodies["/feeds/advisories.atom"].Body);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task Outbox_RedAndStrictAdvisories_AddressOnlyTheirAudienceAndMailsNeverCarryTheText(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var secrets = await fixture.SecretsAsync(kind);
        await using var db = server.NewContext();
        var audience = await db.Organizations.Where(o => o.Code == Author || o.Code == RedRecipient || o.Code == StrictRecipient).ToDictionaryAsync(o => o.Code, o => o.Id);
        var fanout = Kizuna.Core.Features.Provision.AdvisoryNotifier.Channel;
        // Let the worker fan the notifications out to mails and webhooks (they may then wait for SMTP: that is fine).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await db.Outbox.AnyAsync(m => m.Channel == fanout && m.Status == "pending") && DateTime.UtcNow < deadline) await Task.Delay(100);
        var messages = await db.Outbox.AsNoTracking().ToListAsync();
        var red = messages.Where(m => m.IdempotencyKey.StartsWith($"adv:{secrets.RedAdvisoryId:N}:")).ToList();
        var strict = messages.Where(m => m.IdempotencyKey.StartsWith($"adv:{secrets.StrictAdvisoryId:N}:")).ToList();
        Assert.Contains(red, m => m.Channel == fanout);
        Assert.Contains(red, m => m.Channel == "email");
        Assert.Contains(strict, m => m.Channel == "email");
        Assert.All(red, m => Assert.Equal(audience[RedRecipient], m.OrganizationId));
        Assert.All(strict, m => Assert.Equal(audience[StrictRecipient], m.OrganizationId));
        foreach (var m in messages.Where(m => m.Channel == "email"))
        {
            Assert.DoesNotContain(secrets.RedAdvisoryCanary, m.Payload);
            Assert.DoesNotContain(secrets.StrictAdvisoryCanary, m.Payload);
        }
        var users = await db.Users.Where(u => u.OrganizationId == audience[RedRecipient]).Select(u => u.Email).ToListAsync();
        Assert.Equal(users.Order(), red.Where(m => m.Channel == "email").Select(m => m.Destination).Order());
    }

    private static async Task AssertNoticeAsync(Dictionary<string, (HttpStatusCode Status, string Body)> bodies, Guid id, string canary, bool sees, string email)
    {
        var api = bodies[$"/api/v1/notices/{id:D}"];
        var page = bodies[$"/notices/{id:D}"];
        if (sees)
        {
            Assert.Equal(HttpStatusCode.OK, api.Status);
            Assert.Contains(canary, api.Body);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains(canary, page.Body);
            Assert.Contains(canary, bodies["/api/v1/notices"].Body);
            Assert.Contains(canary, bodies["/notices"].Body);
        }
        else
        {
            Assert.True(api.Status == HttpStatusCode.NotFound, $"GET /api/v1/notices/{id:D} as {email}: expected 404 (not 403), got {(int)api.Status}.");
            Assert.True(page.Status == HttpStatusCode.NotFound, $"GET /notices/{id:D} as {email}: expected 404 (not 403), got {(int)page.Status}.");
            var problem = System.Text.Json.JsonDocument.Parse(api.Body).RootElement;
            Assert.Equal(404, problem.GetProperty("status").GetInt32());
        }
        await Task.CompletedTask;
    }
}
