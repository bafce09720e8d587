using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kizuna.Core.Features.Directory;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Server.Tests.ReferenceData;

/// <summary>The service dependency graph over HTTP: reading, the at-risk question, platform-admin edits (audited), bad input, and the page.</summary>
public sealed class ServiceDependencyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    /// <summary>The coordinator's analyst who is not a platform admin.</summary>
    private static string Analyst => DemoUsers.All.First(u => u.Org == "NISC" && !u.PlatformAdmin && u.Roles.Contains("analyst")).Email;
    private static string Viewer => DemoUsers.Of("KIYORA-WATER");

    private static async Task<JsonNode> JsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private static JsonObject Row(JsonNode atRisk, string code)
        => atRisk["atRisk"]!.AsArray().Single(r => r!["code"]!.GetValue<string>() == code)!.AsObject();

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task List_Demo_HoldsThePowerTelecomCycleAndFiltersBySector(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var viewer = await server.ApiClientAsync(Viewer, "read");

        var all = (await JsonAsync(viewer, "/api/v1/service-dependencies")).AsArray();
        var pairs = all.Select(d => (d!["service"]!["code"]!.GetValue<string>(), d["dependsOn"]!["code"]!.GetValue<string>())).ToList();
        Assert.Contains(("water-supply", "electricity-supply"), pairs);
        Assert.Contains(("telecom-carrier", "electricity-supply"), pairs);
        Assert.Contains(("electricity-supply", "telecom-carrier"), pairs);
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
        var water = all.Single(d => d!["service"]!["code"]!.GetValue<string>() == "water-supply" && d["dependsOn"]!["code"]!.GetValue<string>() == "electricity-supply")!;
        Assert.Equal("stops", water["impact"]!.GetValue<string>());
        Assert.Equal("water", water["service"]!["sectorCode"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(water["noteJa"]!.GetValue<string>()));

        var finance = (await JsonAsync(viewer, "/api/v1/service-dependencies?sector=finance")).AsArray();
        Assert.NotEmpty(finance);
        Assert.All(finance, d => Assert.True(d!["service"]!["sectorCode"]!.GetValue<string>() == "finance" || d["dependsOn"]!["sectorCode"]!.GetValue<string>() == "finance"));
        Assert.True(finance.Count < all.Count);
        var id = water["id"]!.GetValue<Guid>();
        Assert.Equal("water-supply", (await JsonAsync(viewer, $"/api/v1/service-dependencies/{id}"))["service"]!["code"]!.GetValue<string>());

        await Problems.AssertAsync(await viewer.GetAsync("/api/v1/service-dependencies?sector=atlantis"), HttpStatusCode.BadRequest, "atlantis");
        await Problems.AssertAsync(await viewer.GetAsync($"/api/v1/service-dependencies/{Guid.CreateVersion7()}"), HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AtRisk_ElectricityFails_ListsDependentsByDepthThroughTheCycleOnce(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var viewer = await server.ApiClientAsync(Viewer, "read");

        var answer = await JsonAsync(viewer, "/api/v1/service-dependencies/at-risk?service=electricity-supply");
        Assert.Equal(ServiceDependencyLimits.DefaultDepth, answer["depth"]!.GetValue<int>());
        Assert.Equal("electricity-supply", answer["failing"]!.AsArray().Single()!["code"]!.GetValue<string>());
        var codes = answer["atRisk"]!.AsArray().Select(r => r!["code"]!.GetValue<string>()).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        // telecom depends on power and power on telecom: the failing service never comes back as "at risk".
        Assert.DoesNotContain("electricity-supply", codes);
        foreach (var direct in new[] { "water-supply", "railway-passenger", "telecom-carrier", "medical-care" })
        {
            Assert.Equal(1, Row(answer, direct)["depth"]!.GetValue<int>());
            Assert.Equal("electricity-supply", Row(answer, direct)["via"]!.GetValue<string>());
        }
        Assert.Equal("stops", Row(answer, "water-supply")["impact"]!.GetValue<string>());
        var securities = Row(answer, "finance-securities");
        Assert.Equal(2, securities["depth"]!.GetValue<int>());
        Assert.Equal("telecom-carrier", securities["via"]!.GetValue<string>());
        Assert.Equal(["electricity-supply", "telecom-carrier", "finance-securities"], securities["path"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("degrades", securities["impact"]!.GetValue<string>());
        Assert.Equal("stops", Row(answer, "aviation-transport")["impact"]!.GetValue<string>());

        var shallow = await JsonAsync(viewer, "/api/v1/service-dependencies/at-risk?service=electricity-supply&depth=1");
        Assert.All(shallow["atRisk"]!.AsArray(), r => Assert.Equal(1, r!["depth"]!.GetValue<int>()));
        Assert.DoesNotContain(shallow["atRisk"]!.AsArray(), r => r!["code"]!.GetValue<string>() == "finance-securities");

        // Two failing services: telecom is failing itself, so finance-securities is one step away.
        var both = await JsonAsync(viewer, "/api/v1/service-dependencies/at-risk?service=electricity-supply&service=telecom-carrier&depth=5");
        Assert.Equal(2, both["failing"]!.AsArray().Count);
        Assert.Equal(1, Row(both, "finance-securities")["depth"]!.GetValue<int>());
        Assert.DoesNotContain(both["atRisk"]!.AsArray(), r => r!["code"]!.GetValue<string>() == "telecom-carrier");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AtRisk_BadQuestions_Answer400ProblemsNamingTheField(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var viewer = await server.ApiClientAsync(Viewer, "read");
        const string path = "/api/v1/service-dependencies/at-risk";

        var unknown = await Problems.AssertAsync(await viewer.GetAsync($"{path}?service=electricity-supply&service=warp-drive"), HttpStatusCode.BadRequest);
        Assert.Contains("warp-drive", Problems.Explanation(unknown));
        Assert.Contains("service", Problems.Explanation(await Problems.AssertAsync(await viewer.GetAsync(path), HttpStatusCode.BadRequest)));
        foreach (var depth in new[] { "0", "6", "-1" })
            Assert.Contains("depth", Problems.Explanation(await Problems.AssertAsync(await viewer.GetAsync($"{path}?service=electricity-supply&depth={depth}"), HttpStatusCode.BadRequest)));
        await Problems.AssertAsync(await viewer.GetAsync($"{path}?service=electricity-supply&depth=deep"), HttpStatusCode.BadRequest);
        var many = string.Join("&", Enumerable.Range(0, ServiceDependencyLimits.MaxFailingServices + 1).Select(i => $"service=s{i}"));
        Assert.Contains("At most", Problems.Explanation(await Problems.AssertAsync(await viewer.GetAsync($"{path}?{many}"), HttpStatusCode.BadRequest)));
        using var anonymous = server.CreateClient();
        await Problems.AssertAsync(await anonymous.GetAsync($"{path}?service=electricity-supply"), HttpStatusCode.Unauthorized);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AddAndRemove_PlatformAdmin_ChangesTheGraphAndAudits(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var admin = await server.ApiClientAsync(DemoUsers.Admin);
        var body = new { service = "gas-supply", dependsOn = "electricity-supply", impact = "degrades", noteJa = "制御設備の電源", noteEn = "Power for control equipment" };

        var created = await admin.PostAsJsonAsync("/api/v1/service-dependencies", body);
        var createdBody = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{(int)created.StatusCode} {createdBody}");
        var id = JsonNode.Parse(createdBody)!["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/v1/service-dependencies/{id:D}", created.Headers.Location?.OriginalString);
        var atRisk = await JsonAsync(admin, "/api/v1/service-dependencies/at-risk?service=electricity-supply&depth=1");
        Assert.Equal("degrades", Row(atRisk, "gas-supply")["impact"]!.GetValue<string>());

        await Problems.AssertAsync(await admin.PostAsJsonAsync("/api/v1/service-dependencies", body with { impact = "stops" }), HttpStatusCode.Conflict, "already depends");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/service-dependencies/{id}")).StatusCode);
        await Problems.AssertAsync(await admin.DeleteAsync($"/api/v1/service-dependencies/{id}"), HttpStatusCode.NotFound);
        await Problems.AssertAsync(await admin.GetAsync($"/api/v1/service-dependencies/{id}"), HttpStatusCode.NotFound);
        atRisk = await JsonAsync(admin, "/api/v1/service-dependencies/at-risk?service=electricity-supply&depth=1");
        Assert.DoesNotContain(atRisk["atRisk"]!.AsArray(), r => r!["code"]!.GetValue<string>() == "gas-supply");

        await using var db = server.NewContext();
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.TargetType == "service-dependency" && e.TargetId == id.ToString("D")).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["reference.service-dependency.added", "reference.service-dependency.removed"], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal(DemoUsers.Admin, e.ActorEmail));
        Assert.Contains("gas-supply -> electricity-supply", audit[0].Detail);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Add_BadInputOrNotPlatformAdmin_IsRefusedAndChangesNothing(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var admin = await server.ApiClientAsync(DemoUsers.Admin);
        using var analyst = await server.ApiClientAsync(Analyst);
        await using var db = server.NewContext();
        var before = await db.ServiceDependencies.CountAsync();

        async Task<string> BadAsync(object body, string field)
        {
            var problem = await Problems.AssertAsync(await admin.PostAsJsonAsync("/api/v1/service-dependencies", body), HttpStatusCode.BadRequest);
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), $"No error for '{field}': {problem}");
            return Problems.Explanation(problem);
        }
        Assert.Contains("itself", await BadAsync(new { service = "water-supply", dependsOn = "water-supply", impact = "stops" }, "dependsOn"));
        Assert.Contains("warp-drive", await BadAsync(new { service = "warp-drive", dependsOn = "water-supply", impact = "stops" }, "service"));
        Assert.Contains("warp-drive", await BadAsync(new { service = "water-supply", dependsOn = "warp-drive", impact = "stops" }, "dependsOn"));
        Assert.Contains("stops", await BadAsync(new { service = "gas-supply", dependsOn = "water-supply", impact = "explodes" }, "impact"));
        await BadAsync(new { service = "gas-supply", dependsOn = "water-supply", impact = "stops", noteJa = new string('注', ServiceDependencyLimits.MaxNoteLength + 1) }, "noteJa");
        await BadAsync(new { service = "", dependsOn = "water-supply", impact = "stops" }, "service");
        // A missing field is a 400 that names it, never a half-built object.
        await Problems.AssertAsync(await admin.PostAsJsonAsync("/api/v1/service-dependencies", new { service = "gas-supply", dependsOn = "water-supply" }), HttpStatusCode.BadRequest);

        await Problems.AssertAsync(await analyst.PostAsJsonAsync("/api/v1/service-dependencies", new { service = "gas-supply", dependsOn = "water-supply", impact = "stops" }), HttpStatusCode.Forbidden);
        var existing = await db.ServiceDependencies.AsNoTracking().Select(d => d.Id).FirstAsync();
        await Problems.AssertAsync(await analyst.DeleteAsync($"/api/v1/service-dependencies/{existing}"), HttpStatusCode.Forbidden);
        Assert.Equal(before, await db.ServiceDependencies.CountAsync());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Page_MemberReadsAndAsks_AdminAddsAndRemoves(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var viewer = await server.SignInAsync(Viewer);
        var sectors = await viewer.GetStringAsync("/sectors");
        Assert.Contains("href=\"/service-dependencies\"", sectors);

        var page = await viewer.GetStringAsync("/service-dependencies?service=electricity-supply&depth=2");
        Assert.Contains("data-service=\"water-supply\" data-depends-on=\"electricity-supply\"", page);
        Assert.Contains("data-service=\"finance-securities\" data-depth=\"2\" data-via=\"telecom-carrier\"", page);
        // The drawing is well-formed SVG with a box per service and a line per step.
        var start = page.IndexOf("<svg", StringComparison.Ordinal);
        Assert.True(start >= 0, "No cascade drawing on the page.");
        var svg = System.Xml.Linq.XDocument.Parse(page[start..(page.IndexOf("</svg>", start, StringComparison.Ordinal) + "</svg>".Length)]).Root!;
        Assert.Equal("at-risk-diagram", svg.Attribute("id")?.Value);
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2000/svg";
        var boxes = svg.Descendants(ns + "g").Select(g => g.Attribute("data-service")?.Value).Where(v => v is not null).ToList();
        Assert.Contains("electricity-supply", boxes);
        Assert.Contains("finance-securities", boxes);
        Assert.Equal(boxes.Count - 1, svg.Descendants(ns + "line").Count());
        Assert.False(Html.HasElement(page, "add-form"));
        Assert.DoesNotContain("name=\"RemoveId\"", page);
        var bad = await viewer.GetAsync("/service-dependencies?service=warp-drive");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("warp-drive", await bad.Content.ReadAsStringAsync());
        Assert.Contains("depth", await viewer.GetStringAsync("/service-dependencies?service=electricity-supply&depth=9"));

        using var admin = await server.SignInAsync(DemoUsers.Admin);
        Assert.True(Html.HasElement(await admin.GetStringAsync("/service-dependencies"), "add-form"));
        var self = await KizunaTestServer.PostFormAsync(admin, "/service-dependencies", "add-dependency",
            new Dictionary<string, string> { ["AddService"] = "gas-supply", ["AddDependsOn"] = "gas-supply", ["AddImpact"] = "stops" });
        Assert.Equal(HttpStatusCode.OK, self.StatusCode);
        Assert.Contains("cannot depend on itself", await self.Content.ReadAsStringAsync());

        var added = await KizunaTestServer.PostFormAsync(admin, "/service-dependencies", "add-dependency",
            new Dictionary<string, string> { ["AddService"] = "chemical-production", ["AddDependsOn"] = "electricity-supply", ["AddImpact"] = "stops", ["AddNoteJa"] = "プラントの電源", ["AddNoteEn"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal("/service-dependencies?done=added", Html.Location(added));
        await using var db = server.NewContext();
        var row = await db.ServiceDependencies.AsNoTracking().SingleAsync(d => d.Service!.Code == "chemical-production" && d.DependsOn!.Code == "electricity-supply");
        Assert.Equal("プラントの電源", row.NoteJa);
        Assert.Null(row.NoteEn);

        var removed = await KizunaTestServer.PostFormAsync(admin, "/service-dependencies", "remove-dependency",
            new Dictionary<string, string> { ["RemoveId"] = row.Id.ToString("D") });
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.False(await db.ServiceDependencies.AnyAsync(d => d.Id == row.Id));

        // A viewer has no add form; a forged post changes nothing.
        var forged = await KizunaTestServer.PostFormAsync(viewer, "/service-dependencies", "add-dependency",
            new Dictionary<string, string> { ["AddService"] = "chemical-production", ["AddDependsOn"] = "electricity-supply", ["AddImpact"] = "stops" });
        Assert.NotEqual(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.True((int)forged.StatusCode < 500, $"{(int)forged.StatusCode}");
        var water = await db.ServiceDependencies.AsNoTracking().Where(d => d.Service!.Code == "water-supply" && d.DependsOn!.Code == "electricity-supply").Select(d => d.Id).SingleAsync();
        var forgedRemove = await KizunaTestServer.PostFormAsync(viewer, "/service-dependencies", "remove-dependency", new Dictionary<string, string> { ["RemoveId"] = water.ToString("D") });
        Assert.Contains("Only platform admins", await forgedRemove.Content.ReadAsStringAsync());
        Assert.True(await db.ServiceDependencies.AnyAsync(d => d.Id == water));
        Assert.False(await db.ServiceDependencies.AnyAsync(d => d.Service!.Code == "chemical-production"));
    }
}
