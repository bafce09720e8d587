using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using static Kizuna.Server.Tests.Liaison.LiaisonApi;

namespace Kizuna.Server.Tests.Analytics;

/// <summary>
/// Correlation over HTTP (相関分析): HIKARI-BANK (finance) and AKEBONO-POWER (electricity) each send the
/// coordinator a report naming the same attack address. The coordinator's findings name both reports;
/// each reporter's findings and lookups never name the other's report (one unseen report is below the
/// minimum count); absurd windows and unknown types answer 400 problems naming the field; the pages
/// render in both ways; the warning list is the coordinator administrators' to edit.
/// </summary>
public sealed class CorrelationApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string AttackIp = "198.51.100.201";

    private static JsonObject PowerContent() => Content("Substation SCADA access", c =>
    {
        c["sectorCode"] = "electricity";
        c["criticalServices"] = new JsonArray("electricity-supply");
        c["indicators"] = new JsonArray(new JsonObject { ["type"] = "ipv4", ["value"] = AttackIp });
    });

    /// <summary>The bank writes the address defanged in its description only: extracted from the sanitized text.</summary>
    private static JsonObject BankContent() => Content(change: c =>
    {
        c["description"] = "Floods came from 198[.]51[.]100[.]201 for three hours.";
        c["indicators"] = new JsonArray();
    });

    private async Task<(KizunaTestServer Server, Guid Bank, Guid Power)> SeedAsync(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var bank = await server.ApiClientAsync(Reporter);
        using var power = await server.ApiClientAsync(OtherReporter);
        var b = IdOf(await FileAsync(bank, Input(BankContent(), route: "coordinator")));
        var p = IdOf(await FileAsync(power, Input(PowerContent(), route: "coordinator")));
        return (server, b, p);
    }

    /// <summary>
    /// Objects added over TAXII are written outside EF's change tracker (StixObjectInserter); the
    /// correlation ingest hook indexes them in the envelope's transaction.
    /// </summary>
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task TaxiiPost_IndicatorWithAddress_IsCorrelatedAtOnce(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var address = $"203.0.113.{Random.Shared.Next(2, 250)}";
        var indicator = Kizuna.Server.Tests.Interop.TaxiiApi.Indicator(name: "Correlated over TAXII");
        indicator["pattern"] = $"[ipv4-addr:value = '{address}']";
        using var taxii = await Kizuna.Server.Tests.Interop.TaxiiApi.ClientAsync(server, Kizuna.Server.Tests.Interop.TaxiiApi.Nisc);
        await Kizuna.Server.Tests.Interop.TaxiiApi.PostAsync(taxii, "community", indicator);

        using var nisc = await server.ApiClientAsync(Nisc);
        var lookup = await JsonAsync(await nisc.GetAsync($"/api/v1/analytics/correlation/lookup?value={address}&days=2"), HttpStatusCode.OK);
        Assert.Contains(lookup["items"]!.AsArray(), i => i!.ToJsonString().Contains("stix", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Shared_TwoSectorsSameAddress_CoordinatorSeesBothReportsEachReporterOnlyItsOwn(DatabaseKind kind)
    {
        var (server, bankReport, powerReport) = await SeedAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var found = await JsonAsync(await nisc.GetAsync("/api/v1/analytics/correlation/findings/shared?days=2&pageSize=200"), HttpStatusCode.OK);
        var finding = found["items"]!.AsArray().Single(f => f!["value"]!.GetValue<string>() == AttackIp)!;
        var ids = finding["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()).ToList();
        Assert.Contains(bankReport, ids);
        Assert.Contains(powerReport, ids);
        Assert.Contains(finding["bySector"]!.AsArray(), s => s!["sectorCode"]!.GetValue<string>() == "electricity");

        using var bank = await server.ApiClientAsync(Reporter);
        foreach (var path in new[] { "/api/v1/analytics/correlation/findings/shared?days=2", "/api/v1/analytics/correlation/findings/clusters?days=2",
                     "/api/v1/analytics/correlation/findings/waves?days=2", $"/api/v1/analytics/correlation/lookup?value={AttackIp}&days=2",
                     $"/analytics/correlation?view=lookup&value={AttackIp}" })
        {
            var response = await bank.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
            Assert.False(body.Contains(powerReport.ToString("D"), StringComparison.Ordinal), $"{path} names the other sector's report: {body}");
            Assert.False(body.Contains("AKEBONO", StringComparison.OrdinalIgnoreCase), $"{path} names the other organisation: {body}");
        }
        var lookup = await JsonAsync(await bank.GetAsync($"/api/v1/analytics/correlation/lookup?value={AttackIp}&days=2"), HttpStatusCode.OK);
        Assert.DoesNotContain(lookup["bySector"]!.AsArray(), s => s!["sectorCode"]!.GetValue<string>() == "electricity");
        Assert.Contains(lookup["items"]!.AsArray(), i => i!["id"]!.GetValue<Guid>() == bankReport);

        // The page by key: the coordinator sees it; an organisation that saw nothing gets 404.
        var key = finding["keyId"]!.GetValue<Guid>();
        using var niscWeb = await server.SignInAsync(Nisc);
        var page = await niscWeb.GetAsync($"/analytics/observables/{key:D}?days=2");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(AttackIp, await page.Content.ReadAsStringAsync());
        using var water = await server.SignInAsync(DemoUsers.Of("KIYORA-WATER"));
        var hidden = await water.GetAsync($"/analytics/observables/{key:D}?days=2");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.DoesNotContain(AttackIp, await hidden.Content.ReadAsStringAsync());
        using var waterApi = await server.ApiClientAsync(DemoUsers.Of("KIYORA-WATER"));
        await Problems.AssertAsync(await waterApi.GetAsync($"/api/v1/analytics/correlation/observables/{key:D}?days=2"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CliRebuild_FromScratch_PrintsCountsAndKeepsTheFindings()
    {
        var (server, bankReport, _) = await SeedAsync(DatabaseKind.Sqlite);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Kizuna.Server.Cli.KizunaCli.RunAsync(["analytics", "rebuild", .. server.Database.ServerArgs, "--Server:PasswordHashIterations=1000"],
            new StringReader(""), stdout, stderr);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        var result = JsonNode.Parse(stdout.ToString())!;
        Assert.True(result["reports"]!.GetValue<int>() >= 2);
        Assert.True(result["occurrences"]!.GetValue<long>() >= 2);
        using var bank = await server.ApiClientAsync(Reporter);
        var lookup = await JsonAsync(await bank.GetAsync($"/api/v1/analytics/correlation/lookup?value={AttackIp}&days=2"), HttpStatusCode.OK);
        Assert.Contains(lookup["items"]!.AsArray(), i => i!["id"]!.GetValue<Guid>() == bankReport);
    }

    [Theory]
    [InlineData("/api/v1/analytics/correlation/findings/shared?days=0", "days")]
    [InlineData("/api/v1/analytics/correlation/findings/waves?days=100000", "days")]
    [InlineData("/api/v1/analytics/correlation/findings/clusters?from=2026-01-10&to=2026-01-01", "from")]
    [InlineData("/api/v1/analytics/correlation/findings/shared?from=2001-01-01&to=2026-01-01", "to")]
    [InlineData("/api/v1/analytics/correlation/findings/shared?to=2999-01-01", "to")]
    [InlineData("/api/v1/analytics/correlation/findings/shared?pageSize=100000", "pageSize")]
    [InlineData("/api/v1/analytics/correlation/lookup?value=x&type=colour", "type")]
    [InlineData("/api/v1/analytics/correlation/lookup?value=not%20an%20indicator", "value")]
    [InlineData("/api/v1/analytics/correlation/lookup", "value")]
    public async Task BadInput_AbsurdWindowOrUnknownType_Answers400NamingTheField(string path, string field)
    {
        var server = await fixture.ServerAsync(DatabaseKind.Sqlite);
        using var nisc = await server.ApiClientAsync(Nisc);
        var problem = await Problems.AssertAsync(await nisc.GetAsync(path), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), Problems.Explanation(problem));
    }

    [Fact]
    public async Task Page_AbsurdWindow_ShowsAReadableMessage()
    {
        var server = await fixture.ServerAsync(DatabaseKind.Sqlite);
        using var web = await server.SignInAsync(Nisc);
        var body = await (await web.GetAsync("/analytics/correlation?days=0")).Content.ReadAsStringAsync();
        Assert.Contains("must be between 1 and 366", body);
        Assert.Contains("role=\"alert\"", body);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task WarningList_OnlyCoordinatorAdminsEdit(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var bankAdmin = await server.ApiClientAsync(BankAdmin);
        var refused = await bankAdmin.PostAsJsonAsync("/api/v1/analytics/correlation/warning-list", new { value = "update.vendor.example" });
        await Problems.AssertAsync(refused, HttpStatusCode.Forbidden);
        using var admin = await server.ApiClientAsync(DemoUsers.Admin);
        var created = await JsonAsync(await admin.PostAsJsonAsync("/api/v1/analytics/correlation/warning-list", new { value = "Update.Vendor.Example.", note = "vendor updates" }), HttpStatusCode.Created);
        Assert.Equal("update.vendor.example", created["value"]!.GetValue<string>());
        await Problems.AssertAsync(await admin.PostAsJsonAsync("/api/v1/analytics/correlation/warning-list", new { value = "update.vendor.example" }), HttpStatusCode.Conflict);
        var list = await JsonAsync(await bankAdmin.GetAsync("/api/v1/analytics/correlation/warning-list"), HttpStatusCode.OK);
        Assert.Contains(list.AsArray(), w => w!["value"]!.GetValue<string>() == "update.vendor.example");
        var delete = await admin.DeleteAsync($"/api/v1/analytics/correlation/warning-list/{created["id"]!.GetValue<Guid>():D}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
    }
}
