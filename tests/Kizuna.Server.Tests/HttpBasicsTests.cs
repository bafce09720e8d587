using System.Net;
using System.Text.Json.Nodes;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;

namespace Kizuna.Server.Tests;

/// <summary>Probes, OpenAPI, security headers, directory filters and the taxonomies.</summary>
public sealed class HttpBasicsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Probes_Anonymous_Answer200(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var anonymous = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        var ready = await anonymous.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task OpenApi_Anonymous_ListsDirectoryRoutes(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var anonymous = server.CreateClient();
        var doc = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        var paths = doc["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/api/v1/organizations"));
        Assert.True(paths.ContainsKey("/api/v1/sectors"));
        Assert.True(paths.ContainsKey("/api/v1/notices"));
        Assert.Equal("Kizuna API", doc["info"]!["title"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Answers_PageAndApi_CarrySecurityHeaders(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var session = await server.SignInAsync(DemoUsers.Of("MIC"));
        using var api = await server.ApiClientAsync(DemoUsers.Of("MIC"));
        using var anonymous = server.CreateClient();
        foreach (var response in new[]
                 {
                     await session.GetAsync("/directory"), await api.GetAsync("/api/v1/sectors"),
                     await anonymous.GetAsync("/account/login"), await anonymous.GetAsync("/api/v1/sectors"),
                 })
        {
            var what = response.RequestMessage!.RequestUri!.PathAndQuery;
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("default-src 'self'", csp);
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.False(response.Headers.Contains("Server"), $"{what} names the server.");
        }
    }

    private static async Task<JsonArray> OrganizationsAsync(HttpClient api, string query)
    {
        var page = JsonNode.Parse(await api.GetStringAsync($"/api/v1/organizations?pageSize=200&{query}"))!;
        var items = page["items"]!.AsArray();
        Assert.Equal(page["total"]!.GetValue<int>(), items.Count);
        return items;
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Organizations_Filters_NarrowTheDirectory(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var api = await server.ApiClientAsync(DemoUsers.Of("AKEBONO-POWER"));
        var all = await OrganizationsAsync(api, "");

        var finance = await OrganizationsAsync(api, "sector=finance");
        Assert.NotEmpty(finance);
        Assert.True(finance.Count < all.Count);
        Assert.All(finance, o => Assert.Contains("finance", o!["sectors"]!.AsArray().Select(s => s!.GetValue<string>())));
        Assert.Contains(finance, o => o!["code"]!.GetValue<string>() == "HIKARI-BANK");

        var operators = await OrganizationsAsync(api, "kind=operator");
        Assert.NotEmpty(operators);
        Assert.All(operators, o => Assert.Equal("operator", o!["kind"]!.GetValue<string>()));

        var banks = await OrganizationsAsync(api, "ceptoar=fin-bank");
        Assert.NotEmpty(banks);
        Assert.All(banks, o => Assert.Contains("fin-bank", o!["ceptoars"]!.AsArray().Select(s => s!.GetValue<string>())));

        var tokyo = await OrganizationsAsync(api, "region=JP-13");
        Assert.NotEmpty(tokyo);
        Assert.All(tokyo, o => Assert.Equal("JP-13", o!["regionCode"]!.GetValue<string>()));
        var kanto = await OrganizationsAsync(api, "region=kanto");
        Assert.True(kanto.Count >= tokyo.Count);
        Assert.All(kanto, o => Assert.Matches("^JP-(08|09|10|11|12|13|14)$", o!["regionCode"]!.GetValue<string>()));

        var hikari = await OrganizationsAsync(api, "q=" + Uri.EscapeDataString("ひかり"));
        Assert.Contains(hikari, o => o!["code"]!.GetValue<string>() == "HIKARI-BANK");
        Assert.All(hikari, o => Assert.Contains("ひかり", o!["nameJa"]!.GetValue<string>() + o["nameEn"]!.GetValue<string>().ToLowerInvariant() + o["code"]!.GetValue<string>()));
        var byEnglish = await OrganizationsAsync(api, "q=hikari");
        Assert.Contains(byEnglish, o => o!["code"]!.GetValue<string>() == "HIKARI-BANK");

        var combined = await OrganizationsAsync(api, "sector=finance&kind=operator&region=JP-13");
        var expected = finance.Where(f => f!["regionCode"]?.GetValue<string>() == "JP-13" && f["kind"]!.GetValue<string>() == "operator").Select(f => f!["code"]!.GetValue<string>());
        Assert.Equal(expected.Order(), combined.Select(o => o!["code"]!.GetValue<string>()).Order());

        foreach (var bad in new[] { "sector=nope", "kind=nope", "ceptoar=nope", "region=nope" })
        {
            var problem = await Problems.AssertAsync(await api.GetAsync($"/api/v1/organizations?{bad}"), HttpStatusCode.BadRequest);
            Assert.Contains("nope", Problems.Explanation(problem));
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Taxonomy_EventAndCauseTypes_HaveJapaneseAndEnglishNames(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var api = await server.ApiClientAsync(DemoUsers.Of("KIYORA-WATER"));
        var events = JsonNode.Parse(await api.GetStringAsync("/api/v1/taxonomy/event-types"))!.AsArray();
        var causes = JsonNode.Parse(await api.GetStringAsync("/api/v1/taxonomy/cause-types"))!.AsArray();
        foreach (var terms in new[] { events, causes })
        {
            Assert.NotEmpty(terms);
            Assert.All(terms, t =>
            {
                Assert.False(string.IsNullOrWhiteSpace(t!["nameJa"]!.GetValue<string>()));
                Assert.False(string.IsNullOrWhiteSpace(t["nameEn"]!.GetValue<string>()));
            });
        }
        var eventNames = events.Select(t => t!["nameJa"]!.GetValue<string>()).ToList();
        Assert.Contains("情報の漏えい", eventNames);
        Assert.Contains("マルウェア等の感染", eventNames);
        var causeNames = causes.Select(t => t!["nameJa"]!.GetValue<string>()).ToList();
        Assert.Contains("DDoS攻撃等の大量アクセス", causeNames);
        Assert.Contains("システムの脆弱性", causeNames);
        Assert.All(events.Concat(causes), t => Assert.Matches("[A-Za-z]", t!["nameEn"]!.GetValue<string>()));
    }
}
