using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kizuna.Core.Features.Automation;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Automation.AutomationApi;
using static Kizuna.Server.Tests.Interop.TaxiiApi;

namespace Kizuna.Server.Tests.Automation;

/// <summary>Who may see and edit which rules, the checks on a rule, the audit of changes, and the preview.</summary>
public sealed class RuleEditingTests(AutomationFixture fixture) : IClassFixture<AutomationFixture>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task RuleEditing_FollowsTheSectorsOfMinistriesAndCeptoars(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var token = Token();
        using var nisc = await server.ApiClientAsync(Nisc);
        using var fsa = await server.ApiClientAsync(Fsa);
        using var meti = await server.ApiClientAsync(Meti);
        using var ceptoar = await server.ApiClientAsync(BankCeptoar);
        using var reporter = await server.ApiClientAsync(BankReporter);

        // An operator's member sees no rules and makes none.
        await Problems.AssertAsync(await reporter.GetAsync(Rules), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await reporter.PostAsJsonAsync(Rules, new { name = "x", copyToSector = "finance" }), HttpStatusCode.Forbidden);

        // The FSA keeps rules into finance, never into electricity, and notifies only finance organisations.
        await Problems.AssertAsync(await fsa.PostAsJsonAsync(Rules, new { name = $"fsa power {token}", copyToSector = "electricity" }), HttpStatusCode.Forbidden, "sectors");
        await Problems.AssertAsync(await fsa.PostAsJsonAsync(Rules, new { name = $"fsa tags {token}", addTags = new[] { "x" } }), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await fsa.PostAsJsonAsync(Rules, new { name = $"fsa tell {token}", copyToSector = "finance", notifyOrganization = "AKEBONO-POWER" }),
            HttpStatusCode.Forbidden, "AKEBONO-POWER");
        var fsaRule = (await CreateRuleAsync(fsa, new { name = $"fsa finance {token}", copyToSector = "finance", notifyOrganization = "SEC-FIN-BANK", enabled = false }))
            .GetProperty("id").GetGuid();
        var metiRule = (await CreateRuleAsync(meti, new { name = $"meti power {token}", copyToSector = "electricity", enabled = false })).GetProperty("id").GetGuid();
        var niscRule = (await CreateRuleAsync(nisc, new { name = $"nisc tags {token}", addTags = new[] { "nisc" }, enabled = false })).GetProperty("id").GetGuid();

        // The banks' CEPTOAR (finance) sees and edits the finance rule, not METI's nor the coordinator's.
        var seen = await ceptoar.GetFromJsonAsync<List<IngestRuleView>>(Rules);
        Assert.Contains(seen!, r => r.Id == fsaRule);
        Assert.DoesNotContain(seen!, r => r.Id == metiRule || r.Id == niscRule);
        await Problems.AssertAsync(await ceptoar.GetAsync($"{Rules}/{metiRule}"), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await ceptoar.PutAsJsonAsync($"{Rules}/{niscRule}", new { name = "taken", copyToSector = "finance" }), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await ceptoar.DeleteAsync($"{Rules}/{metiRule}"), HttpStatusCode.NotFound);
        var renamed = await ceptoar.PutAsJsonAsync($"{Rules}/{fsaRule}", new { name = $"bank finance {token}", copyToSector = "finance", enabled = false });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        // Nor may it move a finance rule out of its sectors.
        await Problems.AssertAsync(await ceptoar.PutAsJsonAsync($"{Rules}/{fsaRule}", new { name = "out", copyToSector = "gas" }), HttpStatusCode.Forbidden);

        // The coordinator sees every rule and deletes any.
        var all = await nisc.GetFromJsonAsync<List<IngestRuleView>>(Rules);
        Assert.Contains(all!, r => r.Id == fsaRule);
        Assert.Contains(all!, r => r.Id == metiRule);
        Assert.Equal(HttpStatusCode.NoContent, (await nisc.DeleteAsync($"{Rules}/{fsaRule}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await nisc.DeleteAsync($"{Rules}/{metiRule}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await nisc.DeleteAsync($"{Rules}/{niscRule}")).StatusCode);
        await Problems.AssertAsync(await nisc.GetAsync($"{Rules}/{fsaRule}"), HttpStatusCode.NotFound);

        await using var db = server.NewContext();
        var actions = await db.AuditEntries.AsNoTracking().Where(e => e.TargetId == fsaRule.ToString("D")).Select(e => e.Action).ToListAsync();
        Assert.Equal(["automation.rule-created", "automation.rule-deleted", "automation.rule-updated"], actions.Order());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task RuleRunCounts_CountOnlyObjectsTheViewerMaySee(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var token = Token();
        using var meti = await server.ApiClientAsync(Meti);
        var id = (await CreateRuleAsync(meti, new { name = $"meti inbox {token}", sourceCollections = new[] { "inbox-*" }, textContains = token, copyToSector = "electricity" }))
            .GetProperty("id").GetGuid();
        using var reporter = await ClientAsync(server, PowerReporter);
        await PostAsync(reporter, "inbox-akebono-power", AutomationApi.Indicator($"{token} inbox", Kizuna.Stix.Tlp.Amber));

        // METI may not see the operator's inbox: its rule list does not even count the run.
        var seenByMeti = await meti.GetFromJsonAsync<IngestRuleView>($"{Rules}/{id}");
        Assert.Equal((0, 0), (seenByMeti!.Runs, seenByMeti.CopiesRefused));
        using var nisc = await server.ApiClientAsync(Nisc);
        var seenByNisc = await nisc.GetFromJsonAsync<IngestRuleView>($"{Rules}/{id}");
        Assert.Equal((1, 1), (seenByNisc!.Runs, seenByNisc.CopiesRefused));
        Assert.Equal(HttpStatusCode.NoContent, (await nisc.DeleteAsync($"{Rules}/{id}")).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task BadRule_IsRefusedWithProblemDetailsAndNothingStored(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        await using var db = server.NewContext();
        var before = await db.IngestRules.CountAsync();
        var cases = new object[]
        {
            new { name = "no action" },
            new { name = "", addTags = new[] { "x" } },
            new { name = "unknown sector", copyToSector = "atlantis" },
            new { name = "unknown org", notifyOrganization = "NOBODY-HERE" },
            new { name = "bad tlp", addTags = new[] { "x" }, maxTlp = "PURPLE" },
            new { name = "bad tag", addTags = new[] { "has space" } },
            new { name = "too many", addTags = Enumerable.Range(0, IngestRule.MaxListEntries + 1).Select(i => $"t{i}").ToArray() },
            new { name = new string('n', IngestRule.MaxNameLength + 1), addTags = new[] { "x" } },
        };
        foreach (var c in cases)
        {
            var problem = await Problems.AssertAsync(await nisc.PostAsJsonAsync(Rules, c), HttpStatusCode.BadRequest);
            Assert.False(string.IsNullOrWhiteSpace(Problems.Explanation(problem)));
        }
        Assert.Equal(before, await db.IngestRules.CountAsync());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Preview_ShowsMatchesAmongObjectsTheViewerMaySee_AndChangesNothing(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var token = Token();
        using var taxii = await ClientAsync(server, Nisc);
        var url = AutomationApi.Indicator($"{token} C2 http://evil.example.com:8080/x", Kizuna.Stix.Tlp.Green, "electricity");
        url["pattern"] = "[url:value = 'http://evil.example.com:8080/x']";
        await PostAsync(taxii, "community", url);
        using var reporter = await ClientAsync(server, PowerReporter);
        await PostAsync(reporter, "inbox-akebono-power", AutomationApi.Indicator($"{token} inbox", Kizuna.Stix.Tlp.Amber));

        using var meti = await server.ApiClientAsync(Meti);
        var spec = new { name = "try", textContains = token, copyToSector = "electricity", notifyOrganization = "SEC-ELECTRICITY" };
        var response = await meti.PostAsJsonAsync($"{Rules}/preview", spec);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var preview = JsonSerializer.Deserialize<RulePreview>(body, JsonSerializerOptions.Web)!;
        // METI may not see the operator's inbox: the preview does not list it.
        var row = Assert.Single(preview.Matches);
        Assert.Equal("would-copy", row.Copy);
        Assert.True(row.NotifiedMaySee);
        Assert.Contains("hxxp://evil[.]example[.]com:8080/x", row.Label);
        Assert.Equal($"{token} C2 hxxp://evil[.]example[.]com:8080/x", row.Name);
        Assert.DoesNotContain("evil.example.com", body);
        Assert.DoesNotContain("inbox", body);

        // The coordinator sees both; the inbox one would not be copied.
        using var nisc = await server.ApiClientAsync(Nisc);
        var all = JsonSerializer.Deserialize<RulePreview>(await (await nisc.PostAsJsonAsync($"{Rules}/preview", spec)).Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
        Assert.Equal(["refused-wider", "would-copy"], all.Matches.Select(m => m.Copy).Order());

        await using var db = server.NewContext();
        Assert.False(await db.StixObjects.AnyAsync(r => r.CollectionId == Kizuna.Core.Features.Interop.TaxiiCollection.NameBasedId("sector:electricity") && r.Json.Contains(token)));
    }
}
