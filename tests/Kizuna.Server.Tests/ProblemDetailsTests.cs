using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Server.Tests;

/// <summary>Bad requests answer RFC 9457 problem details that say what is wrong, and change nothing.</summary>
public sealed class ProblemDetailsTests(ProblemDetailsTests.Fixture fixture) : IClassFixture<ProblemDetailsTests.Fixture>
{
    public sealed class Fixture : ServerFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Server:MaxRequestBodyBytes"] = "4096",
        };
    }

    private const string Org = "HIKARI-BANK";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The organisation as the API shows it to a platform admin, turned into a valid PUT body.</summary>
    private static async Task<JsonObject> ProfileAsync(HttpClient admin, string code)
    {
        var org = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/organizations/{code}"))!.AsObject();
        return new JsonObject
        {
            ["nameJa"] = org["nameJa"]!.GetValue<string>(),
            ["nameEn"] = org["nameEn"]!.GetValue<string>(),
            ["regionCode"] = org["regionCode"]?.GetValue<string>(),
            ["sizeClass"] = org["sizeClass"]?.GetValue<string>(),
            ["domains"] = org["domains"]!.DeepClone(),
            ["ipRanges"] = org["ipRanges"]!.DeepClone(),
            ["contacts"] = org["contacts"]!.DeepClone(),
        };
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Put_ValidProfile_Answers204(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var admin = await server.ApiClientAsync(DemoUsers.Admin);
        var body = await ProfileAsync(admin, Org);
        var response = await admin.PutAsync($"/api/v1/organizations/{Org}", Json(body.ToJsonString()));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Post_MalformedJson_Answers400SayingJson(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var analyst = await server.ApiClientAsync(DemoUsers.Of("NISC", "analyst"));
        var response = await analyst.PostAsync("/api/v1/notices", Json("""{"title": "x", "body": """));
        var problem = await Problems.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("JSON", Problems.Explanation(problem));
        await using var db = server.NewContext();
        Assert.False(await db.Notices.AnyAsync(n => n.Title == "x"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Put_WrongTypeForKnownField_Answers400NamingIt(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var admin = await server.ApiClientAsync(DemoUsers.Admin);
        var body = await ProfileAsync(admin, Org);
        body["nameJa"] = 12345;
        var problem = await Problems.AssertAsync(await admin.PutAsync($"/api/v1/organizations/{Org}", Json(body.ToJsonString())), HttpStatusCode.BadRequest);
        Assert.Contains("nameJa", Problems.Explanation(problem));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Put_UnknownField_Answers400NamingIt(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var admin = await server.ApiClientAsync(DemoUsers.Admin);
        var body = await ProfileAsync(admin, Org);
        body["favouriteColour"] = "blue";
        var problem = await Problems.AssertAsync(await admin.PutAsync($"/api/v1/organizations/{Org}", Json(body.ToJsonString())), HttpStatusCode.BadRequest);
        Assert.Contains("favouriteColour", Problems.Explanation(problem));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Put_OverlongName_Answers400AndLeavesOrganisationUnchanged(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var admin = await server.ApiClientAsync(DemoUsers.Admin);
        await using var before = server.NewContext();
        var stored = await before.Organizations.AsNoTracking().SingleAsync(o => o.Code == Org);

        var body = await ProfileAsync(admin, Org);
        body["nameEn"] = "Renamed in the same request";
        body["contacts"] = new JsonArray(new JsonObject { ["name"] = "New Person", ["role"] = "primary", ["email"] = "new@hikari-bank.example" });
        body["nameJa"] = new string('銀', 201);
        var problem = await Problems.AssertAsync(await admin.PutAsync($"/api/v1/organizations/{Org}", Json(body.ToJsonString())), HttpStatusCode.BadRequest);
        var explanation = Problems.Explanation(problem);
        Assert.Contains("nameJa", explanation);
        Assert.Contains("200", explanation);

        await using var after = server.NewContext();
        var now = await after.Organizations.AsNoTracking().SingleAsync(o => o.Code == Org);
        Assert.Equal(stored.NameJa, now.NameJa);
        Assert.Equal(stored.NameEn, now.NameEn);
        Assert.Equal(stored.UpdatedAt, now.UpdatedAt);
        Assert.Equal(stored.Contacts.Select(c => c.Email), now.Contacts.Select(c => c.Email));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Put_BodyOverLimit_Answers413(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var admin = await server.ApiClientAsync(DemoUsers.Admin);
        var body = await ProfileAsync(admin, Org);
        body["nameEn"] = new string('x', 8000);
        var problem = await Problems.AssertAsync(await admin.PutAsync($"/api/v1/organizations/{Org}", Json(body.ToJsonString())), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("larger than the limit", Problems.Explanation(problem));
        await using var db = server.NewContext();
        Assert.DoesNotContain("xxxx", (await db.Organizations.AsNoTracking().SingleAsync(o => o.Code == Org)).NameEn);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite, "page=0", "page")]
    [InlineData(DatabaseKind.Sqlite, "pageSize=1000", "pageSize")]
    [InlineData(DatabaseKind.Sqlite, "pageSize=abc", "pageSize")]
    [InlineData(DatabaseKind.Sqlite, "page=99999999999", "page")]
    [InlineData(DatabaseKind.Postgres, "page=0", "page")]
    [InlineData(DatabaseKind.Postgres, "pageSize=1000", "pageSize")]
    [InlineData(DatabaseKind.Postgres, "pageSize=abc", "pageSize")]
    [InlineData(DatabaseKind.Postgres, "page=99999999999", "page")]
    public async Task List_BadPaging_Answers400NamingTheParameter(DatabaseKind kind, string query, string parameter)
    {
        var server = await fixture.ServerAsync(kind);
        using var client = await server.ApiClientAsync(DemoUsers.Admin);
        foreach (var list in new[] { "/api/v1/organizations", "/api/v1/notices", "/api/v1/audit" })
        {
            var problem = await Problems.AssertAsync(await client.GetAsync($"{list}?{query}"), HttpStatusCode.BadRequest);
            Assert.Contains(parameter, Problems.Explanation(problem));
        }
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite, "/api/v1/organizations/NO-SUCH-ORG", "NO-SUCH-ORG")]
    [InlineData(DatabaseKind.Sqlite, "/api/v1/sectors/no-such-sector", "no-such-sector")]
    [InlineData(DatabaseKind.Sqlite, "/api/v1/notices/0195a2b4-0000-7000-8000-000000000000", "notice")]
    [InlineData(DatabaseKind.Sqlite, "/api/v1/taxonomy/no-such-taxonomy", "no-such-taxonomy")]
    [InlineData(DatabaseKind.Postgres, "/api/v1/organizations/NO-SUCH-ORG", "NO-SUCH-ORG")]
    [InlineData(DatabaseKind.Postgres, "/api/v1/sectors/no-such-sector", "no-such-sector")]
    [InlineData(DatabaseKind.Postgres, "/api/v1/notices/0195a2b4-0000-7000-8000-000000000000", "notice")]
    [InlineData(DatabaseKind.Postgres, "/api/v1/taxonomy/no-such-taxonomy", "no-such-taxonomy")]
    public async Task Get_UnknownIdOrCode_Answers404SayingWhat(DatabaseKind kind, string path, string named)
    {
        var server = await fixture.ServerAsync(kind);
        using var client = await server.ApiClientAsync(DemoUsers.Of("HIKARI-BANK"));
        var problem = await Problems.AssertAsync(await client.GetAsync(path), HttpStatusCode.NotFound);
        Assert.Contains(named, Problems.Explanation(problem));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Put_UnknownOrganisation_Answers404(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var admin = await server.ApiClientAsync(DemoUsers.Admin);
        var body = await ProfileAsync(admin, Org);
        var problem = await Problems.AssertAsync(await admin.PutAsync("/api/v1/organizations/NO-SUCH-ORG", Json(body.ToJsonString())), HttpStatusCode.NotFound);
        Assert.Contains("NO-SUCH-ORG", Problems.Explanation(problem));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Post_NoticeWithBadTlpAndAudience_Answers400NamingBoth(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var analyst = await server.ApiClientAsync(DemoUsers.Of("NISC", "analyst"));
        var response = await analyst.PostAsJsonAsync("/api/v1/notices", new { title = "t", body = "b", tlp = "PURPLE", audience = new[] { new { kind = "organization", value = "FSA" } } });
        Assert.Contains("PURPLE", Problems.Explanation(await Problems.AssertAsync(response, HttpStatusCode.BadRequest)));
        response = await analyst.PostAsJsonAsync("/api/v1/notices", new { title = "t", body = "b", tlp = "RED", audience = new[] { new { kind = "organization", value = "NO-SUCH-ORG" } } });
        Assert.Contains("NO-SUCH-ORG", Problems.Explanation(await Problems.AssertAsync(response, HttpStatusCode.BadRequest)));
        response = await analyst.PostAsJsonAsync("/api/v1/notices", new { title = "t", body = "b", tlp = "RED", audience = new[] { new { kind = "sector", value = "finance" } } });
        Assert.Contains("RED", Problems.Explanation(await Problems.AssertAsync(response, HttpStatusCode.BadRequest)));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Post_WrongContentType_Answers415Problem(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var analyst = await server.ApiClientAsync(DemoUsers.Of("NISC", "analyst"));
        var response = await analyst.PostAsync("/api/v1/notices", new StringContent("title=x", Encoding.UTF8, "text/plain"));
        Assert.Contains("text/plain", Problems.Explanation(await Problems.AssertAsync(response, HttpStatusCode.UnsupportedMediaType)));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Send_UnsupportedMethod_Answers405Problem(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var client = await server.ApiClientAsync(DemoUsers.Admin);
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/organizations/{Org}") { Content = Json("{}") });
        Assert.Contains("PATCH", Problems.Explanation(await Problems.AssertAsync(response, HttpStatusCode.MethodNotAllowed)));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Send_UnsupportedMethodAnonymously_Answers401(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var anonymous = server.CreateClient();
        await Problems.AssertAsync(await anonymous.DeleteAsync($"/api/v1/organizations/{Org}"), HttpStatusCode.Unauthorized);
        await Problems.AssertAsync(await anonymous.PostAsync("/api/v1/notices", new StringContent("x", Encoding.UTF8, "text/plain")), HttpStatusCode.Unauthorized);
    }
}
