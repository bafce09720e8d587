using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kizuna.TestKit;

namespace Kizuna.Server.Tests.Provision;

/// <summary>Writing and moving advisories (情報提供) over the REST API, for the provision tests.</summary>
public static class ProvisionApi
{
    public static string Nisc => DemoUsers.All.First(u => u.Org == "NISC" && !u.PlatformAdmin).Email;
    public static string Fsa => DemoUsers.Of("FSA", "analyst");
    public static string Meti => DemoUsers.Of("METI", "analyst");
    public static string BankCeptoar => DemoUsers.Of("SEC-FIN-BANK");
    public static string BankReporter => DemoUsers.Of("HIKARI-BANK", "reporter");
    public static string BankAdmin => DemoUsers.Of("HIKARI-BANK", "org-admin");
    public static string PowerReporter => DemoUsers.Of("AKEBONO-POWER", "reporter");
    public static string WaterViewer => DemoUsers.Of("KIYORA-WATER");

    public static JsonObject Input(string title, string tlp = "AMBER", JsonArray? audience = null, Action<JsonObject>? content = null)
    {
        var c = new JsonObject
        {
            ["title"] = title,
            ["summary"] = "Patch the VPN appliances now.",
            ["body"] = "## What happened\nAttackers exploit **CVE-2024-3400**.\n\n<script>alert(1)</script>",
            ["severity"] = 3,
            ["recommendedActions"] = new JsonArray("Apply the vendor fix", "Rotate credentials"),
            ["affectedProducts"] = new JsonArray("ExampleVPN 10.x"),
            ["cves"] = new JsonArray("CVE-2024-3400"),
            ["indicators"] = new JsonArray(new JsonObject { ["type"] = "ipv4", ["value"] = "198.51.100.7" }),
            ["language"] = "ja",
        };
        content?.Invoke(c);
        return new JsonObject
        {
            ["content"] = c,
            ["tlp"] = tlp,
            ["audience"] = audience ?? new JsonArray(new JsonObject { ["kind"] = "sector", ["value"] = "finance" }),
        };
    }

    public static JsonArray Audience(params (string Kind, string Value)[] entries)
        => new(entries.Select(e => (JsonNode)new JsonObject { ["kind"] = e.Kind, ["value"] = e.Value }).ToArray());

    public static async Task<JsonObject> DraftAsync(HttpClient author, JsonObject input)
    {
        var response = await author.PostAsJsonAsync("/api/v1/advisories", input);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Draft failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static async Task<Guid> PublishAsync(HttpClient author, JsonObject input)
    {
        var draft = await DraftAsync(author, input);
        var id = Guid.Parse(draft["id"]!.GetValue<string>());
        var response = await author.PostAsync($"/api/v1/advisories/{id}/publish", null);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Publish failed: {(int)response.StatusCode} {body}");
        return id;
    }

    public static async Task<JsonObject> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }
}
