using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kizuna.TestKit;

namespace Kizuna.Server.Tests.Drills;

/// <summary>Test helpers for the drill API.</summary>
public static class DrillApi
{
    public static string Nisc => DemoUsers.Of("NISC", "analyst");
    public static string Fsa => DemoUsers.Of("FSA", "analyst");
    public static string Meti => DemoUsers.Of("METI", "analyst");
    public static string SecFinBank => DemoUsers.Of("SEC-FIN-BANK", "analyst");
    public static string BankReporter => DemoUsers.Of("HIKARI-BANK", "reporter");
    public static string PowerReporter => DemoUsers.Of("AKEBONO-POWER", "reporter");
    public static string WaterViewer => DemoUsers.Of("KIYORA-WATER");
    public static string Peripheral => DemoUsers.Of("HAGANE-CONTROL", "reporter");

    public static object Down(string title, params string[] sectors) => new { direction = "down", title, message = $"Drill message of {title}: please acknowledge.", sectors, durationMinutes = 120 };

    public static async Task<JsonObject> StartAsync(HttpClient client, object drill)
    {
        var response = await client.PostAsJsonAsync("/api/v1/drills", drill);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Starting the drill failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static Guid IdOf(JsonObject detail) => detail["summary"]!["id"]!.GetValue<Guid>();

    public static async Task<JsonObject> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static async Task<JsonObject> AckAsync(HttpClient client, Guid id)
    {
        var response = await client.PostAsync($"/api/v1/drills/{id}/acknowledge", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Acknowledging failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static JsonObject Layer(JsonObject report, int hop) => report["layers"]!.AsArray().Single(l => l!["hop"]!.GetValue<int>() == hop)!.AsObject();
}
