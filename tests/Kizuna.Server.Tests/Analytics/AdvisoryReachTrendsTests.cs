using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Provision.ProvisionApi;

namespace Kizuna.Server.Tests.Analytics;

/// <summary>Advisory reach and feedback in the trends: one advisory down the finance chain, counted for the coordinator and thresholded for the bank.</summary>
public sealed class AdvisoryReachTrendsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static async Task<JsonNode> ReachAsync(HttpClient client)
        => (await GetJsonAsync(client, "/api/v1/analytics/trends?by=fy"))["advisoryReach"]!;

    private static int Value(JsonNode reach, string field) => reach[field]!["value"]!.GetValue<int>();

    private static int Feedback(JsonNode reach, string kind)
        => reach["feedback"]!.AsArray().Single(f => f!["key"]!.GetValue<string>() == kind)!["count"]!["value"]!.GetValue<int>();

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Reach_AdvisoryRelayedAcknowledgedAnswered_CountedOnce(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var fsa = await server.ApiClientAsync(Fsa);
        using var ceptoar = await server.ApiClientAsync(BankCeptoar);
        using var bank = await server.ApiClientAsync(BankReporter);
        var before = await ReachAsync(nisc);

        var id = await PublishAsync(nisc, Input("Reach trend " + kind));
        Assert.Equal(HttpStatusCode.OK, (await fsa.PostAsJsonAsync($"/api/v1/advisories/{id}/relay", new { note = (string?)null })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ceptoar.PostAsJsonAsync($"/api/v1/advisories/{id}/relay", new { note = (string?)null })).StatusCode);
        await GetJsonAsync(bank, $"/api/v1/advisories/{id}");
        Assert.Equal(HttpStatusCode.OK, (await bank.PostAsync($"/api/v1/advisories/{id}/acknowledge", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await bank.PostAsJsonAsync($"/api/v1/advisories/{id}/feedback", new { kind = "applied" })).StatusCode);

        int planned, received, opened;
        await using (var db = server.NewContext())
        {
            planned = await db.AdvisoryDeliveries.CountAsync(d => d.AdvisoryId == id);
            received = await db.AdvisoryDeliveries.CountAsync(d => d.AdvisoryId == id && d.ReceivedAt != null);
            opened = await db.AdvisoryDeliveries.CountAsync(d => d.AdvisoryId == id && d.OpenedAt != null);
        }
        var after = await ReachAsync(nisc);
        Assert.Equal(1, Value(after, "advisories") - Value(before, "advisories"));
        Assert.Equal(planned, Value(after, "recipients") - Value(before, "recipients"));
        Assert.Equal(received, Value(after, "received") - Value(before, "received"));
        Assert.True(opened >= 1, "The bank opened it.");
        Assert.Equal(opened, Value(after, "opened") - Value(before, "opened"));
        Assert.Equal(1, Value(after, "acknowledged") - Value(before, "acknowledged"));
        Assert.Equal(1, Feedback(after, "applied") - Feedback(before, "applied"));

        // The bank counts only finance recipients, thresholded: one acknowledgement shows as "<3".
        var atBank = (await GetJsonAsync(bank, "/api/v1/analytics/trends?by=fy"))["advisoryReach"]!;
        Assert.True(atBank["acknowledged"]!["value"] is null || atBank["acknowledged"]!["value"]!.GetValue<int>() >= 3);
        if (Value(after, "acknowledged") == 1) Assert.Equal("<3", atBank["acknowledged"]!["display"]!.GetValue<string>());
    }
}
