using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;

namespace Kizuna.Server.Tests.Automation;

/// <summary>A server per database for the automation tests, with a small extraction limit so the limit is cheap to test.</summary>
public sealed class AutomationFixture : ServerFixture
{
    public const int MaxText = 2_000;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Server:TokenPermitsPerMinute"] = "100000",
        ["Automation:MaxExtractTextLength"] = MaxText.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>Helpers for the automation API.</summary>
public static class AutomationApi
{
    public const string Rules = "/api/v1/automation/rules";

    public static string Fsa => DemoUsers.Of("FSA", "analyst");
    public static string Meti => DemoUsers.Of("METI", "analyst");
    public static string BankCeptoar => DemoUsers.Of("SEC-FIN-BANK", "analyst");

    /// <summary>A fresh marker to tell this test's objects and rules from the others'.</summary>
    public static string Token() => "KZ" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    public static async Task<JsonElement> CreateRuleAsync(HttpClient client, object spec)
    {
        var response = await client.PostAsJsonAsync(Rules, spec);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST rule: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>An indicator linked to sectors through <c>x_kizuna_sectors</c>.</summary>
    public static JsonObject Indicator(string name, Kizuna.Stix.Tlp? tlp, params string[] sectors)
    {
        var o = Interop.TaxiiApi.Indicator(tlp: tlp, name: name);
        if (sectors.Length > 0) o["x_kizuna_sectors"] = new JsonArray(sectors.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray());
        return o;
    }
}
