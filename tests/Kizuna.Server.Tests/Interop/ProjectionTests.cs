using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Interop;
using Kizuna.Core.Features.Interop.Projection;
using Kizuna.Server.Tests.Support;
using Kizuna.Stix;
using Kizuna.Stix.Patterning;
using Kizuna.Stix.Validation;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kizuna.Server.Tests.Liaison.LiaisonApi;

namespace Kizuna.Server.Tests.Interop;

/// <summary>
/// Advisories and liaison reports as STIX (issue 6, projection): the <c>/stix</c> endpoints give a
/// valid bundle at the caller's level; a report's projection for anyone but the reporter and those
/// its identity choice names carries the pseudonym and nothing of the reporting organisation; the
/// projections land in the TAXII store with the item's own distribution.
/// </summary>
public sealed class ProjectionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly StixValidationOptions Strict = new()
    {
        PatternValidator = p => StixPattern.Validate(p) is { Count: > 0 } e ? string.Join("; ", e) : null,
    };

    private static async Task<JsonObject> BundleAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/stix+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "2.1");
        using var doc = JsonDocument.Parse(body);
        var result = StixValidator.Validate(doc.RootElement, Strict);
        Assert.True(result.IsValid, $"{path} is not valid STIX 2.1:\n{result}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static IEnumerable<JsonObject> Objects(JsonObject bundle, string type)
        => bundle["objects"]!.AsArray().Select(o => o!.AsObject()).Where(o => o["type"]!.GetValue<string>() == type);

    private static JsonObject Advisory(string title) => Provision.ProvisionApi.Input(title, content: c =>
    {
        c["body"] = "## 概要\nhxxps://update[.]evil-vpn[.]example/patch.php への通信と CVE-2024-3400, CVE-2023-46805 の悪用。\nSHA-256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    });

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AdvisoryStix_Publisher_GetsReportWithIndicatorsVulnerabilitiesActionsAndMarking(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var power = await server.ApiClientAsync(OtherReporter);
        var title = $"VPN exploitation {Guid.NewGuid():N}";
        var id = await Provision.ProvisionApi.PublishAsync(nisc, Advisory(title));

        var bundle = await BundleAsync(nisc, $"/api/v1/advisories/{id}/stix");
        var report = Assert.Single(Objects(bundle, "report"));
        Assert.EndsWith(title, report["name"]!.GetValue<string>());
        Assert.Equal(["finance"], report[StixSectors.CustomProperty]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal([TlpMarkings.StixId(Tlp.Amber)], report["object_marking_refs"]!.AsArray().Select(s => s!.GetValue<string>()));
        var identity = Assert.Single(Objects(bundle, "identity"));
        Assert.Equal(identity["id"]!.GetValue<string>(), report["created_by_ref"]!.GetValue<string>());
        Assert.Contains("NISC", identity["x_kizuna_organization_code"]!.GetValue<string>());
        var patterns = Objects(bundle, "indicator").Select(i => i["pattern"]!.GetValue<string>()).ToList();
        Assert.Contains("[url:value = 'https://update.evil-vpn.example/patch.php']", patterns);
        Assert.Contains("[ipv4-addr:value = '198.51.100.7']", patterns);
        Assert.Contains("[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']", patterns);
        Assert.Equal(["CVE-2023-46805", "CVE-2024-3400"], Objects(bundle, "vulnerability").Select(v => v["name"]!.GetValue<string>()).Order());
        Assert.Equal(2, Objects(bundle, "course-of-action").Count());
        Assert.Equal(4, Objects(bundle, "relationship").Count(r => r["relationship_type"]!.GetValue<string>() == "mitigates"));
        var refs = report["object_refs"]!.AsArray().Select(r => r!.GetValue<string>()).ToHashSet();
        Assert.All(bundle["objects"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()).Where(i => !i.StartsWith("report--") && !i.StartsWith("marking-definition--")),
            i => Assert.Contains(i, refs));
        Assert.Single(Objects(bundle, "marking-definition"), m => m["id"]!.GetValue<string>() == TlpMarkings.StixId(Tlp.Amber));

        // Not in the audience: as if it did not exist.
        await Problems.AssertAsync(await power.GetAsync($"/api/v1/advisories/{id}/stix"), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await power.GetAsync($"/api/v1/advisories/{Guid.CreateVersion7()}/stix"), HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AdvisoryPublished_ProjectionInSectorCollection_SeenByItsAudienceOnly(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var bank = await server.ApiClientAsync(Reporter);
        using var power = await server.ApiClientAsync(OtherReporter);
        var title = $"Stored advisory {Guid.NewGuid():N}";
        var id = await Provision.ProvisionApi.PublishAsync(nisc, Advisory(title));
        var reportId = ProjectionParts.Id("report", $"advisory:{id:D}");
        await StoredAsync(server, reportId);

        await using (var db = server.NewContext())
        {
            var rows = await db.StixObjects.AsNoTracking().Where(r => r.StixId == reportId).ToListAsync();
            var row = Assert.Single(rows);
            Assert.Equal(TaxiiCollection.NameBasedId("sector:finance"), row.CollectionId);
            Assert.Equal(Tlp.Amber, row.Distribution.Tlp);
            Assert.Contains("finance", row.Sectors);
        }
        // Delivered again (at-least-once outbox): the same versions are stored once.
        int before;
        List<string> ids;
        await using (var db = server.NewContext())
        {
            var advisory = await db.Advisories.AsNoTracking().SingleAsync(a => a.Id == id);
            var publisher = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == advisory.Distribution.OwnerOrganizationId);
            ids = AdvisoryProjection.Project(advisory, publisher).Objects.Select(o => o.Id).ToList();
            before = await db.StixObjects.CountAsync(r => ids.Contains(r.StixId));
            Assert.True(before >= ids.Count, $"{before} rows for {ids.Count} projected objects");
            await using var scope = server.Services.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetServices<IOutboxHandler>().OfType<StoreStixProjectionHandler>().Single();
            var again = StixProjectionOutbox.ForAdvisory(advisory, advisory.PublishedAt!.Value)!;
            Assert.Equal(OutboxOutcome.Delivered, (await handler.HandleAsync(again, db, CancellationToken.None)).Outcome);
            Assert.Equal(OutboxOutcome.Delivered, (await handler.HandleAsync(again, db, CancellationToken.None)).Outcome);
        }
        await using (var db = server.NewContext())
        {
            Assert.Single(await db.StixObjects.AsNoTracking().Where(r => r.StixId == reportId).ToListAsync());
            Assert.Equal(before, await db.StixObjects.CountAsync(r => ids.Contains(r.StixId)));
        }

        var found = await Provision.ProvisionApi.GetJsonAsync(nisc, $"/api/v1/intel?q={Uri.EscapeDataString(title)}&sector=finance");
        Assert.Contains(found["rows"]!.AsArray(), r => r!["stixId"]!.GetValue<string>() == reportId);
        var outsider = await Provision.ProvisionApi.GetJsonAsync(power, $"/api/v1/intel?q={Uri.EscapeDataString(title)}");
        Assert.Empty(outsider["rows"]!.AsArray());
        await Problems.AssertAsync(await power.GetAsync($"/api/v1/intel/{reportId}"), HttpStatusCode.NotFound);
    }

    /// <summary>What identifies the bank in the report it files: none of it may reach a sanitized-view reader.</summary>
    private static IEnumerable<string> BankSecrets(Guid bankId)
    {
        var reporter = DemoUsers.All.Single(u => u.Email == Reporter);
        return [BankNameJa, BankNameEn, Bank, bankId.ToString("D"), reporter.Email, reporter.DisplayName, BankDomain, BankIp, .. BankPeople, .. BankEmails, .. BankPhones];
    }

    private static JsonObject SecretReport() => Input(Content($"ATM outage {Guid.NewGuid():N}", c =>
    {
        c["description"] = $"{BankNameJa}（{BankNameEn}）の{BankPeople[0]}が {BankEmails[0]} と {BankPhones[0]} で報告。社内 {BankIp}、portal.{BankDomain} が停止。"
                           + "攻撃元 hxxp://c2[.]attacker-infra[.]example/gate と 203.0.113.9、CVE-2024-12345 を悪用。";
        c["actionsTaken"] = $"{BankPeople[1]} が https://vpn.{BankDomain}/ を遮断。";
    }), disclosure: "ministry");

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ReportStix_SanitizedReaders_GetPseudonymAndNothingOfTheReporter(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var reporter = await server.ApiClientAsync(Reporter);
        using var fsa = await server.ApiClientAsync(Fsa);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var power = await server.ApiClientAsync(OtherReporter);
        Guid bankId;
        await using (var db = server.NewContext())
            bankId = await db.Organizations.Where(o => o.Code == Bank).Select(o => o.Id).SingleAsync();

        var filed = await FileAsync(reporter, SecretReport());
        var id = IdOf(filed);
        var pseudonym = filed["pseudonym"]!.GetValue<string>();
        await JsonAsync(await PostAsync(fsa, $"/api/v1/reports/{id}/forward", new { note = "to the coordinator" }), HttpStatusCode.OK);

        // The coordinator has the sanitized view: the creator is the pseudonym, the reporter is nowhere.
        var bundle = await BundleAsync(nisc, $"/api/v1/reports/{id}/stix");
        var text = bundle.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        foreach (var secret in BankSecrets(bankId))
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        var report = Assert.Single(Objects(bundle, "report"));
        var creator = Assert.Single(Objects(bundle, "identity"));
        Assert.Equal(pseudonym, creator["name"]!.GetValue<string>());
        Assert.Equal(ReportProjection.PseudonymIdentityId(pseudonym), creator["id"]!.GetValue<string>());
        Assert.All(bundle["objects"]!.AsArray().Where(o => o!["created_by_ref"] is not null), o => Assert.Equal(creator["id"]!.GetValue<string>(), o!["created_by_ref"]!.GetValue<string>()));
        Assert.Equal("sanitized", report["x_kizuna_view"]!.GetValue<string>());
        Assert.Contains("event-type:system-unavailable", report["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Contains("cause-type:ddos", report["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
        var patterns = Objects(bundle, "indicator").Select(i => i["pattern"]!.GetValue<string>()).ToList();
        Assert.Contains("[ipv4-addr:value = '203.0.113.9']", patterns);
        Assert.Contains("[url:value = 'http://c2.attacker-infra.example/gate']", patterns);
        Assert.Contains(Objects(bundle, "observed-data").Single()["object_refs"]!.AsArray(), r => r!.GetValue<string>().StartsWith("ipv4-addr--"));
        Assert.Equal("CVE-2024-12345", Assert.Single(Objects(bundle, "vulnerability"))["name"]!.GetValue<string>());

        // The ministry the reporter named, and the reporter itself, get the full report with the organisation as creator.
        foreach (var full in new[] { fsa, reporter })
        {
            var fullBundle = await BundleAsync(full, $"/api/v1/reports/{id}/stix");
            Assert.Equal("full", Assert.Single(Objects(fullBundle, "report"))["x_kizuna_view"]!.GetValue<string>());
            Assert.Equal(Bank, Assert.Single(Objects(fullBundle, "identity"))["x_kizuna_organization_code"]!.GetValue<string>());
        }
        // Outsiders: 404.
        await Problems.AssertAsync(await power.GetAsync($"/api/v1/reports/{id}/stix"), HttpStatusCode.NotFound);

        // What the store keeps is the sanitized view, versions for the submission and for the forward, none naming the bank.
        var reportId = ProjectionParts.Id("report", $"liaison:{id:D}");
        await StoredAsync(server, reportId, versions: 2);
        await using (var db = server.NewContext())
        {
            var projected = bundle["objects"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()).ToList();
            var stored = await db.StixObjects.AsNoTracking().Where(r => r.CollectionId == TaxiiCollection.NameBasedId("sector:finance") && projected.Contains(r.StixId)).ToListAsync();
            Assert.True(stored.Count >= projected.Count - 1, $"{stored.Count} of {projected.Count} projected objects stored (the marking definition is not)");
            var mine = stored.Where(r => r.StixId == reportId || r.StixId == creator["id"]!.GetValue<string>()).ToList();
            Assert.NotEmpty(mine);
            Assert.All(mine, r => Assert.Equal(StixObjectRecord.ProjectionContributorId, r.ContributorUserId));
            foreach (var row in stored)
                foreach (var secret in BankSecrets(bankId))
                    Assert.DoesNotContain(secret, row.Json, StringComparison.OrdinalIgnoreCase);
            var latest = mine.Single(r => r.StixId == reportId && r.IsLatest);
            var niscId = (await db.Organizations.Where(o => o.Code == "NISC").Select(o => o.Id).SingleAsync()).ToString("D");
            Assert.Contains(latest.Distribution.Audience, a => a.Value == niscId);
        }
        // The coordinator finds it by its pseudonym; its detail page shows the pseudonym and no bank name.
        var found = await Provision.ProvisionApi.GetJsonAsync(nisc, $"/api/v1/intel?q={Uri.EscapeDataString(pseudonym)}");
        Assert.Contains(found["rows"]!.AsArray(), r => r!["stixId"]!.GetValue<string>() == ReportProjection.PseudonymIdentityId(pseudonym));
        using var niscPage = await server.SignInAsync(Nisc);
        var page = await niscPage.GetStringAsync($"/intel/{reportId}");
        Assert.Contains(pseudonym, page);
        foreach (var secret in BankSecrets(bankId))
            Assert.DoesNotContain(secret, page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://c2.attacker-infra.example", page);
        Assert.Contains("hxxp://c2[.]attacker-infra[.]example/gate", page);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ReportStix_Draft_IsNotFound(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var reporter = await server.ApiClientAsync(Reporter);
        var draft = await JsonAsync(await reporter.PostAsJsonAsync("/api/v1/reports", Input()), HttpStatusCode.Created);
        await Problems.AssertAsync(await reporter.GetAsync($"/api/v1/reports/{IdOf(draft)}/stix"), HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Projections_OfEverythingPublishedAndShared_NeverFail(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        await Provision.ProvisionApi.PublishAsync(nisc, Advisory($"Another {Guid.NewGuid():N}"));
        var until = DateTime.UtcNow.AddSeconds(20);
        await using var db = server.NewContext();
        while (await db.Outbox.AsNoTracking().AnyAsync(m => m.Channel == StixProjectionOutbox.Channel && m.Status == Kizuna.Core.Features.Delivery.OutboxStatus.Pending) && DateTime.UtcNow < until)
            await Task.Delay(100);
        var messages = await db.Outbox.AsNoTracking().Where(m => m.Channel == StixProjectionOutbox.Channel).ToListAsync();
        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.True(m.Status == Kizuna.Core.Features.Delivery.OutboxStatus.Sent && m.LastError is null, $"{m.IdempotencyKey}: {m.Status} {m.LastError}"));
    }

    /// <summary>Waits (a few seconds at most) for the outbox to store the projection.</summary>
    private static async Task StoredAsync(KizunaTestServer server, string stixId, int versions = 1)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await using var db = server.NewContext();
            if (await db.StixObjects.AsNoTracking().CountAsync(r => r.StixId == stixId) >= versions) return;
            var dead = await db.Outbox.AsNoTracking().Where(m => m.Channel == StixProjectionOutbox.Channel && m.LastError != null).Select(m => m.LastError).ToListAsync();
            Assert.True(DateTime.UtcNow < until, $"{stixId} was not stored ({versions} versions expected). Outbox errors: {string.Join(" | ", dead)}");
            await Task.Delay(100);
        }
    }
}
