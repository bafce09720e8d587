using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Identity;
using Kizuna.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Kizuna.Server.Tests.Crisis;

/// <summary>Test helpers for crisis mode.</summary>
public static class CrisisApi
{
    public static string Nisc => DemoUsers.All.First(u => u.Org == "NISC" && !u.PlatformAdmin).Email;
    public static string Fsa => DemoUsers.Of("FSA", "analyst");
    public static string Meti => DemoUsers.Of("METI", "analyst");
    public static string BankReporter => DemoUsers.Of("HIKARI-BANK", "reporter");
    public static string BankAdmin => DemoUsers.Of("HIKARI-BANK", "org-admin");
    public static string WaterViewer => DemoUsers.Of("KIYORA-WATER");
    public const string PoliceAnalyst = "analyst@npa.crisis-test.example";
    public const string DisasterAnalyst = "analyst@cao-bosai.crisis-test.example";

    /// <summary>The demo has no members in the incident-handling agency and the disaster ministry: add one each (once per server).</summary>
    public static async Task EnsureJoinedPartyUsersAsync(KizunaTestServer server)
    {
        foreach (var (email, org) in new[] { (PoliceAnalyst, "NPA"), (DisasterAnalyst, "CAO-BOSAI") })
        {
            using var scope = server.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<KizunaUser>>();
            if (await users.FindByEmailAsync(email) is not null) continue;
            await scope.ServiceProvider.GetRequiredService<AddUserHandler>().HandleAsync(
                new AddUser(email, email, org, [OrgRoles.Analyst], DemoUsers.Password), new AuditRecord("user.added", ActorEmail: "test"));
        }
    }

    public static object Declaration(string cause, string[] sectors, string[]? regions = null) => new { sectors, regions, cause };

    public static async Task<Guid> DeclareAsync(HttpClient coordinator, object declaration)
    {
        var response = await coordinator.PostAsJsonAsync("/api/v1/crises", declaration);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Declaring failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["id"]!.GetValue<Guid>();
    }

    public static object Answer(params (string Service, string Status, string? Needs)[] services)
        => new { services = services.Select(s => new { service = s.Service, status = s.Status, expectedRecovery = (DateTimeOffset?)null, needs = s.Needs }).ToArray() };

    public static async Task AnswerAsync(HttpClient operatorClient, Guid id, object answer)
    {
        var response = await operatorClient.PostAsJsonAsync($"/api/v1/crises/{id}/status", answer);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Answering failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<JsonObject> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static JsonObject Cell(JsonObject board, string sector, string service)
        => board["sectors"]!.AsArray().Single(s => s!["sectorCode"]!.GetValue<string>() == sector)!["services"]!.AsArray()
            .Single(c => c!["serviceCode"]!.GetValue<string>() == service)!.AsObject();

    public static IReadOnlyList<string> NonResponders(JsonObject board)
        => board["nonResponders"]!.AsArray().Select(n => n!["code"]!.GetValue<string>()).ToList();
}
