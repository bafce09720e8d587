using Kizuna.Stix.Extraction;

namespace Kizuna.Stix.Tests.Extraction;

/// <summary>The extractor's additions for automation: CIDR blocks, full-width folding, and defanging whole texts for display.</summary>
public sealed class IndicatorDisplayTests
{
    [Theory]
    [InlineData("範囲 203.0.113.0/24 を遮断", IndicatorKind.Ipv4, "203.0.113.0/24")]
    [InlineData("範囲 203[.]0[.]113[.]0/24 を遮断", IndicatorKind.Ipv4, "203.0.113.0/24")]
    [InlineData("v6 2001:db8::/32 も", IndicatorKind.Ipv6, "2001:db8::/32")]
    [InlineData("host 198.51.100.7/33 only", IndicatorKind.Ipv4, "198.51.100.7")]
    public void Extract_CidrBlocks_KeepTheirPrefix(string text, IndicatorKind kind, string value)
        => Assert.Contains(new ExtractedIndicator(kind, value), IndicatorExtractor.Extract(text));

    [Fact]
    public void ExtractFolded_FullWidthAscii_IsRead()
    {
        var found = IndicatorExtractor.ExtractFolded("通信先：ｍａｌｗａｒｅ．ｅｘａｍｐｌｅ．ｊｐ、１９８．５１．１００．９、ｈｘｘｐｓ：／／ｂａｄ［．］ｅｘａｍｐｌｅ．ｃｏｍ／ｘ");
        Assert.Contains(new ExtractedIndicator(IndicatorKind.Domain, "malware.example.jp"), found);
        Assert.Contains(new ExtractedIndicator(IndicatorKind.Ipv4, "198.51.100.9"), found);
        Assert.Contains(new ExtractedIndicator(IndicatorKind.Url, "https://bad.example.com/x"), found);
        // Without folding, full-width text holds no indicator.
        Assert.Empty(IndicatorExtractor.Extract("ｍａｌｗａｒｅ．ｅｘａｍｐｌｅ．ｊｐ"));
    }

    [Theory]
    [InlineData("[url:value = 'http://evil.example.com:8080/a.php?x=1']", "[url:value = 'hxxp://evil[.]example[.]com:8080/a.php?x=1']")]
    [InlineData("[ipv4-addr:value = '198.51.100.1'] OR [domain-name:value = 'c2.example.net']", "[ipv4-addr:value = '198[.]51[.]100[.]1'] OR [domain-name:value = 'c2[.]example[.]net']")]
    [InlineData("送信元 attacker@phish.example.org から", "送信元 attacker[@]phish[.]example[.]org から")]
    [InlineData("already hxxp://evil[.]example[.]com stays", "already hxxp://evil[.]example[.]com stays")]
    [InlineData("[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']", "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']")]
    [InlineData("APT-X の活動", "APT-X の活動")]
    public void DefangText_DefangsEveryIndicatorInPlace(string text, string expected)
        => Assert.Equal(expected, IndicatorExtractor.DefangText(text));
}
