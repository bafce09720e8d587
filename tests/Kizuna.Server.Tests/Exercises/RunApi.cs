using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kizuna.Core.Features.Exercises;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kizuna.Server.Tests.Exercises;

/// <summary>
/// One server per database kind for an exercise test class, on a fake clock with the runner loop off
/// (each test runs rounds itself) and a small scenario limit (2 KiB) so the limit is tested.
/// </summary>
public sealed class RunFixture() : FakeClockServerFixture(Settings)
{
    public const int MaxScenarioBytes = 2048;

    public static readonly Dictionary<string, string> Settings = new()
    {
        ["Exercises:RunnerEnabled"] = "false",
        ["Exercises:MaxScenarioBytes"] = MaxScenarioBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Hotline:EscalatorEnabled"] = "false",
        ["Crisis:EscalatorEnabled"] = "false",
        ["Server:TokenPermitsPerMinute"] = "100000",
    };
}

/// <summary>Test helpers for exercises.</summary>
public static class RunApi
{
    public static string Nisc => DemoUsers.All.First(u => u.Org == "NISC" && !u.PlatformAdmin).Email;
    public static string Fsa => DemoUsers.Of("FSA", "analyst");
    public static string Meti => DemoUsers.Of("METI", "analyst");
    public static string BankReporter => DemoUsers.Of("HIKARI-BANK", "reporter");
    public static string PowerReporter => DemoUsers.Of("AKEBONO-POWER", "reporter");
    public static string WaterViewer => DemoUsers.Of("KIYORA-WATER");

    public static object Inject(double offsetMinutes, string kind, string title, object[]? audience = null, object[]? expectations = null, int? number = null)
        => new { offsetMinutes, kind, title, body = $"{title}: scenario text.", audience, expectations, number };

    public static object Players => new { kind = "players" };
    public static object Org(string code) => new { kind = "organization", value = code };

    public static async Task<Guid> CreateAsync(HttpClient client, string title, double speed = 60, DateTimeOffset? scheduledStartAt = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/exercises", new { title, description = "test", speed, scheduledStartAt });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["id"]!.GetValue<Guid>();
    }

    public static async Task AddParticipantAsync(HttpClient client, Guid id, string code, string role = "player", int people = 3)
        => await OkAsync(await client.PostAsJsonAsync($"/api/v1/exercises/{id}/participants", new { organizationCode = code, role, people }), HttpStatusCode.Created);

    public static async Task AddInjectAsync(HttpClient client, Guid id, object inject)
        => await OkAsync(await client.PostAsJsonAsync($"/api/v1/exercises/{id}/injects", inject), HttpStatusCode.Created);

    public static async Task<JsonObject> StartAsync(HttpClient client, Guid id, string? late = null)
        => await OkAsync(await client.PostAsJsonAsync($"/api/v1/exercises/{id}/start", new { late }));

    public static async Task<JsonObject> OkAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {body}");
        return body.Length == 0 ? [] : JsonNode.Parse(body) as JsonObject ?? new JsonObject { ["items"] = JsonNode.Parse(body) };
    }

    public static async Task<JsonArray> ArrayAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsArray();
    }

    public static ExerciseRunner Runner(KizunaTestServer server) => server.Services.GetRequiredService<ExerciseRunner>();
}
