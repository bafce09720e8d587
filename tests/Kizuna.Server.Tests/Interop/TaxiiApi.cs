using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Kizuna.Stix;
using Kizuna.TestKit;

namespace Kizuna.Server.Tests.Interop;

/// <summary>Test helpers for the TAXII 2.1 server: clients with Basic credentials, envelopes, STIX objects.</summary>
public static class TaxiiApi
{
    public const string MediaType = "application/taxii+json;version=2.1";
    public const string Root = "/taxii2/kizuna";

    public static string Nisc => DemoUsers.All.First(u => u.Org == "NISC" && !u.PlatformAdmin).Email;
    public static string BankReporter => DemoUsers.Of("HIKARI-BANK", "reporter");
    public static string PowerReporter => DemoUsers.Of("AKEBONO-POWER", "reporter");

    /// <summary>A TAXII client as a user: HTTP Basic with the e-mail and a fresh token, and the TAXII Accept header.</summary>
    public static async Task<HttpClient> ClientAsync(KizunaTestServer server, string email, params string[] scopes)
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = Basic(email, await server.TokenForAsync(email, scopes));
        client.DefaultRequestHeaders.Accept.ParseAdd(MediaType);
        return client;
    }

    public static AuthenticationHeaderValue Basic(string user, string password)
        => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public static StringContent Envelope(params JsonNode[] objects)
        => Content(new JsonObject { ["objects"] = new JsonArray(objects.Select(o => o.DeepClone()).ToArray()) }.ToJsonString());

    public static StringContent Content(string body, string mediaType = MediaType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return content;
    }

    public static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static readonly DateTimeOffset T0 = new(2026, 4, 1, 9, 30, 0, TimeSpan.Zero);

    /// <summary>An indicator with a fresh id unless one is given.</summary>
    public static JsonObject Indicator(string? id = null, DateTimeOffset? created = null, DateTimeOffset? modified = null, Tlp? tlp = null, string name = "Test indicator")
    {
        var c = created ?? T0;
        var o = new JsonObject
        {
            ["type"] = "indicator", ["spec_version"] = "2.1", ["id"] = id ?? $"indicator--{Guid.NewGuid():D}",
            ["created"] = Stamp(c), ["modified"] = Stamp(modified ?? c), ["name"] = name,
            ["pattern"] = "[ipv4-addr:value = '198.51.100.1']", ["pattern_type"] = "stix", ["valid_from"] = Stamp(c),
        };
        if (tlp is { } level) o["object_marking_refs"] = new JsonArray(TlpMarkings.StixId(level));
        return o;
    }

    public static JsonObject Malware(string name = "TestMalware") => new()
    {
        ["type"] = "malware", ["spec_version"] = "2.1", ["id"] = $"malware--{Guid.NewGuid():D}",
        ["created"] = Stamp(T0), ["modified"] = Stamp(T0), ["name"] = name, ["is_family"] = true,
    };

    /// <summary>POSTs an envelope, asserts 202 and returns the status resource.</summary>
    public static async Task<JsonObject> PostAsync(HttpClient client, string collection, params JsonNode[] objects)
    {
        var response = await client.PostAsync($"{Root}/collections/{collection}/objects/", Envelope(objects));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST to {collection}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/taxii+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!.AsObject();
    }

    public static async Task<(HttpResponseMessage Response, JsonObject Body)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/taxii+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("2.1", response.Content.Headers.ContentType?.Parameters.Single(p => p.Name == "version").Value?.Trim('"'));
        return (response, JsonNode.Parse(body)!.AsObject());
    }

    public static IReadOnlyList<string> IdsOf(JsonObject envelope)
        => envelope["objects"] is JsonArray a ? a.Select(o => o!["id"]!.GetValue<string>()).ToList() : [];

    /// <summary>Asserts a TAXII error resource (not RFC 9457 problem details) with the status.</summary>
    public static async Task<JsonObject> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? descriptionContains = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/taxii+json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), error["http_status"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(error["title"]?.GetValue<string>()), body);
        Assert.NotNull(error["error_id"]);
        Assert.Null(error["type"]);
        if (descriptionContains is not null) Assert.Contains(descriptionContains, error["description"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        return error;
    }
}
