using System.Net;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using static Kizuna.Server.Tests.Liaison.LiaisonApi;

namespace Kizuna.Server.Tests.Analytics;

/// <summary>Bad questions to /api/v1/analytics get problem details naming the parameter, and every limit (Analytics options) holds.</summary>
public sealed class AnalyticsInputTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("/api/v1/analytics/trends?dims=colour", "colour")]
    [InlineData("/api/v1/analytics/trends?dims=sector,sector,event_type,cause_type,severity", "dimensions")]
    [InlineData("/api/v1/analytics/trends?by=week", "week")]
    [InlineData("/api/v1/analytics/trends?from=2026-05-01&to=2026-04-01", "after")]
    [InlineData("/api/v1/analytics/trends?from=2000-04-01&to=2026-03-31", "limit is 3660")]
    [InlineData("/api/v1/analytics/trends?from=1500-04-01&to=1500-05-01", "fiscal year")]
    [InlineData("/api/v1/analytics/trends?by=month&from=2016-04-01&to=2026-03-31&dims=sector,cause_type", "limit is 20000")]
    [InlineData("/api/v1/analytics/trends?format=xml", "xml")]
    [InlineData("/api/v1/analytics/trends?sector=atlantis", "atlantis")]
    [InlineData("/api/v1/analytics/trends?eventType=alien-invasion", "alien-invasion")]
    [InlineData("/api/v1/analytics/trends?severity=9", "0–4")]
    [InlineData("/api/v1/analytics/trends?from=yesterday", null)]
    [InlineData("/api/v1/analytics/annual/abc", "abc")]
    [InlineData("/api/v1/analytics/annual/1999", "1999")]
    [InlineData("/api/v1/analytics/annual/2026.doc", ".doc")]
    [InlineData("/api/v1/analytics/annual/2026.csv?format=pdf", "pdf")]
    [InlineData("/api/v1/analytics/annual/2026?format=odt", "odt")]
    [InlineData("/api/v1/analytics/annual/2026.pdf?lang=fr", "fr")]
    public async Task Analytics_BadQuestion_Answers400Problem(string path, string? detail)
    {
        var server = await fixture.ServerAsync(DatabaseKind.Sqlite);
        using var nisc = await server.ApiClientAsync(Nisc);
        var problem = await Problems.AssertAsync(await nisc.GetAsync(path), HttpStatusCode.BadRequest);
        if (detail is not null) Assert.Contains(detail, problem.ToString());
    }

    [Fact]
    public async Task Analytics_WithinLimits_Answers()
    {
        var server = await fixture.ServerAsync(DatabaseKind.Sqlite);
        using var nisc = await server.ApiClientAsync(Nisc);
        // Ten fiscal years by quarter, two dimensions: 40 × 15 × 9 cells, under the cap.
        var wide = await JsonAsync(await nisc.GetAsync("/api/v1/analytics/trends?by=quarter&from=2016-04-01&to=2026-03-31&dims=sector,event_type"), HttpStatusCode.OK);
        Assert.Equal(40, wide["periods"]!.AsArray().Count);
        Assert.Equal("FY2016-Q1", wide["periods"]![0]!["key"]!.GetValue<string>());
        var csv = await nisc.GetAsync("/api/v1/analytics/trends?format=csv&by=fy&from=2016-04-01&to=2026-03-31");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var lines = ExportFiles.Csv(await csv.Content.ReadAsByteArrayAsync());
        Assert.Equal(["period", "count"], lines[0]);
        Assert.Equal(11, lines.Count);
        Assert.Equal("FY2016", lines[1][0]);
    }
}
