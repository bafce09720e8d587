using Kizuna.Core.Features.Analytics.Correlation;

namespace Kizuna.Core.Tests.Features.Analytics;

/// <summary>Normalization (正規化): the same observable written two ways gives one key; what is not an observable is refused with a reason.</summary>
public sealed class ObservableNormalizerTests
{
    [Theory]
    [InlineData("domain", "Evil.Example.COM.", "domain:evil.example.com")]
    [InlineData("domain", "evil[.]example[.]com", "domain:evil.example.com")]
    [InlineData("domain", "例え.テスト", "domain:xn--r8jz45g.xn--zckzah")]
    [InlineData("ipv4", "203.0.113.9", "ipv4:203.0.113.9")]
    [InlineData("ip", "203[.]0[.]113[.]9", "ipv4:203.0.113.9")]
    [InlineData("ipv4", "198.51.100.77/24", "ipv4:198.51.100.0/24")]
    [InlineData("ipv4", "198.51.100.77/32", "ipv4:198.51.100.77")]
    [InlineData("ipv6", "2001:DB8:0:0:0:0:0:1", "ipv6:2001:db8::1")]
    [InlineData("ipv6", "2001:db8::abcd:1/64", "ipv6:2001:db8::/64")]
    [InlineData("ip", "::ffff:192.0.2.1", "ipv4:192.0.2.1")]
    [InlineData("url", "HTTP://Evil.Example.com:80/a%2fb/%7Euser/?q=%41#frag", "url:http://evil.example.com/a%2Fb/~user/?q=A")]
    [InlineData("url", "hxxps://evil[.]example[.]com:443", "url:https://evil.example.com/")]
    [InlineData("url", "https://evil.example.com:8443/x", "url:https://evil.example.com:8443/x")]
    [InlineData("url", "http://[2001:DB8::1]:8080/p", "url:http://[2001:db8::1]:8080/p")]
    [InlineData("file-hash", "D41D8CD98F00B204E9800998ECF8427E", "md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("hash", "da39a3ee5e6b4b0d3255bfef95601890afd80709", "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    [InlineData("sha256", "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("email", "Attacker@Evil.Example.COM", "email:attacker@evil.example.com")]
    [InlineData("email", "attacker[at]evil[.]example", "email:attacker@evil.example")]
    [InlineData(null, "https://evil.example.com/x", "url:https://evil.example.com/x")]
    [InlineData(null, "8.8.8.8", "ipv4:8.8.8.8")]
    [InlineData(null, "evil.example.net", "domain:evil.example.net")]
    [InlineData(null, "d41d8cd98f00b204e9800998ecf8427e", "md5:d41d8cd98f00b204e9800998ecf8427e")]
    public void TryNormalize_Variants_GiveTheCanonicalKey(string? type, string value, string key)
    {
        Assert.True(ObservableNormalizer.TryNormalize(type, value, out var k, out var error), error);
        Assert.Equal(key, k.Key);
    }

    [Fact]
    public void Key_SameValueWrittenTwoWays_HasOneId()
    {
        var a = ObservableNormalizer.Normalize("url", "HTTPS://EVIL.example.com:443/a?b=%7e#x")!;
        var b = ObservableNormalizer.Normalize(null, "hxxps://evil[.]example[.]com/a?b=~")!;
        Assert.Equal(a.Id, b.Id);
        Assert.NotEqual(a.Id, ObservableNormalizer.Normalize("domain", "evil.example.com")!.Id);
    }

    [Theory]
    [InlineData("ipv4", "1")]
    [InlineData("ipv4", "256.1.1.1")]
    [InlineData("ipv4", "2001:db8::1")]
    [InlineData("ipv4", "10.0.0.0/33")]
    [InlineData("domain", "localhost")]
    [InlineData("domain", "a..b")]
    [InlineData("md5", "abc")]
    [InlineData("sha1", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("url", "not a url")]
    [InlineData("email", "no-at-sign")]
    [InlineData("colour", "red")]
    [InlineData(null, "just words")]
    [InlineData(null, "")]
    public void TryNormalize_NotAnObservable_IsRefusedWithAReason(string? type, string value)
    {
        Assert.False(ObservableNormalizer.TryNormalize(type, value, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void TryNormalize_HugeValue_IsRefused()
    {
        Assert.False(ObservableNormalizer.TryNormalize("url", "http://a.example/" + new string('a', ObservableNormalizer.MaxInputLength), out _, out var error));
        Assert.Contains("longer", error);
    }

    [Fact]
    public void Key_LongValue_IsDisplayedCutButKeyedWhole()
    {
        var a = ObservableNormalizer.Normalize("url", "http://a.example/" + new string('a', 2000))!;
        var b = ObservableNormalizer.Normalize("url", "http://a.example/" + new string('a', 2001))!;
        Assert.Equal(ObservableKey.MaxDisplayLength, a.Display.Length);
        Assert.NotEqual(a.Id, b.Id);
    }

    [Fact]
    public void FromStix_IndicatorPatternAndScos_GiveTheirEqualityValues()
    {
        var indicator = """{"type":"indicator","pattern_type":"stix","pattern":"[ipv4-addr:value = '203.0.113.9'] OR [domain-name:value IN ('Evil.Example.com', 'b.example.org')] OR [file:hashes.'SHA-256' = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855'] OR [url:value != 'http://not.example/']"}""";
        var keys = ObservableSources.FromStix(indicator, 100).Select(k => k.Key).ToList();
        Assert.Equal(["ipv4:203.0.113.9", "domain:evil.example.com", "domain:b.example.org", "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"], keys);
        Assert.Equal(["ipv6:2001:db8::1"], ObservableSources.FromStix("""{"type":"ipv6-addr","value":"2001:DB8::1"}""", 100).Select(k => k.Key));
        Assert.Equal(["md5:d41d8cd98f00b204e9800998ecf8427e"], ObservableSources.FromStix("""{"type":"file","hashes":{"MD5":"D41D8CD98F00B204E9800998ECF8427E"}}""", 100).Select(k => k.Key));
        Assert.Empty(ObservableSources.FromStix("not json", 100));
    }

    [Fact]
    public void FromIndicators_TypedAndFreeText_AreReadOnceEachAndCapped()
    {
        var keys = ObservableSources.FromIndicators(
            [new("ipv4", "203.0.113.9"), new("cve", "CVE-2024-1"), new("text", "whatever 198.51.100.1")],
            ["Traffic from 203[.]0[.]113[.]9 and hxxp://evil[.]example[.]net/x"], 10).Select(k => k.Key).ToList();
        Assert.Equal(["ipv4:203.0.113.9", "url:http://evil.example.net/x"], keys);
        Assert.Single(ObservableSources.FromIndicators([new("ipv4", "203.0.113.9"), new("ipv4", "203.0.113.10")], [], 1));
    }
}
