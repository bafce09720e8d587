using System.Net;
using System.Net.Http.Json;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Automation;
using Kizuna.Core.Features.Interop;
using Kizuna.Server.Tests.Support;
using Kizuna.Stix;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Automation.AutomationApi;
using static Kizuna.Server.Tests.Interop.TaxiiApi;

namespace Kizuna.Server.Tests.Automation;

/// <summary>Ingest rules end to end: a TAXII POST routes, tags and notifies; copies are never wider; notices never tell of what the organisation may not see.</summary>
public sealed class IngestRuleTests(AutomationFixture fixture) : IClassFixture<AutomationFixture>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task PowerRule_TaxiiPost_CopiesToSectorPowerTagsAndNotifiesThePowerCeptoar(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var token = Token();
        using var api = await server.ApiClientAsync(Nisc);
        var rule = await CreateRuleAsync(api, new
        {
            name = $"電力 indicators {token}", sourceCollections = new[] { "community" }, types = new[] { "indicator" }, sectors = new[] { "electricity" },
            textContains = token, copyToSector = "electricity", addTags = new[] { "電力", "routed" }, notifyOrganization = "SEC-ELECTRICITY",
        });
        var ruleId = rule.GetProperty("id").GetGuid();

        using var taxii = await ClientAsync(server, Nisc);
        var power = AutomationApi.Indicator($"{token} C2", Tlp.Green, "electricity");
        power["pattern"] = "[domain-name:value = 'evil.example.com']";
        var gas = AutomationApi.Indicator($"{token} gas only", Tlp.Green, "gas");
        await PostAsync(taxii, "community", power, gas);
        // The same envelope again: nothing more is copied, tagged or notified.
        await PostAsync(taxii, "community", power, gas);

        var sectorPower = TaxiiCollection.NameBasedId("sector:electricity");
        await using var db = server.NewContext();
        var copies = await db.StixObjects.AsNoTracking().Where(r => r.CollectionId == sectorPower && r.Json.Contains(token)).ToListAsync();
        var copy = Assert.Single(copies);
        Assert.Equal(power["id"]!.GetValue<string>(), copy.StixId);
        Assert.Equal(Tlp.Green, copy.Distribution.Tlp);
        var original = await db.StixObjects.AsNoTracking().SingleAsync(r => r.StixId == copy.StixId && r.CollectionId == TaxiiCollection.NameBasedId("community"));
        Assert.Equal(original.Json, copy.Json);
        Assert.Equal(original.Distribution.OwnerOrganizationId, copy.Distribution.OwnerOrganizationId);
        Assert.Equal(["routed", "電力"], (await db.StixObjectTags.AsNoTracking().Where(t => t.RecordId == copy.Id).Select(t => t.Tag).ToListAsync()).Order());
        Assert.Equal(IngestRuleOutcomes.Applied, (await db.IngestRuleRuns.AsNoTracking().SingleAsync(x => x.RuleId == ruleId)).Outcome);

        // The power CEPTOAR got one notice, addressed to it alone, with the value defanged.
        var ceptoar = await db.Organizations.AsNoTracking().SingleAsync(o => o.Code == "SEC-ELECTRICITY");
        var notices = (await db.Notices.AsNoTracking().ToListAsync()).Where(n => n.Body.Contains(token)).ToList();
        var notice = Assert.Single(notices);
        Assert.Equal(ceptoar.Id, notice.Distribution.OwnerOrganizationId);
        Assert.Equal([AudienceEntry.Organization(ceptoar.Id).Value], notice.Distribution.Audience.Select(a => a.Value));
        Assert.Contains("evil[.]example[.]com", notice.Body);
        Assert.DoesNotContain("evil.example.com", notice.Body);
        Assert.DoesNotContain("gas only", notice.Body);
        Assert.True(await db.AuditEntries.AsNoTracking().AnyAsync(e => e.Action == "automation.rule-applied" && e.TargetId == ruleId.ToString("D")));

        // The CEPTOAR's own view of sector-electricity has the copy; the rule list shows the run.
        var view = await api.GetFromJsonAsync<IngestRuleView>($"{Rules}/{ruleId}");
        Assert.Equal(1, view!.Runs);
        await DisableAsync(api, ruleId);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task RedAndAmberStrictFromAnInbox_AreNeverCopiedToASectorCollection(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var token = Token();
        using var api = await server.ApiClientAsync(Nisc);
        var rule = await CreateRuleAsync(api, new
        {
            name = $"Inbox to power {token}", sourceCollections = new[] { "inbox-*", "tlp-*" }, textContains = token, copyToSector = "electricity",
        });
        var ruleId = rule.GetProperty("id").GetGuid();

        using var reporter = await ClientAsync(server, PowerReporter);
        await PostAsync(reporter, "inbox-akebono-power",
            AutomationApi.Indicator($"{token} red", Tlp.Red), AutomationApi.Indicator($"{token} strict", Tlp.AmberStrict), AutomationApi.Indicator($"{token} amber", Tlp.Amber));
        // AMBER+STRICT for the whole community may go to one sector: a narrower audience.
        using var nisc = await ClientAsync(server, Nisc);
        await PostAsync(nisc, "tlp-amber-strict", AutomationApi.Indicator($"{token} community strict", Tlp.AmberStrict));

        var sectorPower = TaxiiCollection.NameBasedId("sector:electricity");
        await using var db = server.NewContext();
        var copied = await db.StixObjects.AsNoTracking().Where(r => r.CollectionId == sectorPower && r.Json.Contains(token)).Select(r => r.Json).ToListAsync();
        Assert.Contains($"{token} community strict", Assert.Single(copied));
        var runs = await db.IngestRuleRuns.AsNoTracking().Where(x => x.RuleId == ruleId).ToListAsync();
        Assert.Equal(3, runs.Count(x => x.Outcome == IngestRuleOutcomes.CopyRefused));
        Assert.Equal(1, runs.Count(x => x.Outcome == IngestRuleOutcomes.Applied));
        await DisableAsync(api, ruleId);
    }

    /// <summary>
    /// The copy rule against the disclosure policy itself: for every pair of collections and every TLP,
    /// whenever <see cref="CopyRule.NeverWider"/> allows a copy, no organisation of the directory sees
    /// the copy without seeing the original.
    /// </summary>
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task CopyRule_AllowedCopies_AreSeenOnlyByThoseWhoSeeTheOriginal(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        await using var db = server.NewContext();
        var all = await new TaxiiCollections(db, TimeProvider.System).AllAsync();
        var orgs = await db.Organizations.AsNoTracking().Select(o => new { o.Id, o.Code, o.Kind, o.TrustTier, Sectors = o.Sectors.Select(s => s.Code).ToList() }).ToListAsync();
        var viewers = orgs.Select(o => Viewer.ForOrganization(o.Id, o.Code, o.Kind, o.Sectors, o.TrustTier)).ToList();
        var owner = orgs.First(o => o.Code == "AKEBONO-POWER").Id;
        var targets = all.Where(c => c.Kind == TaxiiCollectionKinds.Sector).ToList();
        var allowed = 0;
        foreach (var from in all.Where(c => c.Kind != TaxiiCollectionKinds.Inbox || c.InboxOrganizationId == owner || c.Alias == "inbox-nisc"))
        foreach (var tlp in Enum.GetValues<Tlp>())
        {
            if (tlp == Tlp.Red && from.Kind != TaxiiCollectionKinds.Inbox) continue;
            var original = new Item(from.DistributionFor(tlp, owner));
            foreach (var to in targets.Where(t => t.Id != from.Id))
            {
                if (tlp == Tlp.Red) { Assert.Throws<Kizuna.Core.Errors.InputException>(() => to.DistributionFor(tlp, owner)); continue; }
                var copy = new Item(to.DistributionFor(tlp, owner));
                if (!CopyRule.NeverWider(original.Distribution, copy.Distribution)) continue;
                allowed++;
                foreach (var v in viewers)
                    Assert.False(DisclosurePolicy.CanSee(v, copy) && !DisclosurePolicy.CanSee(v, original),
                        $"{v.OrganizationCode} would see a {TlpMarkings.Label(tlp)} copy {from.Alias} → {to.Alias} without seeing the original.");
            }
        }
        Assert.True(allowed > 0);
        // And the inbox of an organisation never feeds a sector collection below RED either.
        var inbox = all.Single(c => c.InboxOrganizationId == owner);
        Assert.All(Enum.GetValues<Tlp>().Where(t => t is not Tlp.Red and not Tlp.Clear), t =>
            Assert.False(CopyRule.NeverWider(inbox.DistributionFor(t, owner), targets[0].DistributionFor(t, owner))));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task NotifiedOrganisation_IsNeverToldOfObjectsItMayNotSee(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var token = Token();
        using var api = await server.ApiClientAsync(Nisc);
        // Notify the power CEPTOAR of everything carrying the token, wherever it comes from, copying nothing.
        var rule = await CreateRuleAsync(api, new { name = $"Tell power {token}", textContains = token, notifyOrganization = "SEC-ELECTRICITY", addTags = new[] { "seen" } });
        var ruleId = rule.GetProperty("id").GetGuid();

        var secret = token + "-SECRET";
        using var reporter = await ClientAsync(server, PowerReporter);
        using var bank = await ClientAsync(server, BankReporter);
        await PostAsync(reporter, "inbox-akebono-power", AutomationApi.Indicator($"{secret} amber", Tlp.Amber), AutomationApi.Indicator($"{secret} red", Tlp.Red));
        await PostAsync(bank, "inbox-hikari-bank", AutomationApi.Indicator($"{secret} bank", Tlp.Green));
        using var nisc = await ClientAsync(server, Nisc);
        await PostAsync(nisc, "sector-finance", AutomationApi.Indicator($"{secret} finance", Tlp.Green));
        // The control: a community object the CEPTOAR may see is notified.
        await PostAsync(nisc, "community", AutomationApi.Indicator($"{token} visible", Tlp.Green));

        await using var db = server.NewContext();
        var notices = (await db.Notices.AsNoTracking().ToListAsync()).Where(n => n.Body.Contains(token) || n.Title.Contains(token)).ToList();
        var notice = Assert.Single(notices);
        Assert.Contains($"{token} visible", notice.Body);
        Assert.DoesNotContain(secret, notice.Body + notice.Title);
        var outbox = await db.Outbox.AsNoTracking().ToListAsync();
        Assert.DoesNotContain(outbox, m => m.Payload.Contains(secret, StringComparison.Ordinal));
        // The rule still acted (tags) on all five: only the notice is held back.
        Assert.Equal(5, await db.IngestRuleRuns.AsNoTracking().CountAsync(x => x.RuleId == ruleId));
        await DisableAsync(api, ruleId);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task CopiedObject_IsNotRoutedAgainByTheSameRule_AndChainsEnd(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var token = Token();
        using var api = await server.ApiClientAsync(Nisc);
        // Two rules that would bounce an object between two sectors for ever.
        var a = await CreateRuleAsync(api, new { name = $"A {token}", textContains = token, copyToSector = "electricity" });
        var b = await CreateRuleAsync(api, new { name = $"B {token}", textContains = token, copyToSector = "gas" });
        using var nisc = await ClientAsync(server, Nisc);
        await PostAsync(nisc, "community", AutomationApi.Indicator($"{token} loop", Tlp.Green));

        await using var db = server.NewContext();
        var places = await db.StixObjects.AsNoTracking().Where(r => r.Json.Contains(token)).Select(r => r.CollectionId).ToListAsync();
        Assert.Equal(3, places.Count);
        Assert.Equal(3, places.Distinct().Count());
        await DisableAsync(api, a.GetProperty("id").GetGuid());
        await DisableAsync(api, b.GetProperty("id").GetGuid());
    }

    private static async Task DisableAsync(HttpClient api, Guid id)
        => Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"{Rules}/{id}/disable", null)).StatusCode);

    private sealed record Item(Distribution Distribution) : IShareable;
}
