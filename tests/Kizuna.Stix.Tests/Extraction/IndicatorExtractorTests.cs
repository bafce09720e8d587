using Kizuna.Stix.Extraction;
using Kizuna.Stix.Patterning;

namespace Kizuna.Stix.Tests.Extraction;

public sealed class IndicatorExtractorTests
{
    private static (IndicatorKind, string)[] Pairs(string text) => [.. IndicatorExtractor.Extract(text).Select(i => (i.Kind, i.Value))];

    [Theory]
    [InlineData("hxxp://evil[.]example[.]com/a", "http://evil.example.com/a")]
    [InlineData("hXXps[://]evil(.)example{.}com", "https://evil.example.com")]
    [InlineData("fxp[:]//files[dot]example[.]org", "ftp://files.example.org")]
    [InlineData("mail user[@]example[.]jp or user[at]example(dot)jp", "mail user@example.jp or user@example.jp")]
    [InlineData("192[.]0[.]2[.]1 and 2001[:]db8[:][:]1", "192.0.2.1 and 2001:db8::1")]
    [InlineData("nothing to refang.", "nothing to refang.")]
    public void Refang_DefangedText_IsRestored(string defanged, string expected)
        => Assert.Equal(expected, IndicatorExtractor.Refang(defanged));

    [Fact]
    public void Extract_MixedJapaneseText_FindsEveryKind()
    {
        var text = """
            不審なメールの送信元はattacker@evil-mail.example.comで、本文のURL hxxps://login[.]example-bank[.]co[.]jp/verify?id=1 へ誘導。
            C2サーバ: 198.51.100.23、2001:db8:85a3::8a2e:370:7334。ドメインbad.example.netへの通信を確認。
            添付ファイル invoice.pdf.exe の SHA-256: E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855
            MD5 d41d8cd98f00b204e9800998ecf8427e, SHA-1 da39a3ee5e6b4b0d3255bfef95601890afd80709。
            悪用された脆弱性はcve-2024-3400とCVE-2023-12345。
            """;
        Assert.Equal<(IndicatorKind, string)[]>(
        [
            (IndicatorKind.Email, "attacker@evil-mail.example.com"),
            (IndicatorKind.Url, "https://login.example-bank.co.jp/verify?id=1"),
            (IndicatorKind.Ipv4, "198.51.100.23"),
            (IndicatorKind.Ipv6, "2001:db8:85a3::8a2e:370:7334"),
            (IndicatorKind.Domain, "bad.example.net"),
            (IndicatorKind.Sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (IndicatorKind.Md5, "d41d8cd98f00b204e9800998ecf8427e"),
            (IndicatorKind.Sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            (IndicatorKind.Cve, "CVE-2024-3400"),
            (IndicatorKind.Cve, "CVE-2023-12345"),
        ], Pairs(text));
    }

    [Fact]
    public void Extract_UrlHostAndEmailDomain_AreNotListedAgainAsDomains()
        => Assert.Equal<(IndicatorKind, string)[]>(
            [(IndicatorKind.Url, "http://a.example.com/x"), (IndicatorKind.Email, "b@c.example.com")],
            Pairs("see http://a.example.com/x, from b@c.example.com."));

    [Fact]
    public void Extract_TrailingPunctuationAndParentheses_AreNotPartOfUrl()
        => Assert.Equal<(IndicatorKind, string)[]>(
            [(IndicatorKind.Url, "https://example.org/path"), (IndicatorKind.Url, "https://en.example.org/wiki/A_(b)")],
            Pairs("(see https://example.org/path). Also https://en.example.org/wiki/A_(b)!"));

    [Theory]
    [InlineData("version 1.2.3.4.5 of the firmware")]
    [InlineData("999.1.1.1 is not an address")]
    [InlineData("files report.pdf, setup.exe, data.zip and readme.txt")]
    [InlineData("e.g. this, i.e. that, at 12:30:45 JST")]
    [InlineData("a 31-digit hex 0123456789abcdef0123456789abcde is no hash")]
    [InlineData("CVE-24-1 is malformed")]
    [InlineData("")]
    public void Extract_LookAlikes_AreNotIndicators(string text)
        => Assert.Empty(IndicatorExtractor.Extract(text));

    [Fact]
    public void Extract_ComAndJpDomains_AreDomains()
        => Assert.Equal<(IndicatorKind, string)[]>(
            [(IndicatorKind.Domain, "example.com"), (IndicatorKind.Domain, "www.example.co.jp")],
            Pairs("example.comと WWW.Example.co.jp。"));

    [Fact]
    public void Extract_Repeats_AreListedOnce()
        => Assert.Single(IndicatorExtractor.Extract("1.2.3.4 1[.]2[.]3[.]4 1.2.3.4"));

    [Fact]
    public void Extract_MaxIndicators_CapsTheList()
    {
        var text = string.Join(" ", Enumerable.Range(1, 50).Select(i => $"10.0.0.{i}"));
        Assert.Equal(50, IndicatorExtractor.Extract(text).Count);
        var capped = IndicatorExtractor.Extract(text, maxIndicators: 7);
        Assert.Equal(7, capped.Count);
        Assert.Equal("10.0.0.1", capped[0].Value);
    }

    [Fact]
    public void Extract_MaxTextLength_StopsReading()
        => Assert.Equal(["10.0.0.1"], IndicatorExtractor.Extract("10.0.0.1 " + new string('x', 100) + " 10.0.0.2", maxTextLength: 20).Select(i => i.Value));

    [Fact]
    public void Extract_BadLimits_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IndicatorExtractor.Extract("x", maxIndicators: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => IndicatorExtractor.Extract("x", maxTextLength: -1));
    }

    [Fact]
    public void Extract_LongHostileInput_FinishesQuickly()
    {
        var hostile = string.Concat(Enumerable.Repeat("a.", 200_000)) + "@" + new string(':', 100_000) + new string('f', 200_000);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        IndicatorExtractor.Extract(hostile);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData(IndicatorKind.Url, "https://evil.example.com/a.php?x=1.2", "hxxps://evil[.]example[.]com/a.php?x=1.2")]
    [InlineData(IndicatorKind.Domain, "evil.example.com", "evil[.]example[.]com")]
    [InlineData(IndicatorKind.Ipv4, "192.0.2.1", "192[.]0[.]2[.]1")]
    [InlineData(IndicatorKind.Ipv6, "2001:db8::1", "2001[:]db8[:][:]1")]
    [InlineData(IndicatorKind.Email, "a.b@example.jp", "a.b[@]example[.]jp")]
    [InlineData(IndicatorKind.Cve, "CVE-2024-3400", "CVE-2024-3400")]
    public void Defang_Value_IsSafeAndRefangsBack(IndicatorKind kind, string value, string defanged)
    {
        Assert.Equal(defanged, IndicatorExtractor.Defang(kind, value));
        Assert.Equal(value, IndicatorExtractor.Refang(defanged));
    }

    [Fact]
    public void ToStixPattern_EveryObservableKind_IsAValidStixPattern()
    {
        var all = IndicatorExtractor.Extract("""
            http://x.example.com/it's 192.0.2.1 2001:db8::1 bad.example.net a@b.example.org
            d41d8cd98f00b204e9800998ecf8427e da39a3ee5e6b4b0d3255bfef95601890afd80709
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e
            CVE-2024-3400
            """);
        Assert.Equal(10, all.Count);
        Assert.Equal(Enum.GetValues<IndicatorKind>().Order(), all.Select(i => i.Kind).Distinct().Order());
        foreach (var i in all.Where(i => i.Kind != IndicatorKind.Cve))
            Assert.True(StixPattern.Validate(i.StixPattern!).Count == 0, $"{i.StixPattern}: {string.Join("; ", StixPattern.Validate(i.StixPattern!))}");
        Assert.Null(all.Single(i => i.Kind == IndicatorKind.Cve).StixPattern);
        Assert.Equal(@"[url:value = 'http://x.example.com/it\'s']", all.Single(i => i.Kind == IndicatorKind.Url).StixPattern);
    }
}
