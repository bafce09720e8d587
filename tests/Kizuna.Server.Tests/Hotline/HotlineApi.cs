using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kizuna.TestKit;

namespace Kizuna.Server.Tests.Hotline;

/// <summary>Test helpers for the hotline API.</summary>
public static class HotlineApi
{
    public static string Nisc => DemoUsers.All.First(u => u.Org == "NISC" && !u.PlatformAdmin).Email;
    public static string Fsa => DemoUsers.Of("FSA", "analyst");
    public static string BankAdmin => DemoUsers.Of("HIKARI-BANK", "org-admin");
    public static string BankReporter => DemoUsers.Of("HIKARI-BANK", "reporter");
    public static string PowerReporter => DemoUsers.Of("AKEBONO-POWER", "reporter");
    public static string WaterViewer => DemoUsers.Of("KIYORA-WATER");

    public static object Alert(string title, string tlp, params (string Kind, string? Value)[] audience) => new
    {
        @class = "cyber",
        severity = 4,
        title,
        message = $"Message of {title}: isolate the affected systems.",
        tlp,
        audience = audience.Select(a => new { kind = a.Kind, value = a.Value }).ToArray(),
    };

    public static async Task<JsonObject> SendAsync(HttpClient sender, object alert)
    {
        var response = await sender.PostAsJsonAsync("/api/v1/hotline/alerts", alert);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Sending the alert failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static Guid IdOf(JsonObject detail) => detail["alert"]!["id"]!.GetValue<Guid>();

    public static long SequenceOf(JsonObject detail) => detail["alert"]!["sequence"]!.GetValue<long>();

    public static async Task<JsonObject> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static JsonObject BoardRow(JsonObject board, string code)
        => board["organizations"]!.AsArray().Single(r => r!["code"]!.GetValue<string>() == code)!.AsObject();
}
