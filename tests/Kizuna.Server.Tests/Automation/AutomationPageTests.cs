using System.Net;
using System.Text.RegularExpressions;
using Kizuna.Core.Features.Interop;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Interop.TaxiiApi;

namespace Kizuna.Server.Tests.Automation;

/// <summary>The pages: /automation/rules (list, create, preview, disable) and /intel/extract (defanged output, save as STIX, the limit).</summary>
public sealed partial class AutomationPageTests(AutomationFixture fixture) : IClassFixture<AutomationFixture>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task RulePages_CreatePreviewAndDisable_AndOthersGetAReadableRefusal(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var token = AutomationApi.Token();
        using var nisc = await server.SignInAsync(Nisc);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Input.Name", $"Page rule {token}"), new("Input.Enabled", "true"), new("Input.TextContains", token),
            new("Input.Sectors", "electricity"), new("Input.CopyToSector", "electricity"), new("Input.AddTags", "page, 電力"),
        };
        var preview = await PostAsync(nisc, "/automation/rules/new", "rule", [.. fields, new("Input.Action", "preview")]);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("id=\"preview-rows\"", await preview.Content.ReadAsStringAsync());
        var save = await PostAsync(nisc, "/automation/rules/new", "rule", [.. fields, new("Input.Action", "save")]);
        Assert.True(save.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, await save.Content.ReadAsStringAsync());

        await using var db = server.NewContext();
        var rule = await db.IngestRules.AsNoTracking().SingleAsync(r => r.Name == $"Page rule {token}");
        Assert.Equal(["page", "電力"], rule.AddTags);
        Assert.Equal(["electricity"], rule.Sectors);
        var list = await nisc.GetStringAsync("/automation/rules");
        Assert.Contains($"Page rule {token}", list);
        Assert.Contains($"/automation/rules/{rule.Id}", list);
        var edit = await nisc.GetStringAsync($"/automation/rules/{rule.Id}");
        Assert.Contains(token, edit);

        var toggled = await PostAsync(nisc, "/automation/rules", $"toggle-{rule.Id}", []);
        Assert.Equal(HttpStatusCode.OK, toggled.StatusCode);
        Assert.False((await db.IngestRules.AsNoTracking().SingleAsync(r => r.Id == rule.Id)).Enabled);

        // An operator's member gets the reason, not the rules.
        using var bank = await server.SignInAsync(BankReporter);
        var refused = await bank.GetStringAsync("/automation/rules");
        Assert.Contains("Ingest rules are kept", refused);
        Assert.DoesNotContain(token, refused);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ExtractPage_ShowsDefangedValues_SavesChosenOnesAsStix_AndRefusesTooLongText(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var token = AutomationApi.Token().ToLowerInvariant();
        using var nisc = await server.SignInAsync(Nisc);
        var text = $"不審な通信先 hxxp://{token}[.]example[.]com/login と 198.51.100[.]77 を確認。CVE-2024-3400。";
        var extracted = await PostAsync(nisc, "/intel/extract", "extract", [new("Input.Text", text), new("Input.Action", "extract")]);
        var html = WebUtility.HtmlDecode(await extracted.Content.ReadAsStringAsync());
        Assert.Contains($"hxxp://{token}[.]example[.]com/login", html);
        Assert.Contains("198[.]51[.]100[.]77", html);
        Assert.Contains("data-copy=", html);
        Assert.Contains("/js/copy-button.js", html);
        Assert.DoesNotContain($"{token}.example.com", html);
        Assert.DoesNotContain("198.51.100.77", html);

        var saved = await PostAsync(nisc, "/intel/extract", "extract",
        [
            new("Input.Text", text), new("Input.Action", "save"), new("Input.Collection", "community"), new("Input.Tlp", "GREEN"),
            new("Input.Values", $"hxxp://{token}[.]example[.]com/login"), new("Input.Values", "CVE-2024-3400"),
        ]);
        Assert.Contains("id=\"saved\"", await saved.Content.ReadAsStringAsync());
        await using var db = server.NewContext();
        var community = TaxiiCollection.NameBasedId("community");
        var stored = await db.StixObjects.AsNoTracking().Where(r => r.CollectionId == community && r.Json.Contains(token)).ToListAsync();
        var url = Assert.Single(stored);
        Assert.Equal("indicator", url.Type);
        Assert.Equal($"[url:value = 'http://{token}.example.com/login']", System.Text.Json.JsonDocument.Parse(url.Json).RootElement.GetProperty("pattern").GetString());
        Assert.Equal(Kizuna.Stix.Tlp.Green, url.Distribution.Tlp);
        Assert.DoesNotContain("198.51.100.77", string.Join("", await db.StixObjects.AsNoTracking().Where(r => r.DateAdded == url.DateAdded).Select(r => r.Json).ToListAsync()));

        var tooLong = await PostAsync(nisc, "/intel/extract", "extract", [new("Input.Text", new string('x', AutomationFixture.MaxText + 1)), new("Input.Action", "extract")]);
        Assert.Contains(AutomationFixture.MaxText.ToString(System.Globalization.CultureInfo.InvariantCulture), await tooLong.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string formName, List<KeyValuePair<string, string>> fields)
    {
        var page = await client.GetStringAsync(path);
        var token = AntiforgeryPattern().Match(page);
        Assert.True(token.Success, $"No anti-forgery token on {path}.");
        fields.Add(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)));
        fields.Add(new("_handler", formName));
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();
}
