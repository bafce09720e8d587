using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kizuna.Core.Features.Audit;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kizuna.Server.Tests;

/// <summary>Sign-in, lockout, two-factor, tokens and the capability rules, through real HTTP.</summary>
public sealed class IdentityTests(IdentityTests.Fixture fixture) : IClassFixture<IdentityTests.Fixture>
{
    public sealed class Fixture : ServerFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Server:LockoutAttempts"] = "3",
        };
    }

    private static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
        => KizunaTestServer.PostFormAsync(client, "/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    private static async Task<List<AuditEntry>> AuditOfAsync(KizunaTestServer server, string email)
    {
        await using var db = server.NewContext();
        return await db.AuditEntries.AsNoTracking().Where(e => e.ActorEmail == email).OrderBy(e => e.Sequence).ToListAsync();
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SignIn_WrongPasswordThreeTimes_LocksAccountAndAudits(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var email = DemoUsers.Of("HAGANE-CONTROL");
        using var api = await server.ApiClientAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);

        using var client = server.CreateClient();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await PostLoginAsync(client, email, "wrong password " + i)).StatusCode);

        var right = await PostLoginAsync(client, email, DemoUsers.Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Null(Html.Location(right));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);

        await using (var db = server.NewContext())
        {
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
            Assert.NotNull(user.LockoutEnd);
            Assert.True(user.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(1));
        }
        var actions = (await AuditOfAsync(server, email)).Select(e => e.Action).ToList();
        Assert.Equal(2, actions.Count(a => a == "sign-in.failed"));
        Assert.Equal(2, actions.Count(a => a == "sign-in.locked-out"));
        Assert.DoesNotContain("sign-in.succeeded", actions);

        // A locked-out user's API tokens stop working too.
        await Problems.AssertAsync(await api.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SignIn_UnknownUser_IsRefusedAndAudited(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var client = server.CreateClient();
        var response = await PostLoginAsync(client, "nobody@nowhere.example", DemoUsers.Password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Html.Location(response));
        var rows = await AuditOfAsync(server, "nobody@nowhere.example");
        Assert.Contains(rows, r => r is { Action: "sign-in.failed", Detail: "unknown user" });
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Token_Revoked_IsRefused(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var owner = await server.ApiClientAsync(DemoUsers.Of("MIC"));
        var created = await owner.PostAsJsonAsync("/api/v1/me/tokens", new { name = "to revoke", scopes = new[] { "read" }, expiresInDays = 5 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        using var revokedClient = server.CreateClient(token["token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await revokedClient.GetAsync("/api/v1/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/me/tokens/{token["id"]}")).StatusCode);

        await Problems.AssertAsync(await revokedClient.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "revoked");
        await Problems.AssertAsync(await revokedClient.GetAsync("/api/v1/organizations"), HttpStatusCode.Unauthorized);
        var list = JsonNode.Parse(await owner.GetStringAsync("/api/v1/me/tokens"))!.AsArray();
        var listed = list.Single(t => t!["id"]!.GetValue<Guid>() == token["id"]!.GetValue<Guid>())!;
        Assert.False(listed["active"]!.GetValue<bool>());
        Assert.NotNull(listed["revokedAt"]?.GetValue<DateTimeOffset>());
        Assert.DoesNotContain(token["token"]!.GetValue<string>(), list.ToJsonString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Token_RevokingAnotherUsersToken_Answers404(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var owner = await server.ApiClientAsync(DemoUsers.Of("METI"));
        var created = JsonNode.Parse(await (await owner.PostAsJsonAsync("/api/v1/me/tokens", new { name = "mine" })).Content.ReadAsStringAsync())!;
        using var other = await server.ApiClientAsync(DemoUsers.Admin);
        await Problems.AssertAsync(await other.DeleteAsync($"/api/v1/me/tokens/{created["id"]}"), HttpStatusCode.NotFound);
        using var stillWorks = server.CreateClient(created["token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await stillWorks.GetAsync("/api/v1/me")).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Token_PastExpiry_IsRefused(DatabaseKind kind)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await KizunaTestServer.StartAsync(kind, configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var client = await server.ApiClientAsync(DemoUsers.Of("FSA"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);

        await using (var db = server.NewContext())
        {
            var expiresAt = await db.ApiTokens.AsNoTracking().OrderByDescending(t => t.CreatedAt).Select(t => t.ExpiresAt).FirstAsync();
            clock.SetUtcNow(expiresAt.AddSeconds(-1));
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
        clock.Advance(TimeSpan.FromSeconds(2));
        await Problems.AssertAsync(await client.GetAsync("/api/v1/me"), HttpStatusCode.Unauthorized, "expired");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Token_ReadScope_MayGetButNotWrite(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var reader = await server.ApiClientAsync(DemoUsers.Admin, "read");
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/organizations/NISC")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/notices")).StatusCode);

        var notice = await reader.PostAsJsonAsync("/api/v1/notices", new { title = "read-scope post", body = "b", tlp = "CLEAR", audience = Array.Empty<object>() });
        await Problems.AssertAsync(notice, HttpStatusCode.Forbidden);
        var profile = await reader.GetStringAsync("/api/v1/organizations/NISC");
        var put = await reader.PutAsync("/api/v1/organizations/NISC", JsonContent.Create(OrganizationBody(JsonNode.Parse(profile)!, nameEn: "Read scope was here")));
        await Problems.AssertAsync(put, HttpStatusCode.Forbidden);
        var token = await reader.PostAsJsonAsync("/api/v1/me/tokens", new { name = "escalate", scopes = new[] { "write" } });
        await Problems.AssertAsync(token, HttpStatusCode.Forbidden);

        await using var db = server.NewContext();
        Assert.False(await db.Notices.AnyAsync(n => n.Title == "read-scope post"));
        Assert.NotEqual("Read scope was here", (await db.Organizations.AsNoTracking().SingleAsync(o => o.Code == "NISC")).NameEn);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task PutOrganization_ViewerRole_Answers403(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        const string org = "KIYORA-WATER";
        using var viewer = await server.ApiClientAsync(DemoUsers.Of(org, "viewer"));
        var profile = JsonNode.Parse(await viewer.GetStringAsync($"/api/v1/organizations/{org}"))!;
        var put = await viewer.PutAsync($"/api/v1/organizations/{org}", JsonContent.Create(OrganizationBody(profile, nameEn: "Viewer was here")));
        await Problems.AssertAsync(put, HttpStatusCode.Forbidden);
        await using var db = server.NewContext();
        Assert.NotEqual("Viewer was here", (await db.Organizations.AsNoTracking().SingleAsync(o => o.Code == org)).NameEn);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task PutOrganization_OrgAdmin_EditsOwnButNotOthersNorTier(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var orgAdmin = await server.ApiClientAsync(DemoUsers.Of("HIKARI-BANK", "org-admin"));

        var own = JsonNode.Parse(await orgAdmin.GetStringAsync("/api/v1/organizations/HIKARI-BANK"))!;
        Assert.True(own["viewerMayEdit"]!.GetValue<bool>());
        var ok = await orgAdmin.PutAsync("/api/v1/organizations/HIKARI-BANK", JsonContent.Create(OrganizationBody(own, nameEn: "Hikari Chuo Bank (edited)")));
        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);

        var other = JsonNode.Parse(await orgAdmin.GetStringAsync("/api/v1/organizations/MIYAMA-BANK"))!;
        Assert.False(other["viewerMayEdit"]!.GetValue<bool>());
        var denied = await orgAdmin.PutAsync("/api/v1/organizations/MIYAMA-BANK", JsonContent.Create(OrganizationBody(other, nameEn: "Taken over")));
        await Problems.AssertAsync(denied, HttpStatusCode.Forbidden);

        var currentTier = own["trustTier"]?.GetValue<string>();
        var newTier = currentTier == "tier1" ? "general" : "tier1";
        var tier = await orgAdmin.PutAsync("/api/v1/organizations/HIKARI-BANK", JsonContent.Create(OrganizationBody(own, nameEn: "Tier change", trustTier: newTier)));
        await Problems.AssertAsync(tier, HttpStatusCode.Forbidden, "trust tier");

        await using var db = server.NewContext();
        var hikari = await db.Organizations.AsNoTracking().SingleAsync(o => o.Code == "HIKARI-BANK");
        Assert.Equal("Hikari Chuo Bank (edited)", hikari.NameEn);
        Assert.Equal(currentTier, hikari.TrustTier);
        Assert.NotEqual("Taken over", (await db.Organizations.AsNoTracking().SingleAsync(o => o.Code == "MIYAMA-BANK")).NameEn);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "organization.updated" && e.TargetId == "HIKARI-BANK"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task TwoFactor_Enrolled_SignInNeedsCodeAndRecoveryCodeWorksOnce(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var email = DemoUsers.Of("AKEBONO-POWER");
        using var session = await server.SignInAsync(email);

        var security = await session.GetStringAsync("/account/security");
        var key = Html.ElementText(security, "totp-key");
        var enabled = await KizunaTestServer.PostFormAsync(session, "/account/security", "enable-2fa",
            new Dictionary<string, string> { ["Enable.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var page = await enabled.Content.ReadAsStringAsync();
        Assert.True(Html.HasElement(page, "two-factor-enabled"), "Two-factor sign-in was not turned on.");
        var recoveryCodes = Html.ElementText(page, "recovery-codes").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, recoveryCodes.Length);
        await using (var db = server.NewContext())
            Assert.True((await db.Users.AsNoTracking().SingleAsync(u => u.Email == email)).TwoFactorEnabled);

        // The password alone now leads to the second step, not into the app.
        using var fresh = server.CreateClient();
        var step1 = await PostLoginAsync(fresh, email, DemoUsers.Password);
        Assert.Equal(HttpStatusCode.Redirect, step1.StatusCode);
        Assert.StartsWith("/account/login-2fa", Html.Location(step1));
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.GetAsync("/")).StatusCode);

        var wrong = await KizunaTestServer.PostFormAsync(fresh, Html.Location(step1)!, "login-2fa", new Dictionary<string, string> { ["Input.Code"] = "000000" == Totp.Code(key, DateTimeOffset.UtcNow) ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var step2 = await KizunaTestServer.PostFormAsync(fresh, Html.Location(step1)!, "login-2fa", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.Redirect, step2.StatusCode);
        Assert.Equal("/", Html.Location(step2));
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/")).StatusCode);

        // A recovery code replaces the authenticator once.
        Assert.Equal(HttpStatusCode.Redirect, (await RecoverAsync(server, email, recoveryCodes[0])).StatusCode);
        var reused = await RecoverAsync(server, email, recoveryCodes[0]);
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Null(Html.Location(reused));
        Assert.Equal(HttpStatusCode.Redirect, (await RecoverAsync(server, email, recoveryCodes[1])).StatusCode);

        var actions = (await AuditOfAsync(server, email)).Select(e => (e.Action, e.Detail)).ToList();
        Assert.Contains(("two-factor.enabled", (string?)null), actions);
        Assert.Contains(("sign-in.succeeded", "with TOTP"), actions);
        Assert.Equal(2, actions.Count(a => a == ("sign-in.succeeded", "with a recovery code")));
        Assert.Contains(actions, a => a.Action == "sign-in.failed" && a.Detail == "wrong second factor");
    }

    private static async Task<HttpResponseMessage> RecoverAsync(KizunaTestServer server, string email, string recoveryCode)
    {
        var client = server.CreateClient();
        var step1 = await PostLoginAsync(client, email, DemoUsers.Password);
        Assert.StartsWith("/account/login-2fa", Html.Location(step1));
        return await KizunaTestServer.PostFormAsync(client, Html.Location(step1)!, "login-2fa", new Dictionary<string, string> { ["Input.Code"] = recoveryCode });
    }

    /// <summary>A PUT body from the organisation as the API shows it, with changes.</summary>
    internal static JsonObject OrganizationBody(JsonNode org, string? nameEn = null, string? trustTier = null)
    {
        var body = new JsonObject
        {
            ["nameJa"] = org["nameJa"]!.GetValue<string>(),
            ["nameEn"] = nameEn ?? org["nameEn"]!.GetValue<string>(),
            ["regionCode"] = org["regionCode"]?.GetValue<string>(),
            ["sizeClass"] = org["sizeClass"]?.GetValue<string>(),
            ["domains"] = org["domains"]?.DeepClone() ?? new JsonArray(),
            ["ipRanges"] = org["ipRanges"]?.DeepClone() ?? new JsonArray(),
            ["contacts"] = org["contacts"]?.DeepClone() ?? new JsonArray(),
        };
        if (trustTier is not null) body["trustTier"] = trustTier;
        return body;
    }
}
