using System.Net;
using System.Text.Json;
using Kizuna.Core.Features.Interop;
using Kizuna.Server.Tests.Interop;
using Kizuna.Server.Tests.Support;
using Kizuna.Stix;
using Kizuna.Stix.Tests.Misp;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Misp.MispApi;

namespace Kizuna.Server.Tests.Misp;

/// <summary>MISP import into the TAXII store (REST), re-import, export as a MISP event, who may import where, and bad input.</summary>
public sealed class MispImportTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly Guid Community = TaxiiCollection.NameBasedId("community");

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Import_RealisticEvent_StoredWithItsTlp_ReimportAddsNothing_ExportRoundTrips(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(TaxiiApi.Nisc);
        var g = new MispEventGenerator(5_000, 100);
        var body = g.ToBytes();

        var first = await ImportAsync(nisc, "community", body);
        Assert.True(first["failureCount"]!.GetValue<int>() == 0, first.ToJsonString());
        Assert.Equal(1, first["events"]!.GetValue<int>());
        Assert.Equal(5_000, first["attributes"]!.GetValue<int>());
        Assert.Equal(100, first["objects"]!.GetValue<int>());
        Assert.True(first["added"]!.GetValue<int>() > 5_000);
        Assert.True(first["unmapped"]!["btc"]!.GetValue<int>() > 0);
        Assert.Equal(20, first["unmapped"]!["object:x509"]!.GetValue<int>());
        Assert.Equal($"report--{g.Uuid:D}", first["reports"]![0]!.GetValue<string>());

        await using (var db = server.NewContext())
        {
            var ids = new[] { $"report--{g.Uuid:D}", $"indicator--{g.AttributeUuid(1):D}", $"observed-data--{g.AttributeUuid(0):D}", $"indicator--{g.ObjectUuid(0):D}" };
            var tlps = await db.StixObjects.AsNoTracking().Where(r => r.CollectionId == Community && ids.Contains(r.StixId))
                .ToDictionaryAsync(r => r.StixId, r => r.Distribution.Tlp, TestContext.Current.CancellationToken);
            Assert.Equal(Tlp.Amber, tlps[ids[0]]);
            Assert.Equal(Tlp.Amber, tlps[ids[1]]);
            // Every fiftieth attribute carries tlp:amber+strict: stricter than its event, and so stored.
            Assert.Equal(Tlp.AmberStrict, tlps[ids[2]]);
            Assert.Equal(Tlp.Amber, tlps[ids[3]]);
            var report = await db.StixObjects.AsNoTracking().SingleAsync(r => r.CollectionId == Community && r.StixId == ids[0], TestContext.Current.CancellationToken);
            Assert.True(JsonDocument.Parse(report.Json).RootElement.GetProperty("object_refs").GetArrayLength() > 5_000);
        }
        var count = await CountAsync(server);

        var again = await ImportAsync(nisc, "community", body);
        Assert.Equal(0, again["added"]!.GetValue<int>());
        Assert.Equal(0, again["failureCount"]!.GetValue<int>());
        Assert.Equal(first["added"]!.GetValue<int>() + first["alreadyPresent"]!.GetValue<int>(), again["alreadyPresent"]!.GetValue<int>());
        Assert.Equal(count, await CountAsync(server));

        var e = (await GetJsonAsync(nisc, $"{Events}/report--{g.Uuid:D}")).GetProperty("Event");
        Assert.Equal(g.Uuid.ToString("D"), e.GetProperty("uuid").GetString());
        Assert.StartsWith("Generated campaign", e.GetProperty("info").GetString());
        Assert.Equal("2026-03-20", e.GetProperty("date").GetString());
        Assert.Equal("2", e.GetProperty("threat_level_id").GetString());
        Assert.Equal("1", e.GetProperty("analysis").GetString());
        Assert.Equal("CIRCL", e.GetProperty("Orgc").GetProperty("name").GetString());
        Assert.Contains(e.GetProperty("Tag").EnumerateArray(), t => t.GetProperty("name").GetString() == "tlp:amber");
        var attributes = e.GetProperty("Attribute").EnumerateArray().ToDictionary(a => Guid.Parse(a.GetProperty("uuid").GetString()!));
        // Every attribute, and the two of each unknown (x509) object, which were mapped one by one.
        Assert.Equal(5_000 + 20 * 2, attributes.Count);
        for (var i = 0; i < 5_000; i += 37)
        {
            var a = attributes[g.AttributeUuid(i)];
            Assert.Equal(MispEventGenerator.TypeOf(i), a.GetProperty("type").GetString());
            Assert.Equal(MispEventGenerator.ValueOf(i), a.GetProperty("value").GetString());
            Assert.Equal(MispEventGenerator.ToIds(i), a.GetProperty("to_ids").GetBoolean());
            Assert.Equal(i % MispEventGenerator.StricterEvery == 0 ? "tlp:amber+strict" : "tlp:amber", a.GetProperty("Tag")[0].GetProperty("name").GetString());
        }
        var objects = e.GetProperty("Object").EnumerateArray().ToList();
        Assert.Equal(80, objects.Count);
        var file = objects.Single(o => o.GetProperty("uuid").GetString() == g.ObjectUuid(0).ToString("D"));
        Assert.Equal("file", file.GetProperty("name").GetString());
        Assert.Equal(4, file.GetProperty("Attribute").GetArrayLength());
        var clusters = e.GetProperty("Galaxy").EnumerateArray().SelectMany(x => x.GetProperty("GalaxyCluster").EnumerateArray()).ToList();
        Assert.Contains(clusters, c => c.GetProperty("meta").GetProperty("external_id")[0].GetString() == "T1566.001");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Import_RedEvent_OnlyIntoAnInbox_AndOnlyByWhoMayWriteThere(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var bank = await server.ApiClientAsync(TaxiiApi.BankReporter);
        var red = Event(Guid.NewGuid(), "tlp:red", "Red event", ("ip-dst", "198.51.100.77", true), ("domain", "red.example.org", false));

        var stored = await ImportAsync(bank, "inbox-hikari-bank", red);
        Assert.Equal(0, stored["failureCount"]!.GetValue<int>());
        Assert.Equal(4, stored["added"]!.GetValue<int>());

        // A reporter does not write the community collection; nor does a read-only token write anything.
        await Problems.AssertAsync(await bank.PostAsync($"{Events}?collection=community", Json(red)), HttpStatusCode.Forbidden);
        using var readOnly = await server.ApiClientAsync(TaxiiApi.BankReporter, "read");
        await Problems.AssertAsync(await readOnly.PostAsync($"{Events}?collection=inbox-hikari-bank", Json(red)), HttpStatusCode.Forbidden);
        // Another organisation's inbox does not exist for the bank.
        await Problems.AssertAsync(await bank.PostAsync($"{Events}?collection=inbox-akebono-power", Json(red)), HttpStatusCode.NotFound);

        // TLP:RED into a shared collection: every object is refused, with the reason, and no report lists them.
        using var nisc = await server.ApiClientAsync(TaxiiApi.Nisc);
        var refused = await ImportAsync(nisc, "community", red);
        Assert.Equal(0, refused["added"]!.GetValue<int>());
        Assert.True(refused["failureCount"]!.GetValue<int>() >= 3);
        Assert.Contains(refused["failures"]!.AsArray(), f => f!["reason"]!.GetValue<string>().Contains("TLP:RED", StringComparison.Ordinal));
        Assert.Empty(refused["reports"]!.AsArray());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Import_BadInput_ProblemDetailsAndNothingStored(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(TaxiiApi.Nisc);
        var before = await CountAsync(server);
        var good = Event(Guid.NewGuid(), "tlp:green", "Good", ("ip-dst", "198.51.100.9", true));

        // Malformed JSON after a valid start: the whole document is read before anything is stored.
        var malformed = good[..^3] + ",,}";
        Assert.Contains("not valid JSON", Problems.Explanation(await Problems.AssertAsync(await nisc.PostAsync($"{Events}?collection=community", Json(malformed)), HttpStatusCode.BadRequest)));
        Assert.Contains("must be a JSON object", Problems.Explanation(await Problems.AssertAsync(await nisc.PostAsync($"{Events}?collection=community", Json("[1,2]")), HttpStatusCode.BadRequest)));
        Assert.Contains("no event", Problems.Explanation(await Problems.AssertAsync(await nisc.PostAsync($"{Events}?collection=community", Json("{\"events\":[]}")), HttpStatusCode.BadRequest)));
        Assert.Contains("uuid", Problems.Explanation(await Problems.AssertAsync(await nisc.PostAsync($"{Events}?collection=community", Json("{\"Event\":{\"info\":\"x\"}}")), HttpStatusCode.BadRequest)));
        var missing = await Problems.AssertAsync(await nisc.PostAsync(Events, Json(good)), HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("collection", out _));
        await Problems.AssertAsync(await nisc.PostAsync($"{Events}?collection=no-such-collection", Json(good)), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await nisc.PostAsync($"{Events}?collection=community", Json(System.Text.Encoding.UTF8.GetBytes(good), "text/plain")), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before, await CountAsync(server));

        // Unknown attribute types are kept as notes and counted; an attribute without a uuid is named as a failure.
        var odd = Event(Guid.NewGuid(), "tlp:green", "Odd types", ("btc", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", false), ("x-unheard-of", "something", true))
            .Replace("\"Attribute\":[", "\"Attribute\":[{\"type\":\"ip-dst\",\"value\":\"198.51.100.10\"},", StringComparison.Ordinal);
        var summary = await ImportAsync(nisc, "community", odd);
        Assert.Equal(1, summary["unmapped"]!["btc"]!.GetValue<int>());
        Assert.Equal(1, summary["unmapped"]!["x-unheard-of"]!.GetValue<int>());
        Assert.Equal(1, summary["failureCount"]!.GetValue<int>());
        Assert.Contains("no valid 'uuid'", summary["failures"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal(3, summary["added"]!.GetValue<int>());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ImportForm_UploadedFile_ShowsTheSummary_AndABadFileSaysWhy(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var session = await server.SignInAsync(TaxiiApi.Nisc);
        var page = await session.GetStringAsync("/intel/misp", TestContext.Current.CancellationToken);
        Assert.True(Html.HasElement(page, "misp-import-form"), page);
        var token = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);

        async Task<string> UploadAsync(string json)
        {
            using var form = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent("community"), "collection" },
                { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(json)), "file", "event.json" },
            };
            var response = await session.PostAsync("/intel/misp/import", form, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
            return await session.GetStringAsync(Html.Location(response), TestContext.Current.CancellationToken);
        }

        var done = await UploadAsync(Event(Guid.NewGuid(), "tlp:green", "From the form", ("domain", "form.example.org", true)));
        Assert.True(Html.HasElement(done, "misp-result"), done);
        var summary = Html.ElementText(done, "misp-summary");
        Assert.Contains("community", summary);
        Assert.Matches("(新規 2、|: 2 new)", summary);
        var bad = await UploadAsync("[1,2]");
        Assert.Contains("must be a JSON object", bad);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task OpenApi_DescribesTheImportBodyAndTheExport(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var anonymous = server.CreateClient();
        var paths = System.Text.Json.Nodes.JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken))!["paths"]!;
        Assert.NotNull(paths["/api/v1/misp/events"]!["post"]!["requestBody"]!["content"]!["application/json"]);
        Assert.NotNull(paths["/api/v1/misp/events"]!["post"]!["responses"]!["200"]);
        Assert.NotNull(paths["/api/v1/misp/events/{stixReportId}"]!["get"]!["responses"]!["404"]);
        Assert.NotNull(paths["/misp-feed/member/manifest.json"]!["get"]);
    }

    private static async Task<int> CountAsync(KizunaTestServer server)
    {
        await using var db = server.NewContext();
        return await db.StixObjects.CountAsync(TestContext.Current.CancellationToken);
    }
}
