using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kizuna.Core.Features.Delivery;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Server.Tests.Delivery;

/// <summary>Delivery settings, webhooks and the admin outbox over HTTP, with problem details for bad input.</summary>
public sealed class DeliveryApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Org = "HIKARI-BANK";
    private const string OrgAdmin = "admin@hikari-bank.demo.kizuna.example";

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Settings_OrgAdmin_ReadsDefaultsAndReplacesThem(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var api = await server.ApiClientAsync(OrgAdmin);
        var defaults = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/organizations/{Org}/delivery")).RootElement;
        Assert.True(defaults.GetProperty("emailEnabled").GetBoolean());
        Assert.Equal("automatic", defaults.GetProperty("relayMode").GetString());
        Assert.Equal("Asia/Tokyo", defaults.GetProperty("quietHoursTimeZone").GetString());

        var put = await api.PutAsJsonAsync($"/api/v1/organizations/{Org}/delivery", new
        {
            emailEnabled = true, webhooksEnabled = false, extraEmailAddresses = new[] { "soc@hikari-bank.example", "csirt@hikari-bank.example" },
            quietHoursStart = "22:00", quietHoursEnd = "07:00", relayMode = "manual",
        });
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        var after = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/organizations/{Org}/delivery")).RootElement;
        Assert.False(after.GetProperty("webhooksEnabled").GetBoolean());
        Assert.Equal(["soc@hikari-bank.example", "csirt@hikari-bank.example"], after.GetProperty("extraEmailAddresses").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("22:00", after.GetProperty("quietHoursStart").GetString());
        Assert.Equal("manual", after.GetProperty("relayMode").GetString());
        await using var db = server.NewContext();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "delivery.settings.updated" && a.TargetId == Org));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Settings_InvalidInput_AnswersProblemNamingTheField(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var api = await server.ApiClientAsync(OrgAdmin);
        var url = $"/api/v1/organizations/{Org}/delivery";
        var tooMany = Enumerable.Range(0, OrganizationDeliverySettings.MaxExtraEmailAddresses + 1).Select(i => $"a{i}@hikari-bank.example").ToArray();
        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (Body(tooMany, null, null, "automatic"), "extraEmailAddresses"),
            (Body(["not an address"], null, null, "automatic"), "extraEmailAddresses"),
            (Body([], "25:00", "07:00", "automatic"), "quietHoursStart"),
            (Body([], "22:00", null, "automatic"), "quietHours"),
            (Body([], null, null, "sometimes"), "relayMode"),
        })
        {
            var problem = await Problems.AssertAsync(await api.PutAsJsonAsync(url, body), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"No error for {field}: {problem}");
        }
    }

    private static object Body(string[] extra, string? start, string? end, string relayMode)
        => new { emailEnabled = true, webhooksEnabled = true, extraEmailAddresses = extra, quietHoursStart = start, quietHoursEnd = end, relayMode };

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Settings_OtherOrganisationsAdminOrViewer_IsRefused(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var otherAdmin = await server.ApiClientAsync(OrgAdmin);
        await Problems.AssertAsync(await otherAdmin.GetAsync("/api/v1/organizations/AKEBONO-POWER/delivery"), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await otherAdmin.PostAsync("/api/v1/organizations/AKEBONO-POWER/delivery/test", null), HttpStatusCode.Forbidden);
        using var reporter = await server.ApiClientAsync("reporter@hikari-bank.demo.kizuna.example");
        await Problems.AssertAsync(await reporter.GetAsync($"/api/v1/organizations/{Org}/delivery"), HttpStatusCode.Forbidden);
        using var analyst = await server.ApiClientAsync("analyst@fsa.demo.kizuna.example");
        await Problems.AssertAsync(await analyst.GetAsync("/api/v1/admin/outbox"), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await otherAdmin.GetAsync("/api/v1/organizations/NO-SUCH-ORG/delivery"), HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AddWebhook_BadOrPrivateUrl_AnswersProblem(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var api = await server.ApiClientAsync(OrgAdmin);
        var url = $"/api/v1/organizations/{Org}/webhooks";
        foreach (var (target, says) in new[]
        {
            ("https://example.com/" + new string('a', OrganizationWebhook.MaxUrlLength), "limit is 2000"),
            ("ftp://example.com/hook", "http or https"),
            ("/relative/hook", "http or https"),
            ("https://user:pass@example.com/hook", "user name"),
            ("http://127.0.0.1:8080/hook", "public addresses only"),
            ("http://localhost/hook", "public addresses only"),
            ("http://10.1.2.3/hook", "public addresses only"),
            ("http://169.254.169.254/latest/meta-data", "public addresses only"),
            ("http://[::1]/hook", "public addresses only"),
            ("http://[fd00::1]/hook", "public addresses only"),
        })
        {
            var problem = await Problems.AssertAsync(await api.PostAsJsonAsync(url, new { url = target, description = "x" }), HttpStatusCode.BadRequest);
            Assert.Contains(says, Problems.Explanation(problem));
        }
        await using var db = server.NewContext();
        Assert.False(await db.Webhooks.AnyAsync(w => w.Url.Contains("127.0.0.1") || w.Url.Contains("169.254")));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Webhook_AddRotateRemove_SecretShownToAdminsOnly(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var api = await server.ApiClientAsync(OrgAdmin);
        var created = await api.PostAsJsonAsync($"/api/v1/organizations/{Org}/webhooks", new { url = "https://93.184.215.14/kizuna", description = "SOC" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var hook = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = hook.GetProperty("id").GetGuid();
        var secret = hook.GetProperty("secret").GetString()!;
        Assert.Equal(43, secret.Length);

        var rotated = JsonDocument.Parse(await (await api.PostAsync($"/api/v1/organizations/{Org}/webhooks/{id}/rotate-secret", null)).Content.ReadAsStringAsync()).RootElement;
        Assert.NotEqual(secret, rotated.GetProperty("secret").GetString());
        var list = await api.GetStringAsync($"/api/v1/organizations/{Org}/webhooks");
        Assert.Contains(rotated.GetProperty("secret").GetString()!, list);

        // Other members never see it: not the organisation's page, not the directory API.
        using var reporter = await server.ApiClientAsync("reporter@hikari-bank.demo.kizuna.example");
        Assert.DoesNotContain(rotated.GetProperty("secret").GetString()!, await reporter.GetStringAsync($"/api/v1/organizations/{Org}"));

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/v1/organizations/{Org}/webhooks/{id}")).StatusCode);
        await Problems.AssertAsync(await api.DeleteAsync($"/api/v1/organizations/{Org}/webhooks/{id}"), HttpStatusCode.NotFound);
        await using var db = server.NewContext();
        Assert.Equal(["delivery.webhook.added", "delivery.webhook.secret-rotated", "delivery.webhook.removed"],
            await db.AuditEntries.Where(a => a.TargetId == id.ToString("D")).OrderBy(a => a.Sequence).Select(a => a.Action).ToListAsync());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Pages_DeliveryAndOutbox_RenderForTheirAdmins(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var orgAdmin = await server.SignInAsync(OrgAdmin);
        var page = await orgAdmin.GetStringAsync($"/organizations/{Org}/delivery");
        Assert.Contains("配信設定", page);
        Assert.True(Html.HasElement(page, "send-test"));
        Assert.True(Html.HasElement(await orgAdmin.GetStringAsync($"/directory/{Org}"), "org-delivery"));

        var saved = await KizunaTestServer.PostFormAsync(orgAdmin, $"/organizations/{Org}/delivery", "delivery-settings", new Dictionary<string, string>
        {
            ["Input.EmailEnabled"] = "true", ["Input.WebhooksEnabled"] = "true", ["Input.ExtraEmailAddresses"] = "bad address",
            ["Input.QuietHoursStart"] = "", ["Input.QuietHoursEnd"] = "", ["Input.RelayMode"] = "automatic",
        });
        var body = await saved.Content.ReadAsStringAsync();
        Assert.Contains("is not an e-mail address", body);

        var added = await KizunaTestServer.PostFormAsync(orgAdmin, $"/organizations/{Org}/delivery", "add-webhook", new Dictionary<string, string>
        {
            ["Hook.Url"] = "http://192.168.1.10/hook", ["Hook.Description"] = "",
        });
        Assert.Contains("public addresses only", await added.Content.ReadAsStringAsync());

        using var admin = await server.SignInAsync(DemoUsers.Admin);
        var outbox = await admin.GetStringAsync("/admin/outbox");
        Assert.True(Html.HasElement(outbox, "outbox-due"));
        Assert.True(Html.HasElement(await admin.GetStringAsync("/"), "nav-outbox"));
        using var other = await server.SignInAsync(OrgAdmin);
        var refused = await other.GetAsync("/admin/outbox");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }
}
