using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kizuna.Core.Features.Automation;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using static Kizuna.Server.Tests.Interop.TaxiiApi;

namespace Kizuna.Server.Tests.Automation;

/// <summary><c>POST /api/v1/intel/extract</c>: refanging, defanging on output, Japanese text, the text-size limit and who may call it.</summary>
public sealed class ExtractionTests(AutomationFixture fixture) : IClassFixture<AutomationFixture>
{
    private const string Text = """
        【注意喚起】不審な通信先 hxxp://evil[.]example[.]com:8443/login?id=1 および hxxps://bad(.)example(.)net/a を確認。
        接続元は198.51.100[.]23、ネットワーク 203.0.113.0/24 と 2001:db8::/32、IPv6 2001[:]db8[:]:1 から。
        送信元 attacker[@]phish.example.org、CVE-2024-3400 を悪用。ハッシュ d41d8cd98f00b204e9800998ecf8427e、
        e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855。全角：ｍａｌｗａｒｅ．ｅｘａｍｐｌｅ．ｊｐへの通信。
        """;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Extract_DefangedJapaneseText_FindsEveryKindAndAnswersDefanged(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var live = await ExtractAsync(nisc, Text, defang: false);
        var values = live.Indicators.Select(i => (i.Kind, i.Value)).ToList();
        Assert.Contains(("url", "http://evil.example.com:8443/login?id=1"), values);
        Assert.Contains(("url", "https://bad.example.net/a"), values);
        Assert.Contains(("ipv4", "198.51.100.23"), values);
        Assert.Contains(("ipv4", "203.0.113.0/24"), values);
        Assert.Contains(("ipv6", "2001:db8::/32"), values);
        Assert.Contains(("ipv6", "2001:db8::1"), values);
        Assert.Contains(("email", "attacker@phish.example.org"), values);
        Assert.Contains(("cve", "CVE-2024-3400"), values);
        Assert.Contains(("md5", "d41d8cd98f00b204e9800998ecf8427e"), values);
        Assert.Contains(("sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), values);
        Assert.Contains(("domain", "malware.example.jp"), values);
        Assert.Equal("[url:value = 'http://evil.example.com:8443/login?id=1']", live.Indicators.First(i => i.Kind == "url").StixPattern);

        // By default every value is defanged and no pattern carries the live value.
        var safe = await ExtractAsync(nisc, Text, defang: null);
        Assert.True(safe.Defanged);
        var shown = safe.Indicators.Select(i => i.Value).ToList();
        Assert.Contains("hxxp://evil[.]example[.]com:8443/login?id=1", shown);
        Assert.Contains("hxxps://bad[.]example[.]net/a", shown);
        Assert.Contains("198[.]51[.]100[.]23", shown);
        Assert.Contains("attacker[@]phish[.]example[.]org", shown);
        Assert.Contains("2001[:]db8[:][:]1", shown);
        Assert.All(safe.Indicators, i => Assert.Null(i.StixPattern));
        Assert.DoesNotContain("evil.example.com", JsonSerializer.Serialize(safe));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Extract_TextOverTheLimit_Is400_AndNonAnalystsAre403(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var atLimit = await nisc.PostAsJsonAsync("/api/v1/intel/extract", new { text = "198.51.100.7 " + new string('あ', AutomationFixture.MaxText - 13) });
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        var over = await nisc.PostAsJsonAsync("/api/v1/intel/extract", new { text = new string('x', AutomationFixture.MaxText + 1) });
        await Problems.AssertAsync(over, HttpStatusCode.BadRequest, AutomationFixture.MaxText.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Problems.AssertAsync(await nisc.PostAsJsonAsync("/api/v1/intel/extract", new { text = "" }), HttpStatusCode.BadRequest);

        using var reporter = await server.ApiClientAsync(BankReporter);
        await Problems.AssertAsync(await reporter.PostAsJsonAsync("/api/v1/intel/extract", new { text = "198.51.100.7" }), HttpStatusCode.Forbidden);
    }

    private static async Task<ExtractionResult> ExtractAsync(HttpClient client, string text, bool? defang)
    {
        var response = defang is { } d
            ? await client.PostAsJsonAsync("/api/v1/intel/extract", new { text, defang = d })
            : await client.PostAsJsonAsync("/api/v1/intel/extract", new { text });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonSerializer.Deserialize<ExtractionResult>(body, JsonSerializerOptions.Web)!;
    }
}
