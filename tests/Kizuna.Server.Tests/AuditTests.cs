using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kizuna.Server.Cli;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Server.Tests;

/// <summary>The audit trail records sensitive reads, and tampering is found by the API and by <c>kizuna audit verify</c>.</summary>
public sealed class AuditTests
{
    private static async Task<Guid> PostRedNoticeAsync(KizunaTestServer server, string recipient)
    {
        using var analyst = await server.ApiClientAsync(DemoUsers.All.First(u => u.Org == "NISC" && !u.PlatformAdmin).Email);
        var response = await analyst.PostAsJsonAsync("/api/v1/notices", new
        {
            title = "Audited read", body = "RED body", tlp = "RED", audience = new[] { new { kind = "organization", value = recipient } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ReadRedNotice_ByRecipient_WritesItemReadRow(DatabaseKind kind)
    {
        await using var server = await KizunaTestServer.StartAsync(kind);
        var id = await PostRedNoticeAsync(server, "FSA");
        var reader = DemoUsers.Of("FSA");
        using var fsa = await server.ApiClientAsync(reader);

        Assert.Equal(HttpStatusCode.OK, (await fsa.GetAsync($"/api/v1/notices/{id}")).StatusCode);

        await using var db = server.NewContext();
        var rows = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "item.read" && e.TargetId == id.ToString("D") && e.ActorEmail == reader).ToListAsync();
        var row = Assert.Single(rows);
        Assert.Equal("notice", row.TargetType);
        Assert.Equal("TLP:RED", row.Detail);

        // A refused read (404) is no read.
        using var mic = await server.ApiClientAsync(DemoUsers.Of("MIC"));
        Assert.Equal(HttpStatusCode.NotFound, (await mic.GetAsync($"/api/v1/notices/{id}")).StatusCode);
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == "item.read" && e.ActorEmail == DemoUsers.Of("MIC")));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_TamperedRow_ApiAndCliNameTheRow(DatabaseKind kind)
    {
        await using var server = await KizunaTestServer.StartAsync(kind);
        await PostRedNoticeAsync(server, "FSA");
        using var admin = await server.ApiClientAsync(DemoUsers.Admin);

        var intact = JsonNode.Parse(await admin.GetStringAsync("/api/v1/audit/verify"))!;
        Assert.True(intact["intact"]!.GetValue<bool>());
        Assert.Null(intact["brokenAt"]?.GetValue<long?>());
        var (code, stdout, _) = await CliAsync(server, "audit", "verify");
        Assert.Equal(0, code);
        Assert.StartsWith("audit trail intact", stdout);

        long sequence;
        await using (var db = server.NewContext())
        {
            var count = await db.AuditEntries.CountAsync();
            Assert.True(count >= 5, $"Expected a few audit rows, found {count}.");
            sequence = count / 2;
            var changed = await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Detail\" = 'nothing to see here' WHERE \"Sequence\" = {0}", sequence);
            Assert.Equal(1, changed);
        }

        var broken = JsonNode.Parse(await admin.GetStringAsync("/api/v1/audit/verify"))!;
        Assert.False(broken["intact"]!.GetValue<bool>());
        Assert.Equal(sequence, broken["brokenAt"]!.GetValue<long>());

        (code, stdout, _) = await CliAsync(server, "audit", "verify");
        Assert.Equal(1, code);
        Assert.Contains($"broken at row {sequence}", stdout);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_DeletedRow_CliNamesTheGap(DatabaseKind kind)
    {
        await using var server = await KizunaTestServer.StartAsync(kind);
        await using (var db = server.NewContext())
            Assert.Equal(1, await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 2"));
        var (code, stdout, _) = await CliAsync(server, "audit", "verify");
        Assert.Equal(1, code);
        Assert.Contains("broken at row 2", stdout);
        Assert.Contains("missing", stdout);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_AsOrgAdmin_Answers403(DatabaseKind kind)
    {
        await using var server = await KizunaTestServer.StartAsync(kind);
        using var orgAdmin = await server.ApiClientAsync(DemoUsers.Of("HIKARI-BANK", "org-admin"));
        await Problems.AssertAsync(await orgAdmin.GetAsync("/api/v1/audit/verify"), HttpStatusCode.Forbidden);
        // Org admins read their own organisation's rows only.
        var rows = JsonNode.Parse(await orgAdmin.GetStringAsync("/api/v1/audit?pageSize=200"))!["items"]!.AsArray();
        Assert.All(rows, r => Assert.Equal("HIKARI-BANK", r!["actorOrganizationCode"]?.GetValue<string>()));
    }

    internal static async Task<(int Code, string Stdout, string Stderr)> CliAsync(KizunaTestServer server, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await KizunaCli.RunAsync([.. args, .. server.Database.ServerArgs, "--Server:PasswordHashIterations=1000"], new StringReader(""), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
