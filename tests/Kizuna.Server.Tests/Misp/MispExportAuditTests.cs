using System.Net;
using System.Text.Json.Nodes;
using Kizuna.Server.Tests.Interop;
using Kizuna.Server.Tests.Support;
using Kizuna.Stix;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Misp.MispApi;

namespace Kizuna.Server.Tests.Misp;

/// <summary>
/// The MISP export writes each audited read once: a TLP:RED report of HIKARI-BANK's inbox exported by the
/// coordinator puts the report, each object it references and the cyber observable of its observed data
/// (which the report does not list) in the audit trail exactly once, although the writer walks the
/// references twice.
/// </summary>
public sealed class MispExportAuditTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Export_RedReportOfAnotherOrganisation_EveryRowReadAuditedOnce(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var ct = TestContext.Current.CancellationToken;
        using var bankTaxii = await TaxiiApi.ClientAsync(server, TaxiiApi.BankReporter);
        using var nisc = await server.ApiClientAsync(TaxiiApi.Nisc);
        var uuid = Guid.NewGuid();
        var tag = uuid.ToString("N")[..10];
        var red = new JsonArray(TlpMarkings.StixId(Tlp.Red));
        var indicator = TaxiiApi.Indicator(tlp: Tlp.Red, name: $"Red {tag}");
        indicator["pattern"] = $"[domain-name:value = 'red-{tag}.example.org']";
        var address = new JsonObject
        {
            ["type"] = "ipv4-addr", ["spec_version"] = "2.1", ["id"] = $"ipv4-addr--{Guid.NewGuid():D}", ["value"] = "198.51.100.77",
            ["object_marking_refs"] = red.DeepClone(),
        };
        var observed = new JsonObject
        {
            ["type"] = "observed-data", ["spec_version"] = "2.1", ["id"] = $"observed-data--{Guid.NewGuid():D}",
            ["created"] = TaxiiApi.Stamp(TaxiiApi.T0), ["modified"] = TaxiiApi.Stamp(TaxiiApi.T0),
            ["first_observed"] = TaxiiApi.Stamp(TaxiiApi.T0), ["last_observed"] = TaxiiApi.Stamp(TaxiiApi.T0), ["number_observed"] = 1,
            ["object_refs"] = new JsonArray(address["id"]!.GetValue<string>()), ["object_marking_refs"] = red.DeepClone(),
        };
        var report = new JsonObject
        {
            ["type"] = "report", ["spec_version"] = "2.1", ["id"] = $"report--{uuid:D}", ["created"] = TaxiiApi.Stamp(TaxiiApi.T0),
            ["modified"] = TaxiiApi.Stamp(TaxiiApi.T0), ["name"] = $"Red report {tag}", ["published"] = TaxiiApi.Stamp(TaxiiApi.T0),
            ["object_refs"] = new JsonArray(indicator["id"]!.GetValue<string>(), observed["id"]!.GetValue<string>()),
            ["object_marking_refs"] = red.DeepClone(),
        };
        var status = await TaxiiApi.PostAsync(bankTaxii, "inbox-hikari-bank", indicator, address, observed, report);
        Assert.Equal(4, status["success_count"]!.GetValue<int>());

        var response = await nisc.GetAsync($"{Events}/report--{uuid:D}", ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains($"red-{tag}.example.org", body);
        Assert.Contains("198.51.100.77", body);

        await using var db = server.NewContext();
        var read = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "item.read" && e.ActorEmail == TaxiiApi.Nisc && e.TargetType == "stix-object")
            .Select(e => e.TargetId).ToListAsync(ct);
        foreach (var id in new[] { report, indicator, observed, address }.Select(o => o["id"]!.GetValue<string>()))
            Assert.True(read.Count(r => r == id) == 1, $"{id} is in the audit trail {read.Count(r => r == id)} times, not once.");
    }
}
