using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kizuna.TestKit;

namespace Kizuna.Server.Tests.Liaison;

/// <summary>Building and sending liaison reports (情報連絡) over the REST API, for the liaison tests.</summary>
public static class LiaisonApi
{
    public const string Bank = "HIKARI-BANK";
    public const string BankNameJa = "ひかり中央銀行";
    public const string BankNameEn = "Hikari Chuo Bank";
    public const string BankDomain = "hikari-bank.example";
    /// <summary>An address inside the bank's registered range 192.0.2.72/29.</summary>
    public const string BankIp = "192.0.2.74";
    public static readonly string[] BankPeople = ["柴田 太郎", "酒井 由美"];
    public static readonly string[] BankEmails = ["soc@hikari-bank.example", "security@hikari-bank.example"];
    public static readonly string[] BankPhones = ["+81-3-5555-0161", "+81-3-5555-0162"];

    public static string Reporter => DemoUsers.Of(Bank, "reporter");
    public static string BankAdmin => DemoUsers.Of(Bank, "org-admin");
    public static string Fsa => DemoUsers.Of("FSA", "analyst");
    public static string Nisc => DemoUsers.All.First(u => u.Org == "NISC" && !u.PlatformAdmin).Email;
    public static string Meti => DemoUsers.Of("METI", "analyst");
    public static string Mic => DemoUsers.Of("MIC", "analyst");
    public static string Ceptoar => DemoUsers.Of("SEC-FIN-BANK");
    public static string OtherReporter => DemoUsers.Of("AKEBONO-POWER", "reporter");

    /// <summary>A valid finance report content; change fields with the callback.</summary>
    public static JsonObject Content(string title = "ATM network outage", Action<JsonObject>? change = null)
    {
        var now = DateTimeOffset.UtcNow;
        var content = new JsonObject
        {
            ["sectorCode"] = "finance",
            ["criticalServices"] = new JsonArray("finance-banking"),
            ["maintenanceLevelBreached"] = true,
            ["eventTypes"] = new JsonArray("system-unavailable"),
            ["causeTypes"] = new JsonArray("ddos"),
            ["severityDuration"] = 2,
            ["severitySafety"] = 1,
            ["occurredAt"] = now.AddHours(-5),
            ["detectedAt"] = now.AddHours(-4),
            ["recoveredAt"] = now.AddHours(-1),
            ["timeZone"] = "Asia/Tokyo",
            ["title"] = title,
            ["description"] = "Online banking was unreachable for three hours.",
            ["impact"] = "Customers could not log in.",
            ["actionsTaken"] = "Traffic filtering at the upstream provider.",
            ["helpNeeded"] = "Indicators from other banks.",
            ["indicators"] = new JsonArray(
                new JsonObject { ["type"] = "ipv4", ["value"] = "203.0.113.9", ["note"] = "attack source" },
                new JsonObject { ["type"] = "cve", ["value"] = "CVE-2024-12345" }),
        };
        change?.Invoke(content);
        return content;
    }

    /// <summary>A report input: content plus routing choices.</summary>
    public static JsonObject Input(JsonObject? content = null, string disclosure = "ministry", string route = "ministry", Action<JsonObject>? change = null)
    {
        var input = new JsonObject
        {
            ["content"] = content ?? Content(),
            ["route"] = route,
            ["identityDisclosure"] = disclosure,
            ["basis"] = "voluntary",
            ["tlp"] = "AMBER",
        };
        change?.Invoke(input);
        return input;
    }

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>Files a report as its 第1報 (POST ?submit=true) and returns the answer.</summary>
    public static async Task<JsonNode> FileAsync(HttpClient reporter, JsonObject input)
        => await JsonAsync(await reporter.PostAsJsonAsync("/api/v1/reports?submit=true", input), HttpStatusCode.Created);

    public static Guid IdOf(JsonNode report) => report["id"]!.GetValue<Guid>();

    public static async Task<JsonNode> GetAsync(HttpClient client, Guid id)
        => await JsonAsync(await client.GetAsync($"/api/v1/reports/{id}"), HttpStatusCode.OK);

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object? body = null)
        => client.PostAsJsonAsync(path, body ?? new { });

    public static async Task<HttpResponseMessage> AttachAsync(HttpClient client, Guid id, string fileName, byte[] bytes)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await client.PostAsync($"/api/v1/reports/{id}/attachments", form);
    }

    public static IEnumerable<string> Strings(JsonNode? node, string property)
        => node!.AsArray().Select(n => n![property]!.GetValue<string>());
}
