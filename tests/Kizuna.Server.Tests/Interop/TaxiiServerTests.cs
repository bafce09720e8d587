using System.Net;
using System.Text.Json.Nodes;
using Kizuna.Core.Features.Interop;
using Kizuna.Server.Tests.Support;
using Kizuna.Stix;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Interop.TaxiiApi;

namespace Kizuna.Server.Tests.Interop;

/// <summary>The TAXII 2.1 server: discovery, collections, objects, versions, manifest, status, filters and idempotency.</summary>
public sealed class TaxiiServerTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Discovery_AndApiRoot_DescribeTheServer(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var client = await ClientAsync(server, BankReporter, "read");
        var (_, discovery) = await GetAsync(client, "/taxii2/");
        var root = new Uri(server.BaseAddress, "/taxii2/kizuna/").ToString();
        Assert.Equal(root, discovery["default"]!.GetValue<string>());
        Assert.Equal(root, Assert.Single(discovery["api_roots"]!.AsArray())!.GetValue<string>());

        var (_, apiRoot) = await GetAsync(client, "/taxii2/kizuna/");
        Assert.Equal(MediaType, Assert.Single(apiRoot["versions"]!.AsArray())!.GetValue<string>());
        Assert.Equal(10L * 1024 * 1024, apiRoot["max_content_length"]!.GetValue<long>());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Collections_ListOnlyWhatTheViewerMayReadOrWrite(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var bank = await ClientAsync(server, BankReporter, "read");
        var (_, list) = await GetAsync(bank, $"{Root}/collections/");
        var byAlias = list["collections"]!.AsArray().ToDictionary(c => c!["alias"]!.GetValue<string>(), c => c!.AsObject());
        Assert.Contains("community", byAlias.Keys);
        Assert.Contains("sector-finance", byAlias.Keys);
        Assert.Contains("tlp-amber-strict", byAlias.Keys);
        Assert.DoesNotContain("tlp-red", byAlias.Keys);
        Assert.DoesNotContain("sector-electricity", byAlias.Keys);
        Assert.DoesNotContain("inbox-akebono-power", byAlias.Keys);
        // A reporter writes only its own inbox; shared collections take the analyst role.
        Assert.True(byAlias["inbox-hikari-bank"]["can_write"]!.GetValue<bool>());
        Assert.True(byAlias["inbox-hikari-bank"]["can_read"]!.GetValue<bool>());
        Assert.False(byAlias["community"]["can_write"]!.GetValue<bool>());
        Assert.True(byAlias["community"]["can_read"]!.GetValue<bool>());
        Assert.All(byAlias.Values, c => Assert.Equal("application/stix+json;version=2.1", c["media_types"]![0]!.GetValue<string>()));

        // By id and by alias, the same collection.
        var id = byAlias["sector-finance"]["id"]!.GetValue<string>();
        Assert.Equal(TaxiiCollection.NameBasedId("sector:finance").ToString("D"), id);
        var (_, one) = await GetAsync(bank, $"{Root}/collections/{id}/");
        Assert.Equal("sector-finance", one["alias"]!.GetValue<string>());
        Assert.Equal(id, (await GetAsync(bank, $"{Root}/collections/sector-finance/")).Body["id"]!.GetValue<string>());

        // Another organisation's inbox does not exist for the bank; the coordinator reads every inbox.
        await AssertErrorAsync(await bank.GetAsync($"{Root}/collections/inbox-akebono-power/"), HttpStatusCode.NotFound);
        using var nisc = await ClientAsync(server, Nisc, "read");
        var (_, all) = await GetAsync(nisc, $"{Root}/collections/");
        var aliases = all["collections"]!.AsArray().Select(c => c!["alias"]!.GetValue<string>()).ToList();
        Assert.Contains("inbox-akebono-power", aliases);
        Assert.Contains("inbox-hikari-bank", aliases);
        Assert.Contains("sector-electricity", aliases);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Post_MixedEnvelope_AddsTheGoodListsTheBadAndIsIdempotent(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await ClientAsync(server, Nisc);
        var good1 = Indicator(tlp: Tlp.Green);
        var good2 = Malware();
        var badId = Indicator(id: "indicator--not-a-uuid");
        var badTime = Indicator();
        badTime["created"] = "2026-04-01 09:30:00";
        var backwards = Indicator(created: T0, modified: T0.AddDays(-1));
        var red = Indicator(tlp: Tlp.Red);
        var status = await PostAsync(nisc, "community", good1, good2, badId, badTime, backwards, red, new JsonArray(1, 2));

        Assert.Equal("complete", status["status"]!.GetValue<string>());
        Assert.Equal(7, status["total_count"]!.GetValue<int>());
        Assert.Equal(2, status["success_count"]!.GetValue<int>());
        Assert.Equal(5, status["failure_count"]!.GetValue<int>());
        Assert.Equal(0, status["pending_count"]!.GetValue<int>());
        Assert.Empty(status["pendings"]!.AsArray());
        var failures = status["failures"]!.AsArray().Select(f => (Id: f!["id"]!.GetValue<string>(), Message: f["message"]!.GetValue<string>())).ToList();
        Assert.Contains(failures, f => f.Id == "indicator--not-a-uuid" && f.Message.Contains("'id'"));
        Assert.Contains(failures, f => f.Id == badTime["id"]!.GetValue<string>() && f.Message.Contains("'created'"));
        Assert.Contains(failures, f => f.Id == backwards["id"]!.GetValue<string>() && f.Message.Contains("'modified'"));
        Assert.Contains(failures, f => f.Id == red["id"]!.GetValue<string>() && f.Message.Contains("TLP:RED"));
        Assert.Contains(failures, f => f.Message.Contains("JSON object"));
        Assert.Equal(new[] { good1["id"]!.GetValue<string>(), good2["id"]!.GetValue<string>() }.Order(),
            status["successes"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).Order());

        // The status resource answers the same later, to the poster.
        var (_, again) = await GetAsync(nisc, $"{Root}/status/{status["id"]}/");
        Assert.Equal(5, again["failure_count"]!.GetValue<int>());
        Assert.Equal(status["failures"]!.ToJsonString(), again["failures"]!.ToJsonString());
        // Nobody else sees it.
        using var fsa = await ClientAsync(server, DemoUsers.Of("FSA", "analyst"), "read");
        await AssertErrorAsync(await fsa.GetAsync($"{Root}/status/{status["id"]}/"), HttpStatusCode.NotFound);

        // Re-sending adds nothing.
        await using var db = server.NewContext();
        var ids = new[] { good1["id"]!.GetValue<string>(), good2["id"]!.GetValue<string>() };
        var before = await db.StixObjects.CountAsync(o => ids.Contains(o.StixId));
        var resent = await PostAsync(nisc, "community", good1, good2, good1);
        Assert.Equal(3, resent["success_count"]!.GetValue<int>());
        Assert.Equal(before, await db.StixObjects.CountAsync(o => ids.Contains(o.StixId)));
        Assert.Equal(2, before);

        // The objects come back as sent, with the date-added headers.
        var (response, envelope) = await GetAsync(nisc, $"{Root}/collections/community/objects/?match[id]={ids[0]},{ids[1]}");
        Assert.Equal(ids.Order(), IdsOf(envelope).Order());
        Assert.False(envelope["more"]!.GetValue<bool>());
        Assert.True(response.Headers.Contains("X-TAXII-Date-Added-First"));
        Assert.True(response.Headers.Contains("X-TAXII-Date-Added-Last"));
        var stored = envelope["objects"]!.AsArray().Single(o => o!["id"]!.GetValue<string>() == ids[0])!;
        Assert.Equal(good1.ToJsonString(), stored.ToJsonString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Post_StrictValidation_RefusesWhatTheSpecForbids_NamingTheProperty(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await ClientAsync(server, Nisc);
        var good = Indicator(tlp: Tlp.Green);
        var badPattern = Indicator(tlp: Tlp.Green);
        badPattern["pattern"] = "[ipv4-addr:value = '198.51.100.1'";
        var noPatternType = Indicator(tlp: Tlp.Green);
        noPatternType.Remove("pattern_type");
        var badConfidence = Indicator(tlp: Tlp.Green);
        badConfidence["confidence"] = 101;
        var status = await PostAsync(nisc, "community", good, badPattern, noPatternType, badConfidence);

        Assert.Equal(1, status["success_count"]!.GetValue<int>());
        var failures = status["failures"]!.AsArray().ToDictionary(f => f!["id"]!.GetValue<string>(), f => f!["message"]!.GetValue<string>());
        Assert.Contains("pattern", failures[badPattern["id"]!.GetValue<string>()]);
        Assert.Contains("pattern_type", failures[noPatternType["id"]!.GetValue<string>()]);
        Assert.Contains("confidence", failures[badConfidence["id"]!.GetValue<string>()]);
        // Nothing refused was stored.
        var (_, objects) = await GetAsync(nisc, $"{Root}/collections/community/objects/?match[id]={badPattern["id"]}");
        Assert.Null(objects["objects"]);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Versions_FirstLastAllAndTimestamp_ChooseTheRightOnes(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await ClientAsync(server, Nisc);
        var id = $"indicator--{Guid.NewGuid():D}";
        var t1 = T0; var t2 = T0.AddHours(1); var t3 = T0.AddHours(2);
        // Out of order: the newest first, then the oldest, then the middle one.
        await PostAsync(nisc, "sector-finance", Indicator(id, T0, t3, name: "v3"));
        await PostAsync(nisc, "sector-finance", Indicator(id, T0, t1, name: "v1"));
        await PostAsync(nisc, "sector-finance", Indicator(id, T0, t2, name: "v2"));
        var objectPath = $"{Root}/collections/sector-finance/objects/{id}/";

        async Task<List<string>> NamesAsync(string query)
        {
            var (_, envelope) = await GetAsync(nisc, objectPath + query);
            return envelope["objects"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()).ToList();
        }
        Assert.Equal(["v3"], await NamesAsync(""));
        Assert.Equal(["v3"], await NamesAsync("?match[version]=last"));
        Assert.Equal(["v1"], await NamesAsync("?match[version]=first"));
        Assert.Equal(["v1", "v2", "v3"], (await NamesAsync("?match[version]=all")).Order());
        Assert.Equal(["v2"], await NamesAsync($"?match[version]={Stamp(t2)}"));
        Assert.Equal(["v1", "v3"], (await NamesAsync("?match[version]=first,last")).Order());
        // The same on the collection's objects list.
        var (_, list) = await GetAsync(nisc, $"{Root}/collections/sector-finance/objects/?match[id]={id}&match[version]=first");
        Assert.Equal("v1", Assert.Single(list["objects"]!.AsArray())!["name"]!.GetValue<string>());

        var (versionsResponse, versions) = await GetAsync(nisc, objectPath + "versions/");
        Assert.Equal(new[] { t3, t1, t2 }.Select(Stamp), versions["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.True(versionsResponse.Headers.Contains("X-TAXII-Date-Added-First"));

        var (_, manifest) = await GetAsync(nisc, $"{Root}/collections/sector-finance/manifest/?match[id]={id}&match[version]=all");
        var records = manifest["objects"]!.AsArray();
        Assert.Equal(3, records.Count);
        Assert.All(records, r =>
        {
            Assert.Equal(id, r!["id"]!.GetValue<string>());
            Assert.Equal("application/stix+json;version=2.1", r["media_type"]!.GetValue<string>());
            Assert.True(BasicStixObjectCheck.TryTimestamp(r["date_added"]!.GetValue<string>(), out _));
        });
        Assert.Equal(new[] { t1, t2, t3 }.Select(Stamp).Order(), records.Select(r => r!["version"]!.GetValue<string>()).Order());

        // Deleting the latest version makes the middle one the latest.
        var deleted = await nisc.DeleteAsync(objectPath + $"?match[version]={Stamp(t3)}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(["v2"], await NamesAsync(""));
        Assert.Equal(HttpStatusCode.OK, (await nisc.DeleteAsync(objectPath)).StatusCode);
        await AssertErrorAsync(await nisc.GetAsync(objectPath), HttpStatusCode.NotFound);
        await AssertErrorAsync(await nisc.GetAsync(objectPath + "versions/"), HttpStatusCode.NotFound);
        await AssertErrorAsync(await nisc.DeleteAsync(objectPath), HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task MatchTypeAndSpecVersion_Filter(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var meti = await ClientAsync(server, DemoUsers.Of("METI", "analyst"));
        var malware = Malware("FilterMalware");
        var indicator = Indicator();
        var observable = new JsonObject { ["type"] = "ipv4-addr", ["id"] = $"ipv4-addr--{Guid.NewGuid():D}", ["value"] = "203.0.113.9" };
        var status = await PostAsync(meti, "sector-gas", malware, indicator, observable);
        Assert.Equal(3, status["success_count"]!.GetValue<int>());

        var (_, malwares) = await GetAsync(meti, $"{Root}/collections/sector-gas/objects/?match[type]=malware");
        Assert.Contains(malware["id"]!.GetValue<string>(), IdsOf(malwares));
        Assert.All(malwares["objects"]!.AsArray(), o => Assert.Equal("malware", o!["type"]!.GetValue<string>()));
        var (_, two) = await GetAsync(meti, $"{Root}/collections/sector-gas/objects/?match[type]=malware,ipv4-addr");
        Assert.Contains(observable["id"]!.GetValue<string>(), IdsOf(two));
        Assert.DoesNotContain(indicator["id"]!.GetValue<string>(), IdsOf(two));
        // An SCO without spec_version is STIX 2.1; nothing here is 2.0.
        var (_, v21) = await GetAsync(meti, $"{Root}/collections/sector-gas/objects/?match[spec_version]=2.1&match[id]={observable["id"]}");
        Assert.Single(IdsOf(v21));
        var (_, v20) = await GetAsync(meti, $"{Root}/collections/sector-gas/objects/?match[spec_version]=2.0");
        Assert.Empty(IdsOf(v20));
        Assert.Null(v20["objects"]);
        // A re-sent SCO (no timestamps) is stored once.
        var again = await PostAsync(meti, "sector-gas", observable);
        Assert.Equal(1, again["success_count"]!.GetValue<int>());
        await using var db = server.NewContext();
        Assert.Equal(1, await db.StixObjects.CountAsync(o => o.StixId == observable["id"]!.GetValue<string>()));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Paging_2500ObjectsByNext_NoDuplicatesNoGaps_AndAddedAfter(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await ClientAsync(server, Nisc);
        var sent = new List<string>();
        foreach (var size in new[] { 1000, 1000, 500 })
        {
            var batch = Enumerable.Range(0, size).Select(_ => (JsonNode)Indicator()).ToArray();
            sent.AddRange(batch.Select(o => o["id"]!.GetValue<string>()));
            Assert.Equal(size, (await PostAsync(nisc, "sector-chemical", batch))["success_count"]!.GetValue<int>());
        }

        var seen = new List<string>();
        string? next = null;
        var pages = 0;
        string? firstPageLast = null;
        do
        {
            var (response, envelope) = await GetAsync(nisc, $"{Root}/collections/sector-chemical/objects/?limit=700" + (next is null ? "" : $"&next={Uri.EscapeDataString(next)}"));
            var ids = IdsOf(envelope);
            Assert.True(ids.Count <= 700);
            seen.AddRange(ids);
            next = envelope["more"]!.GetValue<bool>() ? envelope["next"]!.GetValue<string>() : null;
            firstPageLast ??= response.Headers.GetValues("X-TAXII-Date-Added-Last").Single();
            pages++;
        } while (next is not null);
        Assert.Equal(4, pages);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(sent, seen);

        // A limit above the cap is lowered to it (1000).
        var (_, capped) = await GetAsync(nisc, $"{Root}/collections/sector-chemical/objects/?limit=5000");
        Assert.Equal(1000, IdsOf(capped).Count);
        Assert.True(capped["more"]!.GetValue<bool>());
        // The default page is 100.
        Assert.Equal(100, IdsOf((await GetAsync(nisc, $"{Root}/collections/sector-chemical/objects/")).Body).Count);

        // added_after the first envelope's date leaves the other two; the manifest agrees.
        var (_, manifest) = await GetAsync(nisc, $"{Root}/collections/sector-chemical/manifest/?limit=1000");
        var firstAdded = manifest["objects"]![0]!["date_added"]!.GetValue<string>();
        Assert.Equal(firstAdded, manifest["objects"]![999]!["date_added"]!.GetValue<string>());
        var after = new List<string>();
        next = null;
        do
        {
            var (_, envelope) = await GetAsync(nisc, $"{Root}/collections/sector-chemical/objects/?limit=1000&added_after={firstAdded}" + (next is null ? "" : $"&next={Uri.EscapeDataString(next)}"));
            after.AddRange(IdsOf(envelope));
            next = envelope["more"]!.GetValue<bool>() ? envelope["next"]!.GetValue<string>() : null;
        } while (next is not null);
        Assert.Equal(sent.Skip(1000), after);
        Assert.Equal(firstAdded, firstPageLast);
        var (_, none) = await GetAsync(nisc, $"{Root}/collections/sector-chemical/objects/?added_after=2999-01-01T00:00:00.000Z");
        Assert.Null(none["objects"]);
    }
}
