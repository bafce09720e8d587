using System.Net;
using System.Text.Json.Nodes;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using static Kizuna.Server.Tests.Crisis.CrisisApi;

namespace Kizuna.Server.Tests.Crisis;

/// <summary>他分野への波及 on the crisis board: services at risk downstream of the ones reported down or degraded, for board readers only.</summary>
public sealed class CrisisDownstreamTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static string PowerReporter => DemoUsers.Of("AKEBONO-POWER", "reporter");

    private static JsonObject AtRisk(JsonObject downstream, string service)
        => downstream["atRisk"]!.AsArray().Single(r => r!["serviceCode"]!.GetValue<string>() == service)!.AsObject();

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Board_ElectricityDown_ShowsWaterAndRailAtRiskToBoardReadersOnly(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await DeclareAsync(nisc, Declaration("cyber", ["electricity"]));

        // Before any answer nothing is failing, so nothing is at risk.
        var before = (await GetJsonAsync(nisc, $"/api/v1/crises/{id}/board"))["downstream"]!.AsObject();
        Assert.Empty(before["failing"]!.AsArray());
        Assert.Empty(before["atRisk"]!.AsArray());

        using var power = await server.ApiClientAsync(PowerReporter);
        await AnswerAsync(power, id, Answer(("electricity-supply", "down", "Substations offline"), ("electricity-generation", "normal", null)));

        var board = await GetJsonAsync(nisc, $"/api/v1/crises/{id}/board");
        var downstream = board["downstream"]!.AsObject();
        var failing = Assert.Single(downstream["failing"]!.AsArray())!;
        Assert.Equal("electricity-supply", failing["serviceCode"]!.GetValue<string>());
        Assert.Equal(1, failing["down"]!.GetValue<int>());
        Assert.Equal(0, failing["degraded"]!.GetValue<int>());
        foreach (var (service, sector) in new[] { ("water-supply", "water"), ("railway-passenger", "railway") })
        {
            var row = AtRisk(downstream, service);
            Assert.Equal(sector, row["sectorCode"]!.GetValue<string>());
            Assert.Equal(1, row["depth"]!.GetValue<int>());
            Assert.Equal("electricity-supply", row["via"]!.GetValue<string>());
            Assert.Equal("stops", row["impact"]!.GetValue<string>());
        }
        Assert.Equal(2, AtRisk(downstream, "finance-securities")["depth"]!.GetValue<int>());
        Assert.DoesNotContain(downstream["atRisk"]!.AsArray(), r => r!["serviceCode"]!.GetValue<string>() is "electricity-supply" or "electricity-generation");
        // Service names and counts only: the section never names the operator that answered.
        Assert.DoesNotContain("AKEBONO", downstream.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        // The after-action summary carries the same.
        var summary = await GetJsonAsync(nisc, $"/api/v1/crises/{id}/summary");
        Assert.Equal(1, AtRisk(summary["downstream"]!.AsObject(), "water-supply")["depth"]!.GetValue<int>());

        // The board page shows the section.
        using var niscPage = await server.SignInAsync(Nisc);
        var html = await niscPage.GetStringAsync($"/crises/{id}");
        Assert.True(Html.HasElement(html, "downstream-at-risk"), "The board page has no downstream section.");
        Assert.True(Html.HasElement(html, "downstream-diagram"), "The board page has no cascade drawing.");
        Assert.Contains("data-service=\"water-supply\" data-depth=\"1\" data-via=\"electricity-supply\"", html);
        Assert.Contains("data-service=\"railway-passenger\" data-depth=\"1\" data-via=\"electricity-supply\"", html);

        // The operator that was asked sees its own answers, never the section.
        var mine = await GetJsonAsync(power, $"/api/v1/crises/{id}");
        Assert.Null(mine["downstream"]);
        Assert.DoesNotContain("water-supply", mine.ToJsonString());
        await Problems.AssertAsync(await power.GetAsync($"/api/v1/crises/{id}/board"), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await power.GetAsync($"/api/v1/crises/{id}/summary"), HttpStatusCode.Forbidden);
        using var powerPage = await server.SignInAsync(PowerReporter);
        var operatorHtml = await powerPage.GetStringAsync($"/crises/{id}");
        Assert.True(Html.HasElement(operatorHtml, "my-status"), "The operator's page lost its own status.");
        Assert.False(Html.HasElement(operatorHtml, "downstream"));
        Assert.False(Html.HasElement(operatorHtml, "downstream-at-risk"));
        Assert.False(Html.HasElement(operatorHtml, "downstream-diagram"));
        Assert.DoesNotContain("data-via=", operatorHtml);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Board_OnlyNormalAnswers_HasNothingAtRisk(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await DeclareAsync(nisc, Declaration("unknown", ["electricity"]));
        using var power = await server.ApiClientAsync(PowerReporter);
        await AnswerAsync(power, id, Answer(("electricity-supply", "down", null)));
        // The latest answer wins: back to normal, nothing is at risk any more.
        await AnswerAsync(power, id, Answer(("electricity-supply", "normal", null), ("electricity-generation", "unknown", null)));

        var downstream = (await GetJsonAsync(nisc, $"/api/v1/crises/{id}/board"))["downstream"]!.AsObject();
        Assert.Empty(downstream["failing"]!.AsArray());
        Assert.Empty(downstream["atRisk"]!.AsArray());
        using var niscPage = await server.SignInAsync(Nisc);
        Assert.True(Html.HasElement(await niscPage.GetStringAsync($"/crises/{id}"), "downstream-none"));
    }
}
