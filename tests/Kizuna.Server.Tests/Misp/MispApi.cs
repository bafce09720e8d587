using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kizuna.Server.Tests.Misp;

/// <summary>Test helpers for the MISP exchange: small hand-written events and the import call.</summary>
public static class MispApi
{
    public const string Events = "/api/v1/misp/events";

    public static ByteArrayContent Json(byte[] body, string mediaType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return content;
    }

    public static ByteArrayContent Json(string body) => Json(Encoding.UTF8.GetBytes(body));

    /// <summary>POSTs a MISP document, asserts 200 and returns the summary.</summary>
    public static async Task<JsonObject> ImportAsync(HttpClient client, string collection, byte[] body)
    {
        var response = await client.PostAsync($"{Events}?collection={Uri.EscapeDataString(collection)}", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"MISP import into {collection}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static Task<JsonObject> ImportAsync(HttpClient client, string collection, string body) => ImportAsync(client, collection, Encoding.UTF8.GetBytes(body));

    /// <summary>A small event: its uuid, title, event-level tag and attributes (type, value, to_ids).</summary>
    public static string Event(Guid uuid, string tlpTag, string info, params (string Type, string Value, bool ToIds)[] attributes)
    {
        var list = new JsonArray();
        foreach (var (type, value, toIds) in attributes)
            list.Add(new JsonObject
            {
                ["uuid"] = Guid.NewGuid().ToString("D"), ["type"] = type, ["category"] = "Network activity", ["value"] = value, ["to_ids"] = toIds,
                ["timestamp"] = "1775000000", ["comment"] = "",
            });
        return new JsonObject
        {
            ["Event"] = new JsonObject
            {
                ["uuid"] = uuid.ToString("D"), ["info"] = info, ["date"] = "2026-04-01", ["threat_level_id"] = "3", ["analysis"] = "2",
                ["published"] = true, ["timestamp"] = "1775000100", ["Attribute"] = list,
                ["Tag"] = new JsonArray(new JsonObject { ["name"] = tlpTag }),
            },
        }.ToJsonString();
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
