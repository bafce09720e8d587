using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Liaison.LiaisonApi;

namespace Kizuna.Server.Tests.Liaison;

/// <summary>
/// Bad reports and attachments: a 400 problem naming the field, and nothing half-stored (no report,
/// submission, identity, event or attachment row). Attachments are capped at 2 KiB here.
/// </summary>
public sealed class LiaisonBadInputTests(LiaisonBadInputTests.Fixture fixture) : IClassFixture<LiaisonBadInputTests.Fixture>
{
    public sealed class Fixture : ServerFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Server:TokenPermitsPerMinute"] = "100000",
            ["Liaison:MaxAttachmentBytes"] = "2048",
        };
    }

    /// <summary>Each case: a name, the field the problem must name, and how to spoil a valid input.</summary>
    private static readonly Dictionary<string, (string Field, Action<JsonObject> Spoil)> Cases = new()
    {
        ["unknown event type"] = ("content.eventTypes", i => i["content"]!["eventTypes"] = new JsonArray("alien-invasion")),
        ["unknown cause type"] = ("content.causeTypes", i => i["content"]!["causeTypes"] = new JsonArray("ddos", "bad-luck")),
        ["category used as a code"] = ("content.eventTypes", i => i["content"]!["eventTypes"] = new JsonArray("precursor")),
        ["not the reporter's sector"] = ("content.sectorCode", i => { i["content"]!["sectorCode"] = "electricity"; i["content"]!["criticalServices"] = new JsonArray(); }),
        ["unknown critical service"] = ("content.criticalServices", i => i["content"]!["criticalServices"] = new JsonArray("telecom-carrier")),
        ["occurred in the future"] = ("content.occurredAt", i => { i["content"]!["occurredAt"] = DateTimeOffset.UtcNow.AddDays(2); i["content"]!["detectedAt"] = null; i["content"]!["recoveredAt"] = null; }),
        ["detected in the future"] = ("content.detectedAt", i => i["content"]!["detectedAt"] = DateTimeOffset.UtcNow.AddHours(3)),
        ["detected before it occurred"] = ("content.detectedAt", i => i["content"]!["detectedAt"] = DateTimeOffset.UtcNow.AddHours(-6)),
        ["bad ipv4"] = ("content.indicators", i => i["content"]!["indicators"] = new JsonArray(new JsonObject { ["type"] = "ipv4", ["value"] = "999.1.1.1" })),
        ["bad cve"] = ("content.indicators", i => i["content"]!["indicators"] = new JsonArray(new JsonObject { ["type"] = "cve", ["value"] = "CVE-12" })),
        ["unknown indicator type"] = ("content.indicators", i => i["content"]!["indicators"] = new JsonArray(new JsonObject { ["type"] = "mutex", ["value"] = "x" })),
        ["over-long title"] = ("content.title", i => i["content"]!["title"] = new string('長', 301)),
        ["missing title"] = ("content.title", i => i["content"]!["title"] = " "),
        ["severity out of range"] = ("content.severityDuration", i => i["content"]!["severityDuration"] = 7),
        ["unknown time zone"] = ("content.timeZone", i => i["content"]!["timeZone"] = "Mars/Olympus"),
        ["unknown route"] = ("route", i => i["route"] = "pigeon"),
        ["ceptoar route, not a member"] = ("ceptoarCode", i => { i["route"] = "ceptoar"; i["ceptoarCode"] = "tel-telecom"; }),
        ["unknown disclosure"] = ("identityDisclosure", i => i["identityDisclosure"] = "everyone"),
        ["unknown TLP"] = ("tlp", i => i["tlp"] = "PURPLE"),
        ["unknown basis"] = ("basis", i => i["basis"] = "whim"),
        ["legal basis without a law"] = ("legalBasisCode", i => i["basis"] = "legal"),
        ["legal basis with an unknown law"] = ("legalBasisCode", i => { i["basis"] = "legal"; i["legalBasisCode"] = "no-such-act"; }),
    };

    public static TheoryData<DatabaseKind, string> BadReports()
    {
        var data = new TheoryData<DatabaseKind, string>();
        foreach (var kind in new[] { DatabaseKind.Sqlite, DatabaseKind.Postgres })
            foreach (var name in Cases.Keys)
                data.Add(kind, name);
        return data;
    }

    [Theory, MemberData(nameof(BadReports))]
    public async Task Submit_BadReport_ProblemNamesFieldAndNothingStored(DatabaseKind kind, string name)
    {
        var server = await fixture.ServerAsync(kind);
        using var reporter = await server.ApiClientAsync(Reporter);
        var (field, spoil) = Cases[name];
        var before = await CountsAsync(server);

        var input = Input(Content($"Bad: {name}"));
        spoil(input);
        var problem = await Problems.AssertAsync(await reporter.PostAsJsonAsync("/api/v1/reports?submit=true", input), HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
            $"{name}: the problem does not name '{field}': {Problems.Explanation(problem)}");
        Assert.Equal(before, await CountsAsync(server));

        // The same as a follow-up of an existing report: refused, the report unchanged.
        var id = IdOf(await FileAsync(reporter, Input(Content($"Good before: {name}"))));
        var stored = await CountsAsync(server);
        var followUp = Input(Content($"Bad update: {name}"));
        spoil(followUp);
        await Problems.AssertAsync(await PostAsync(reporter, $"/api/v1/reports/{id}/submit", new { kind = "update", report = followUp }), HttpStatusCode.BadRequest);
        Assert.Equal(stored, await CountsAsync(server));
        await using var db = server.NewContext();
        Assert.Equal($"Good before: {name}", (await db.Reports.AsNoTracking().SingleAsync(r => r.Id == id)).Title);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Submit_UnknownKindOrNoDraft_BadRequest(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var reporter = await server.ApiClientAsync(Reporter);
        var id = IdOf(await FileAsync(reporter, Input(Content("kinds"))));
        await Problems.AssertAsync(await PostAsync(reporter, $"/api/v1/reports/{id}/submit", new { kind = "second" }), HttpStatusCode.BadRequest);
        await Problems.AssertAsync(await PostAsync(reporter, $"/api/v1/reports/{id}/submit", new { kind = "update" }), HttpStatusCode.BadRequest);
        await using var db = server.NewContext();
        Assert.Equal(1, await db.ReportSubmissions.CountAsync(s => s.ReportId == id));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Submit_AnonymousButSectorTooSmallForK_RefusedWithReasonAndNothingStored(DatabaseKind kind)
    {
        // No sector has 1,000 organisations: the sanitizer must refuse, and the first hop may only see a sanitized view.
        await using var server = await KizunaTestServer.StartAsync(kind, settings: new Dictionary<string, string> { ["Liaison:K"] = "1000" });
        using var reporter = await server.ApiClientAsync(Reporter);
        var before = await CountsAsync(server);

        var problem = await Problems.AssertAsync(await reporter.PostAsJsonAsync("/api/v1/reports?submit=true", Input(Content("k too large"), disclosure: "none")), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("identityDisclosure", out _), Problems.Explanation(problem));
        Assert.Contains("FSA", Problems.Explanation(problem));
        Assert.Equal(before, await CountsAsync(server));

        // Telling the ministry who it is, the report goes (the ministry gets the full view).
        await FileAsync(reporter, Input(Content("k too large, ministry told"), disclosure: "ministry"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Submit_AnonymousViaCeptoarWithFewerMembersThanK_RefusedWhileTheMinistryRouteIsNot(DatabaseKind kind)
    {
        // The banks' CEPTOAR has 5 members; every later reader learns which CEPTOAR forwarded a report, so
        // its anonymity set is those members. With k = 6 the sector (finance, 13+ organisations) still
        // suffices on the ministry route, but not through the CEPTOAR.
        await using var server = await KizunaTestServer.StartAsync(kind, settings: new Dictionary<string, string> { ["Liaison:K"] = "6" });
        using var reporter = await server.ApiClientAsync(Reporter);
        var before = await CountsAsync(server);

        var viaCeptoar = Input(Content("via the CEPTOAR, anonymous"), disclosure: "none", route: "ceptoar", change: i => i["ceptoarCode"] = "fin-bank");
        var problem = await Problems.AssertAsync(await reporter.PostAsJsonAsync("/api/v1/reports?submit=true", viaCeptoar), HttpStatusCode.BadRequest);
        Assert.Contains("refused", Problems.Explanation(problem));
        Assert.Equal(before, await CountsAsync(server));

        var report = await FileAsync(reporter, Input(Content("via the ministry, anonymous"), disclosure: "none"));
        Assert.Equal("submitted", report["status"]!.GetValue<string>());
    }

    public static TheoryData<DatabaseKind, string> BadFiles()
    {
        var data = new TheoryData<DatabaseKind, string>();
        foreach (var kind in new[] { DatabaseKind.Sqlite, DatabaseKind.Postgres })
            foreach (var name in new[] { "over the cap", "far over the cap", "ELF executable", "ZIP archive", "Windows PE", "empty", "UTF-16 text" })
                data.Add(kind, name);
        return data;
    }

    [Theory, MemberData(nameof(BadFiles))]
    public async Task Attach_OverCapOrForbiddenType_RefusedAndNoRowStored(DatabaseKind kind, string name)
    {
        var server = await fixture.ServerAsync(kind);
        using var reporter = await server.ApiClientAsync(Reporter);
        var id = IdOf(await FileAsync(reporter, Input(Content($"Attachments: {name}"))));
        var (fileName, bytes) = name switch
        {
            "over the cap" => ("log.txt", Encoding.UTF8.GetBytes(new string('a', 2049))),
            "far over the cap" => ("big.txt", Encoding.UTF8.GetBytes(new string('a', 200_000))),
            "ELF executable" => ("report.pdf", (byte[])[0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0]),
            "ZIP archive" => ("evidence.txt", (byte[])[(byte)'P', (byte)'K', 3, 4, 20, 0, 0, 0, 8, 0]),
            "Windows PE" => ("notes.txt", [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0]),
            "empty" => ("empty.txt", []),
            _ => ("utf16.txt", Encoding.Unicode.GetBytes("hello")),
        };

        var response = await AttachAsync(reporter, id, fileName, bytes);
        if (name == "far over the cap")
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"{name}: got {(int)response.StatusCode}");
        else
        {
            var problem = await Problems.AssertAsync(response, HttpStatusCode.BadRequest);
            Assert.Contains("file", Problems.Explanation(problem), StringComparison.OrdinalIgnoreCase);
        }
        await using var db = server.NewContext();
        Assert.Equal(0, await db.ReportAttachments.CountAsync(a => a.ReportId == id));
        Assert.DoesNotContain("attachment-added", await db.ReportEvents.Where(e => e.ReportId == id).Select(e => e.Action).ToListAsync());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Attach_AtTheCapAndAllowedTypes_StoredWithSha256AndServedAsDownload(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var reporter = await server.ApiClientAsync(Reporter);
        using var fsa = await server.ApiClientAsync(Fsa);
        var id = IdOf(await FileAsync(reporter, Input(Content("Attachments: ok"))));
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n" + new string('x', 2048 - 9));
        Assert.Equal(2048, pdf.Length);

        var created = await JsonAsync(await AttachAsync(reporter, id, "../../etc/firewall.pdf", pdf), HttpStatusCode.Created);
        Assert.Equal("firewall.pdf", created["fileName"]!.GetValue<string>());
        Assert.Equal("application/pdf", created["contentType"]!.GetValue<string>());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), created["sha256"]!.GetValue<string>());
        var aid = created["id"]!.GetValue<Guid>();

        var download = await fsa.GetAsync($"/api/v1/reports/{id}/attachments/{aid}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        await Problems.AssertAsync(await fsa.GetAsync($"/api/v1/reports/{id}/attachments/{Guid.NewGuid()}"), HttpStatusCode.NotFound);

        await using var db = server.NewContext();
        var row = await db.ReportAttachments.AsNoTracking().SingleAsync(a => a.ReportId == id);
        Assert.Equal(2048, row.Size);
    }

    private static async Task<(int Reports, int Submissions, int Identities, int Events, int Attachments)> CountsAsync(KizunaTestServer server)
    {
        await using var db = server.NewContext();
        return (await db.Reports.CountAsync(), await db.ReportSubmissions.CountAsync(), await db.ReporterIdentities.CountAsync(),
            await db.ReportEvents.CountAsync(), await db.ReportAttachments.CountAsync());
    }
}
