using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using static Kizuna.Server.Tests.Interop.TaxiiApi;

namespace Kizuna.Server.Tests.Interop;

/// <summary>TAXII answers to bad requests: TAXII error resources with 400, 401, 403, 404, 405, 406, 413 and 415, never problem details.</summary>
public sealed class TaxiiBadInputTests(TaxiiBadInputTests.SmallLimits fixture) : IClassFixture<TaxiiBadInputTests.SmallLimits>
{
    public sealed class SmallLimits : ServerFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Server:TokenPermitsPerMinute"] = "100000",
            ["Taxii:MaxEnvelopeBytes"] = "4096",
            ["Taxii:MaxObjectsPerEnvelope"] = "5",
        };
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Authentication_MissingOrWrong_Answers401WithBasicChallenge(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        await using var db = server.NewContext();
        var values = await DemoValues.RouteValuesAsync(db, ["HIKARI-BANK"], [], allSectors: false);
        using var anonymous = server.CreateClient();
        var paths = RouteCatalog.Gets(server.Services).Where(RouteCatalog.IsTaxii).SelectMany(e => RouteCatalog.Expand(e, values)).ToList();
        Assert.Contains("/taxii2", paths);
        Assert.Contains("/taxii2/kizuna/collections/community/objects", paths);
        foreach (var path in paths)
        {
            var response = await anonymous.GetAsync(path);
            await AssertErrorAsync(response, HttpStatusCode.Unauthorized);
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic" && h.Parameter!.Contains("realm=\"kizuna\""));
        }

        var token = await server.TokenForAsync(BankReporter, "read");
        foreach (var header in new[]
                 {
                     Basic(PowerReporter, token), // someone else's token
                     Basic(BankReporter, "kzn_" + new string('x', 43)), // unknown token
                     Basic(BankReporter, DemoUsers.Password), // a password is not a token
                     new AuthenticationHeaderValue("Basic", "%%%not-base64"),
                     new AuthenticationHeaderValue("Bearer", "kzn_" + new string('y', 43)),
                 })
        {
            using var client = server.CreateClient();
            client.DefaultRequestHeaders.Authorization = header;
            await AssertErrorAsync(await client.GetAsync($"{Root}/collections/"), HttpStatusCode.Unauthorized);
        }
        // The session cookie of the UI does not open TAXII.
        using var session = await server.SignInAsync(BankReporter);
        await AssertErrorAsync(await session.GetAsync($"{Root}/collections/"), HttpStatusCode.Unauthorized);
        // Bearer works as well as Basic.
        using var bearer = server.CreateClient(token);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync($"{Root}/collections/")).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Writing_WithoutTheRight_Answers403(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var readOnly = await ClientAsync(server, Nisc, "read");
        await AssertErrorAsync(await readOnly.PostAsync($"{Root}/collections/community/objects/", Envelope(Indicator())), HttpStatusCode.Forbidden, "read-only");
        await AssertErrorAsync(await readOnly.DeleteAsync($"{Root}/collections/community/objects/indicator--7d5c1a36-3f0e-4d38-9a54-5b0c1e6f2a11/"), HttpStatusCode.Forbidden);
        // A reporter reads the community feed but adds only to its own inbox.
        using var bank = await ClientAsync(server, BankReporter);
        await AssertErrorAsync(await bank.PostAsync($"{Root}/collections/community/objects/", Envelope(Indicator())), HttpStatusCode.Forbidden, "analyst");
        Assert.Equal(1, (await PostAsync(bank, "inbox-hikari-bank", Indicator()))["success_count"]!.GetValue<int>());
        // A viewer writes nowhere, not even its own inbox.
        using var viewer = await ClientAsync(server, DemoUsers.Of("KIYORA-WATER"));
        await AssertErrorAsync(await viewer.PostAsync($"{Root}/collections/inbox-kiyora-water/objects/", Envelope(Indicator())), HttpStatusCode.Forbidden);
        // An analyst deletes only what its organisation added (the demo indicator is NISC's).
        using var fsa = await ClientAsync(server, DemoUsers.Of("FSA", "analyst"));
        await AssertErrorAsync(await fsa.DeleteAsync($"{Root}/collections/community/objects/indicator--7d5c1a36-3f0e-4d38-9a54-5b0c1e6f2a11/"), HttpStatusCode.Forbidden, "your organisation");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task MediaTypes_Wrong_Answer406And415(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await ClientAsync(server, Nisc);
        foreach (var accept in new[] { "application/json", "text/html", "application/taxii+json;version=2.0", "application/stix+json;version=2.1" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{Root}/collections/");
            request.Headers.Accept.Clear();
            request.Headers.TryAddWithoutValidation("Accept", accept);
            await AssertErrorAsync(await nisc.SendAsync(request), HttpStatusCode.NotAcceptable, "application/taxii+json;version=2.1");
        }
        foreach (var accept in new[] { "application/taxii+json", "*/*", "application/taxii+json;version=2.1, application/json;q=0.5" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{Root}/collections/");
            request.Headers.Accept.Clear();
            request.Headers.TryAddWithoutValidation("Accept", accept);
            Assert.Equal(HttpStatusCode.OK, (await nisc.SendAsync(request)).StatusCode);
        }
        var envelope = new JsonObject { ["objects"] = new JsonArray(Indicator()) }.ToJsonString();
        foreach (var type in new[] { "application/json", "text/plain", "application/taxii+json;version=2.0" })
            await AssertErrorAsync(await nisc.PostAsync($"{Root}/collections/community/objects/", Content(envelope, type)), HttpStatusCode.UnsupportedMediaType);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Bodies_MalformedOrTooLarge_Answer400And413(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await ClientAsync(server, Nisc);
        var objects = $"{Root}/collections/community/objects/";
        await AssertErrorAsync(await nisc.PostAsync(objects, Content("{\"objects\": [")), HttpStatusCode.BadRequest, "not valid JSON");
        await AssertErrorAsync(await nisc.PostAsync(objects, Content("[1,2]")), HttpStatusCode.BadRequest, "envelope");
        await AssertErrorAsync(await nisc.PostAsync(objects, Content("{\"more\": false}")), HttpStatusCode.BadRequest, "objects");
        // Over Taxii:MaxEnvelopeBytes (4096 here): 413, with or without a Content-Length.
        var big = Envelope(Indicator(name: new string('x', 5000)));
        await AssertErrorAsync(await nisc.PostAsync(objects, big), HttpStatusCode.RequestEntityTooLarge, "4096");
        var chunked = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(await big.ReadAsStringAsync())));
        chunked.Headers.ContentType = MediaTypeHeaderValue.Parse(MediaType);
        using (var request = new HttpRequestMessage(HttpMethod.Post, objects) { Content = chunked })
        {
            request.Headers.TransferEncodingChunked = true;
            await AssertErrorAsync(await nisc.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
        }
        // Over Taxii:MaxObjectsPerEnvelope (5 here).
        var many = Enumerable.Range(0, 6).Select(_ => (JsonNode)new JsonObject { ["type"] = "x" }).ToArray();
        await AssertErrorAsync(await nisc.PostAsync(objects, Envelope(many)), HttpStatusCode.BadRequest, "limit is 5");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Queries_BadValuesAndUnknownThings_Answer400And404(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await ClientAsync(server, Nisc, "read");
        var objects = $"{Root}/collections/community/objects/";
        foreach (var (query, named) in new[]
                 {
                     ("added_after=yesterday", "added_after"), ("limit=0", "limit"), ("limit=abc", "limit"), ("next=garbage!", "next"),
                     ("match[version]=newest", "match[version]"), ("match[spec_version]=3.0", "match[spec_version]"),
                 })
        {
            var error = await AssertErrorAsync(await nisc.GetAsync($"{objects}?{query}"), HttpStatusCode.BadRequest);
            Assert.NotNull(error["details"]![named]);
        }
        await AssertErrorAsync(await nisc.GetAsync($"{Root}/collections/no-such-collection/objects/"), HttpStatusCode.NotFound);
        await AssertErrorAsync(await nisc.GetAsync($"{Root}/collections/{Guid.NewGuid()}/"), HttpStatusCode.NotFound);
        await AssertErrorAsync(await nisc.GetAsync($"{objects}indicator--{Guid.NewGuid()}/"), HttpStatusCode.NotFound);
        await AssertErrorAsync(await nisc.GetAsync($"{Root}/status/{Guid.NewGuid()}/"), HttpStatusCode.NotFound);
        await AssertErrorAsync(await nisc.GetAsync("/taxii2/other-root/"), HttpStatusCode.NotFound);
        await AssertErrorAsync(await nisc.PutAsync($"{Root}/collections/", Content("{}")), HttpStatusCode.MethodNotAllowed);
    }
}
