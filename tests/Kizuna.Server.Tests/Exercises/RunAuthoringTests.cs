using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using static Kizuna.Server.Tests.Exercises.RunApi;

namespace Kizuna.Server.Tests.Exercises;

/// <summary>Scenario authoring over REST: validation as problem details, reorder, who may manage, ministries' own sectors, scenario export and import with its size limit.</summary>
public sealed class RunAuthoringTests(RunFixture fixture) : IClassFixture<RunFixture>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Author_BadInput_AnswersProblemDetailsAndStoresNothing(DatabaseKind kind)
    {
        var (server, _) = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        await Problems.AssertAsync(await nisc.PostAsJsonAsync("/api/v1/exercises", new { title = "x", speed = 0 }), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await nisc.PostAsJsonAsync("/api/v1/exercises", new { title = "x", speed = 601 }), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await nisc.PostAsJsonAsync("/api/v1/exercises", new { title = "", speed = 1 }), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await nisc.PostAsJsonAsync("/api/v1/exercises", new { title = "x", speed = 1, scheduledStartAt = DateTimeOffset.UtcNow.AddDays(-1) }), HttpStatusCode.BadRequest);
        var id = await CreateAsync(nisc, "Validation");
        await Problems.AssertAsync(await nisc.PostAsJsonAsync($"/api/v1/exercises/{id}/injects", Inject(-1, "message", "Before the start")), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await nisc.PostAsJsonAsync($"/api/v1/exercises/{id}/injects", Inject(1, "carrier-pigeon", "Unknown kind")), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await nisc.PostAsJsonAsync($"/api/v1/exercises/{id}/injects", Inject(1, "message", "Nobody", [Org("NO-SUCH-ORG")])), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await nisc.PostAsJsonAsync($"/api/v1/exercises/{id}/injects",
            Inject(1, "message", "Bad expectation", expectations: [new { kind = "applause", withinMinutes = 5 }])), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await nisc.PostAsJsonAsync($"/api/v1/exercises/{id}/participants", new { organizationCode = "HIKARI-BANK", role = "spectator", people = 1 }), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await nisc.PostAsJsonAsync($"/api/v1/exercises/{id}/participants", new { organizationCode = "HIKARI-BANK", role = "player", people = 0 }), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await nisc.PostAsJsonAsync($"/api/v1/exercises/{id}/participants", new { organizationCode = "NO-SUCH-ORG", role = "player", people = 1 }), HttpStatusCode.BadRequest);
        // Nothing to start: no inject, no player.
        await Problems.AssertAsync(await nisc.PostAsync($"/api/v1/exercises/{id}/start", null), HttpStatusCode.BadRequest);
        await AddParticipantAsync(nisc, id, "HIKARI-BANK");
        await Problems.AssertAsync(await nisc.PostAsJsonAsync($"/api/v1/exercises/{id}/participants", new { organizationCode = "HIKARI-BANK", role = "player", people = 1 }), HttpStatusCode.Conflict);
        Assert.Empty(await ArrayAsync(nisc, $"/api/v1/exercises/{id}/injects"));
        Assert.Single(await ArrayAsync(nisc, $"/api/v1/exercises/{id}/participants"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Injects_AddMoveRemove_KeepANumberingWithoutGaps(DatabaseKind kind)
    {
        var (server, _) = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await CreateAsync(nisc, "Order");
        await AddInjectAsync(nisc, id, Inject(0, "message", "A"));
        await AddInjectAsync(nisc, id, Inject(5, "alert", "B"));
        await AddInjectAsync(nisc, id, Inject(10, "message", "C"));
        await AddInjectAsync(nisc, id, Inject(1, "message", "First", number: 1));
        await OkAsync(await nisc.PutAsJsonAsync($"/api/v1/exercises/{id}/injects/4", Inject(12, "advisory", "C moved", number: 2)));
        Assert.Equal(["First", "C moved", "A", "B"], await TitlesAsync(nisc, id));
        Assert.Equal(HttpStatusCode.NoContent, (await nisc.DeleteAsync($"/api/v1/exercises/{id}/injects/1")).StatusCode);
        Assert.Equal(["C moved", "A", "B"], await TitlesAsync(nisc, id));
        Assert.Equal([1, 2, 3], (await ArrayAsync(nisc, $"/api/v1/exercises/{id}/injects")).Select(i => i!["number"]!.GetValue<int>()));
        await Problems.AssertAsync(await nisc.PutAsJsonAsync($"/api/v1/exercises/{id}/injects/9", Inject(1, "message", "Nowhere")), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await nisc.PostAsJsonAsync($"/api/v1/exercises/{id}/injects", Inject(1, "message", "Too far", number: 9)), HttpStatusCode.BadRequest);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Access_OutsidersGet404_PlayersCannotManage_ControllersOfOtherOrganisationsCan(DatabaseKind kind)
    {
        var (server, _) = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await CreateAsync(nisc, "Access");
        await AddParticipantAsync(nisc, id, "HIKARI-BANK");
        await AddParticipantAsync(nisc, id, "METI", "controller", 2);
        using var water = await server.ApiClientAsync(WaterViewer);
        using var fsa = await server.ApiClientAsync(Fsa);
        foreach (var path in new[] { "", "/participants", "/injects", "/injects/timeline", "/scenario" })
        {
            await Problems.AssertAsync(await water.GetAsync($"/api/v1/exercises/{id}{path}"), path == "/scenario" ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound);
            if (path != "/scenario") await Problems.AssertAsync(await fsa.GetAsync($"/api/v1/exercises/{id}{path}"), HttpStatusCode.NotFound);
        }
        await Problems.AssertAsync(await fsa.PostAsJsonAsync($"/api/v1/exercises/{id}/injects", Inject(1, "message", "Intruder")), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await fsa.PostAsync($"/api/v1/exercises/{id}/start", null), HttpStatusCode.NotFound);
        // A player (reporter: no analyst capability) may not author.
        using var bank = await server.ApiClientAsync(BankReporter);
        await Problems.AssertAsync(await bank.PostAsJsonAsync($"/api/v1/exercises/{id}/injects", Inject(1, "message", "Player")), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await bank.GetAsync($"/api/v1/exercises/{id}/participants"), HttpStatusCode.Forbidden);
        Assert.Equal("play", (await OkAsync(await bank.GetAsync($"/api/v1/exercises/{id}")))["access"]!.GetValue<string>());
        // A controller from another organisation manages.
        using var meti = await server.ApiClientAsync(Meti);
        Assert.Equal("manage", (await OkAsync(await meti.GetAsync($"/api/v1/exercises/{id}")))["access"]!.GetValue<string>());
        await AddInjectAsync(meti, id, Inject(1, "message", "From the controller"));
        Assert.Single(await ArrayAsync(nisc, $"/api/v1/exercises/{id}/injects"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Ministry_RunsExercisesOverItsOwnSectorsOnly(DatabaseKind kind)
    {
        var (server, _) = await fixture.ServerAsync(kind);
        using var fsa = await server.ApiClientAsync(Fsa);
        var id = await CreateAsync(fsa, "Finance drill");
        await AddParticipantAsync(fsa, id, "HIKARI-BANK");
        await Problems.AssertAsync(await fsa.PostAsJsonAsync($"/api/v1/exercises/{id}/participants", new { organizationCode = "AKEBONO-POWER", role = "player", people = 1 }),
            HttpStatusCode.BadRequest, "outside your ministry's sectors");
        await AddParticipantAsync(fsa, id, "NISC", "controller", 1);
        await Problems.AssertAsync(await fsa.PostAsJsonAsync($"/api/v1/exercises/{id}/injects", Inject(1, "message", "Power", [new { kind = "sector", value = "electricity" }])),
            HttpStatusCode.BadRequest);
        await AddInjectAsync(fsa, id, Inject(1, "message", "Finance", [new { kind = "sector", value = "finance" }]));
        using var bank = await server.ApiClientAsync(BankReporter);
        await Problems.AssertAsync(await bank.PostAsJsonAsync("/api/v1/exercises", new { title = "mine", speed = 1 }), HttpStatusCode.Forbidden);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Scenario_ExportThenImport_RoundTripsAndBadDocumentsChangeNothing(DatabaseKind kind)
    {
        var (server, _) = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var source = await CreateAsync(nisc, "Source scenario", speed: 30);
        await AddParticipantAsync(nisc, source, "HIKARI-BANK");
        await AddParticipantAsync(nisc, source, "FSA", "observer", 2);
        await AddInjectAsync(nisc, source, Inject(0, "alert", "Alert", expectations: [new { kind = "acknowledge", withinMinutes = 15 }]));
        await AddInjectAsync(nisc, source, Inject(3, "message", "Message", [Org("HIKARI-BANK")]));
        var exported = await nisc.GetStringAsync($"/api/v1/exercises/{source}/scenario");

        var target = await CreateAsync(nisc, "Target");
        await OkAsync(await nisc.PutAsync($"/api/v1/exercises/{target}/scenario", new StringContent(exported, Encoding.UTF8, "application/json")));
        var reexported = JsonNode.Parse(await nisc.GetStringAsync($"/api/v1/exercises/{target}/scenario"))!;
        Assert.Equal(JsonNode.Parse(exported)!.ToJsonString(), reexported.ToJsonString());

        // Too large: 413 before anything is read into the scenario.
        var big = new StringContent("{\"title\":\"" + new string('x', RunFixture.MaxScenarioBytes) + "\",\"speed\":1}", Encoding.UTF8, "application/json");
        Assert.Contains($"{RunFixture.MaxScenarioBytes}", Problems.Explanation(
            await Problems.AssertAsync(await nisc.PutAsync($"/api/v1/exercises/{target}/scenario", big), HttpStatusCode.RequestEntityTooLarge)));
        await Problems.AssertAsync(await nisc.PutAsync($"/api/v1/exercises/{target}/scenario", new StringContent("{not json", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        var bad = JsonNode.Parse(exported)!.AsObject();
        bad["participants"]![0]!["organizationCode"] = "NO-SUCH-ORG";
        bad["injects"]![1]!["kind"] = "carrier-pigeon";
        var problem = await Problems.AssertAsync(await nisc.PutAsync($"/api/v1/exercises/{target}/scenario", new StringContent(bad.ToJsonString(), Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        var text = problem.ToString();
        Assert.Contains("participants[", text);
        Assert.Contains("injects[1]", text);
        // All or nothing: the target still holds the imported scenario.
        Assert.Equal(reexported.ToJsonString(), JsonNode.Parse(await nisc.GetStringAsync($"/api/v1/exercises/{target}/scenario"))!.ToJsonString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Author_OddJson_NullEntriesHugeNumbersAndTooLongAudiences_AreProblemsAndStoreNothing(DatabaseKind kind)
    {
        var (server, _) = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await CreateAsync(nisc, "Odd JSON");
        async Task BadAsync(HttpMethod method, string path, string json)
            => await Problems.AssertAsync(await nisc.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") }),
                HttpStatusCode.BadRequest);
        // Every property present, so each case fails on the one odd value (a missing constructor property is refused on its own).
        static string Exercise(string speed) => $$"""{"title":"x","description":null,"speed":{{speed}},"scheduledStartAt":null}""";
        static string InjectJson(string offset = "1", string audience = "null", string expectations = "null", string number = "null")
            => $$"""{"offsetMinutes":{{offset}},"kind":"message","title":"t","body":"b","audience":{{audience}},"expectations":{{expectations}},"number":{{number}}}""";
        await OkAsync(await nisc.PostAsync($"/api/v1/exercises/{id}/injects", new StringContent(InjectJson(), Encoding.UTF8, "application/json")), HttpStatusCode.Created);
        Assert.True((await nisc.DeleteAsync($"/api/v1/exercises/{id}/injects/1")).IsSuccessStatusCode);
        await BadAsync(HttpMethod.Post, "/api/v1/exercises", "null");
        await BadAsync(HttpMethod.Post, "/api/v1/exercises", Exercise("1e400"));
        await BadAsync(HttpMethod.Post, "/api/v1/exercises", Exercise("\"NaN\""));
        await BadAsync(HttpMethod.Post, $"/api/v1/exercises/{id}/injects", "null");
        await BadAsync(HttpMethod.Post, $"/api/v1/exercises/{id}/injects", InjectJson(audience: "[null]"));
        await BadAsync(HttpMethod.Post, $"/api/v1/exercises/{id}/injects", InjectJson(audience: """[{"kind":null,"value":null}]"""));
        await BadAsync(HttpMethod.Post, $"/api/v1/exercises/{id}/injects", InjectJson(expectations: "[null]"));
        await BadAsync(HttpMethod.Post, $"/api/v1/exercises/{id}/injects", InjectJson(expectations: """[{"kind":null,"withinMinutes":5,"sector":null,"organizationCode":null}]"""));
        await BadAsync(HttpMethod.Post, $"/api/v1/exercises/{id}/injects", InjectJson(offset: "1e300"));
        await BadAsync(HttpMethod.Post, $"/api/v1/exercises/{id}/injects", InjectJson(number: "2147483647"));
        await BadAsync(HttpMethod.Post, $"/api/v1/exercises/{id}/injects", InjectJson(number: "-2147483648"));
        await BadAsync(HttpMethod.Post, $"/api/v1/exercises/{id}/participants", """{"organizationCode":null,"role":null,"people":1}""");
        await BadAsync(HttpMethod.Post, $"/api/v1/exercises/{id}/participants", """{"organizationCode":"HIKARI-BANK","role":"player","people":99999999999}""");
        // An audience names at most ExerciseLimits.MaxAudienceEntries entries (each is looked up): one more is a 400 naming the limit.
        var many = string.Join(",", Enumerable.Range(0, Kizuna.Core.Features.Exercises.ExerciseLimits.MaxAudienceEntries + 1).Select(_ => """{"kind":"organization","value":"HIKARI-BANK"}"""));
        var tooMany = await Problems.AssertAsync(await nisc.PostAsync($"/api/v1/exercises/{id}/injects",
            new StringContent(InjectJson(audience: $"[{many}]"), Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Contains($"{Kizuna.Core.Features.Exercises.ExerciseLimits.MaxAudienceEntries}", Problems.Explanation(tooMany));
        // The scenario import: null participants and injects, each named.
        var scenario = await Problems.AssertAsync(await nisc.PutAsync($"/api/v1/exercises/{id}/scenario",
            new StringContent("""{"title":"x","description":null,"speed":1,"scheduledStartAt":null,"participants":[null],"injects":[null]}""", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Contains("participants[0]", scenario.ToString());
        Assert.Contains("injects[0]", scenario.ToString());
        Assert.Empty(await ArrayAsync(nisc, $"/api/v1/exercises/{id}/injects"));
        Assert.Empty(await ArrayAsync(nisc, $"/api/v1/exercises/{id}/participants"));
    }

    private static async Task<List<string>> TitlesAsync(HttpClient client, Guid id)
        => (await ArrayAsync(client, $"/api/v1/exercises/{id}/injects")).Select(i => i!["title"]!.GetValue<string>()).ToList();
}
