using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Identity;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kizuna.Server.Tests.Liaison.LiaisonApi;

namespace Kizuna.Server.Tests.Liaison;

/// <summary>
/// The reporter's identity: readable only by those it allowed (each read audited), by others only
/// after a re-identification two different platform admins agreed to (for 24 hours); stored
/// encrypted, apart from the report, with the key in a file under the data directory's keys/.
/// The tests that forward or file an anonymous report need the real sanitizer (a sanitized view).
/// </summary>
public sealed class LiaisonIdentityTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string SecondAdmin = "admin2@nisc.demo.kizuna.example";

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Identity_DisclosedToMinistry_MinistryReadsAuditedCoordinatorForbidden(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var reporter = await server.ApiClientAsync(Reporter);
        using var fsa = await server.ApiClientAsync(Fsa);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = IdOf(await FileAsync(reporter, Input(Content("Identity: ministry"), disclosure: "ministry")));

        var identity = await JsonAsync(await fsa.GetAsync($"/api/v1/reports/{id}/identity"), HttpStatusCode.OK);
        Assert.Equal(Bank, identity["organizationCode"]!.GetValue<string>());
        Assert.Equal(BankNameJa, identity["organizationNameJa"]!.GetValue<string>());
        Assert.Equal(Reporter, identity["userEmail"]!.GetValue<string>());
        Assert.True((await GetAsync(fsa, id))["mayReadIdentity"]!.GetValue<bool>());

        await using (var db = server.NewContext())
        {
            var fsaUser = await db.Users.AsNoTracking().SingleAsync(u => u.Email == Fsa);
            var audit = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "report.identity-read" && a.TargetId == id.ToString());
            Assert.Equal(fsaUser.Id, audit.ActorUserId);
            Assert.Contains(await db.ReportEvents.AsNoTracking().Where(e => e.ReportId == id).Select(e => e.Action).ToListAsync(), a => a == "identity-read");
        }

        // Forwarded, the coordinator sees the sanitized view and may not read the identity.
        await JsonAsync(await PostAsync(fsa, $"/api/v1/reports/{id}/forward", new { note = "fyi" }), HttpStatusCode.OK);
        var seen = await GetAsync(nisc, id);
        Assert.Equal("sanitized", seen["viewLevel"]!.GetValue<string>());
        Assert.False(seen["mayReadIdentity"]!.GetValue<bool>());
        await Problems.AssertAsync(await nisc.GetAsync($"/api/v1/reports/{id}/identity"), HttpStatusCode.Forbidden);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Identity_DisclosedToNoOne_OnlyTheReporterReadsIt(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var reporter = await server.ApiClientAsync(Reporter);
        using var bankAdmin = await server.ApiClientAsync(BankAdmin);
        using var fsa = await server.ApiClientAsync(Fsa);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var admin = await server.ApiClientAsync(DemoUsers.Admin);
        var id = IdOf(await FileAsync(reporter, Input(Content("Identity: none"), disclosure: "none")));

        Assert.Equal(Reporter, (await JsonAsync(await reporter.GetAsync($"/api/v1/reports/{id}/identity"), HttpStatusCode.OK))["userEmail"]!.GetValue<string>());
        Assert.Equal(Bank, (await JsonAsync(await bankAdmin.GetAsync($"/api/v1/reports/{id}/identity"), HttpStatusCode.OK))["organizationCode"]!.GetValue<string>());
        await Problems.AssertAsync(await fsa.GetAsync($"/api/v1/reports/{id}/identity"), HttpStatusCode.Forbidden);
        // The ministry's own note and question come back to it as written, though it only has the sanitized view.
        await JsonAsync(await PostAsync(fsa, $"/api/v1/reports/{id}/forward", new { note = "受領し、NISCへ転送します。" }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(fsa, $"/api/v1/reports/{id}/messages", new { body = "NISCにも共有済みです。" })).StatusCode);
        var seenByFsa = await GetAsync(fsa, id);
        Assert.Equal("sanitized", seenByFsa["viewLevel"]!.GetValue<string>());
        Assert.Contains(seenByFsa["events"]!.AsArray(), e => e!["note"]?.GetValue<string>() == "受領し、NISCへ転送します。");
        Assert.Equal("NISCにも共有済みです。", seenByFsa["messages"]![0]!["body"]!.GetValue<string>());
        await Problems.AssertAsync(await nisc.GetAsync($"/api/v1/reports/{id}/identity"), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await admin.GetAsync($"/api/v1/reports/{id}/identity"), HttpStatusCode.Forbidden);

        await using var db = server.NewContext();
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Action == "report.identity-read" && a.TargetId == id.ToString()));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ReIdentification_SecondAdminApproves_RequesterReadsFor24Hours(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        await EnsureSecondAdminAsync(server);
        using var reporter = await server.ApiClientAsync(Reporter);
        using var fsa = await server.ApiClientAsync(Fsa);
        using var admin = await server.ApiClientAsync(DemoUsers.Admin);
        using var admin2 = await server.ApiClientAsync(SecondAdmin);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = IdOf(await FileAsync(reporter, Input(Content("Identity: re-identification"), disclosure: "none")));
        await JsonAsync(await PostAsync(fsa, $"/api/v1/reports/{id}/forward"), HttpStatusCode.OK);

        await Problems.AssertAsync(await PostAsync(nisc, $"/api/v1/reports/{id}/reidentification", new { reason = "not an admin" }), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await PostAsync(admin, $"/api/v1/reports/{id}/reidentification", new { reason = " " }), HttpStatusCode.BadRequest);
        var request = (await JsonAsync(await PostAsync(admin, $"/api/v1/reports/{id}/reidentification", new { reason = "Court order 2026-123" }), HttpStatusCode.Created))["id"]!.GetValue<Guid>();

        await Problems.AssertAsync(await PostAsync(admin, $"/api/v1/reidentification/{request}/approve"), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await admin.GetAsync($"/api/v1/reports/{id}/identity"), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await PostAsync(nisc, $"/api/v1/reidentification/{request}/approve"), HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(admin2, $"/api/v1/reidentification/{request}/approve")).StatusCode);
        await Problems.AssertAsync(await PostAsync(admin2, $"/api/v1/reidentification/{request}/approve"), HttpStatusCode.Conflict);

        var identity = await JsonAsync(await admin.GetAsync($"/api/v1/reports/{id}/identity"), HttpStatusCode.OK);
        Assert.Equal(Reporter, identity["userEmail"]!.GetValue<string>());
        // The approver did not ask, so it learns nothing.
        await Problems.AssertAsync(await admin2.GetAsync($"/api/v1/reports/{id}/identity"), HttpStatusCode.Forbidden);

        await using (var db = server.NewContext())
        {
            var actions = await db.AuditEntries.AsNoTracking().Where(a => a.TargetId == id.ToString()).Select(a => a.Action).ToListAsync();
            Assert.Contains("report.reidentification-requested", actions);
            Assert.Contains("report.reidentification-approved", actions);
            Assert.Contains("report.identity-read", actions);
            // 25 hours later the approval has lapsed.
            var approvedAt = DateTimeOffset.UtcNow.AddHours(-25);
            await db.ReIdentificationRequests.Where(r => r.Id == request).ExecuteUpdateAsync(s => s.SetProperty(r => r.ApprovedAt, approvedAt));
        }
        await Problems.AssertAsync(await admin.GetAsync($"/api/v1/reports/{id}/identity"), HttpStatusCode.Forbidden);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Preview_AnonymousDraft_ShowsExactlyWhatLeavesAndWhoSeesWhat(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var reporter = await server.ApiClientAsync(Reporter);
        using var fsa = await server.ApiClientAsync(Fsa);
        var content = Content($"{BankNameJa} ATM outage", c => c["description"] = $"{BankPeople[0]} ({BankEmails[0]}) saw it.");
        var id = IdOf(await JsonAsync(await reporter.PostAsJsonAsync("/api/v1/reports", Input(content, disclosure: "none")), HttpStatusCode.Created));

        await Problems.AssertAsync(await fsa.GetAsync($"/api/v1/reports/{id}/preview"), HttpStatusCode.Forbidden);
        var preview = await JsonAsync(await reporter.GetAsync($"/api/v1/reports/{id}/preview"), HttpStatusCode.OK);
        var view = preview["view"]!;
        Assert.Null(preview["refusalReason"]);
        Assert.StartsWith("R-", view["pseudonym"]!.GetValue<string>());
        var shown = view.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        foreach (var identifier in new[] { BankNameJa, BankPeople[0], BankEmails[0], Bank })
            Assert.DoesNotContain(identifier, shown, StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(view["redactions"]!.AsArray());
        var recipients = preview["recipients"]!.AsArray().ToDictionary(r => r!["organizationCode"]!.GetValue<string>(), r => r!["viewLevel"]!.GetValue<string>());
        Assert.Equal("sanitized", recipients["FSA"]);
        Assert.Equal("sanitized", recipients["NISC"]);

        // What the ministry then sees is that view.
        await JsonAsync(await PostAsync(reporter, $"/api/v1/reports/{id}/submit", new { kind = "first" }), HttpStatusCode.OK);
        var seen = await GetAsync(fsa, id);
        Assert.Equal("sanitized", seen["viewLevel"]!.GetValue<string>());
        Assert.Null(seen["content"]);
        Assert.Equal(view["title"]!.GetValue<string>(), seen["sanitized"]!["title"]!.GetValue<string>());
        Assert.Equal(view["description"]!.GetValue<string>(), seen["sanitized"]!["description"]!.GetValue<string>());
        Assert.Null(seen["reporterCode"]);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task IdentityStore_HoldsNoPlaintext_KeyFileUnderDataDirectory(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var reporter = await server.ApiClientAsync(Reporter);
        var id = IdOf(await FileAsync(reporter, Input(Content("Identity: storage"))));

        await using var db = server.NewContext();
        var row = await db.ReporterIdentities.AsNoTracking().SingleAsync(i => i.ReportId == id);
        var bytes = row.Nonce.Concat(row.Ciphertext).Concat(row.Tag).Concat(Encoding.UTF8.GetBytes(row.KeyId)).ToArray();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == Reporter);
        foreach (var plain in new[] { Bank, BankNameJa, BankNameEn, Reporter, user.DisplayName, "hikari", user.Id.ToString("D") })
        {
            Assert.True(IndexOf(bytes, Encoding.UTF8.GetBytes(plain)) < 0, $"The identity row holds '{plain}' in clear.");
            Assert.True(IndexOf(bytes, Encoding.Unicode.GetBytes(plain)) < 0, $"The identity row holds '{plain}' in UTF-16.");
        }
        Assert.True(IndexOf(bytes, user.Id.ToByteArray()) < 0, "The identity row holds the user id.");

        var keyFile = Path.Combine(server.Database.Options.DataDirectory, "keys", "identity.key");
        Assert.True(File.Exists(keyFile), $"No key file at {keyFile}.");
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(keyFile).Trim()).Length);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        var key = File.ReadAllText(keyFile).Trim();
        if (kind == DatabaseKind.Sqlite)
        {
            // The key is not in the database file, and the database file is not in keys/.
            foreach (var file in Directory.GetFiles(server.Database.Options.DataDirectory, "*", SearchOption.AllDirectories).Where(f => !f.StartsWith(Path.GetDirectoryName(keyFile)!)))
            {
                var content = await ReadSharedAsync(file);
                Assert.True(IndexOf(content, Encoding.ASCII.GetBytes(key)) < 0, $"{file} holds the identity key.");
            }
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    private static async Task EnsureSecondAdminAsync(KizunaTestServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Kizuna.Core.Data.KizunaDb>();
        if (await db.Users.AnyAsync(u => u.Email == SecondAdmin)) return;
        await scope.ServiceProvider.GetRequiredService<AddUserHandler>().HandleAsync(
            new AddUser(SecondAdmin, "Second Platform Admin", "NISC", ["analyst"], "Second-admin-password-2026!", PlatformAdmin: true),
            new AuditRecord("user.added", ActorEmail: "test"));
    }
}
