using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Liaison.Anonymization;
using static Kizuna.Core.Tests.Features.Liaison.SanitizerFixture;

namespace Kizuna.Core.Tests.Features.Liaison;

public sealed class SourceSanitizerTests
{
    private const string Org = "[組織名/organization]";
    private const string Person = "[人名/person]";
    private const string Domain = "[ドメイン/domain]";
    private const string Ip = "[IPアドレス/IP address]";
    private const string Mail = "[メール/e-mail]";
    private const string Phone = "[電話番号/phone]";
    private const string Url = "[URL]";
    private const string Host = "[ホスト名/host name]";

    // Rule 1: the pseudonym, never the reporter.

    [Fact]
    public void Sanitize_AnyReport_CarriesPseudonymAndNeverReporterCodeOrName()
    {
        var view = View(Content("KZEPの制御系で検知。"));

        Assert.Equal("報告者-7Q4M", view.Pseudonym);
        var json = ToJson(view);
        Assert.False(Leaks(json, "KZEP"));
        Assert.False(Leaks(json, "絆電力"));
        Assert.False(Leaks(json, ReporterId.ToString()));
    }

    [Fact]
    public void Sanitize_PseudonymNamingReporter_Throws()
    {
        var input = Input(Content()) with { Pseudonym = "絆電力-1" };

        Assert.Throws<ArgumentException>(() => new SourceSanitizer().Sanitize(input));
    }

    // Rule 2: redaction of names, addresses, numbers and hosts in free text.

    [Theory]
    [InlineData("絆電力株式会社の変電所で異常を検知", $"{Org}の変電所で異常を検知")]
    [InlineData("絆電力の変電所で異常を検知", $"{Org}の変電所で異常を検知")]
    [InlineData("(株)絆電力より報告", $"(株){Org}より報告")]
    [InlineData("Reported by KIZUNA ELECTRIC POWER to the ministry", $"Reported by {Org} to the ministry")]
    [InlineData("kizuna electric power co., ltd. and Toto Gas", $"{Org} and {Org}")]
    [InlineData("東都ガス株式会社からも同種の通報", $"{Org}からも同種の通報")]
    [InlineData("株式会社なにわ銀行とNaniwa Bankに照会", $"{Org}と{Org}に照会")]
    [InlineData("NISCへ連絡済み、TOTOGASにも共有", $"{Org}へ連絡済み、{Org}にも共有")]
    [InlineData("NNWB-CSIRTと連携", $"{Org}-CSIRTと連携")]
    public void Sanitize_OrganisationNames_AreRedacted(string text, string expected)
    {
        Assert.Equal(expected, Redacted(text));
    }

    [Theory]
    [InlineData("NNWBX is a product name")] // a code only as a whole word
    [InlineData("JP region only")] // codes under 4 chars stay
    [InlineData("電力需給に影響なし")]
    public void Sanitize_TextWithoutNames_IsUnchanged(string text)
    {
        Assert.Equal(text, Redacted(text));
    }

    [Theory]
    [InlineData("担当: 山田 太郎", $"担当: {Person}")]
    [InlineData("担当: 山田太郎", $"担当: {Person}")]
    [InlineData("担当: 山田　太郎（情報システム部）", $"担当: {Person}（情報システム部）")]
    [InlineData("Contact Taro Yamada or YAMADA Taro", $"Contact {Person} or {Person}")]
    [InlineData("山田さんと佐藤課長が対応", $"{Person}と{Person}が対応")]
    [InlineData("Mr. Yamada reported it", $"{Person} reported it")]
    [InlineData("鈴木一郎氏（他社）からの情報", $"{Person}氏（他社）からの情報")]
    [InlineData("Ichiro Suzuki and 高橋 次郎 joined", $"{Person} and {Person} joined")]
    public void Sanitize_PeopleNames_AreRedactedWithAndWithoutSpace(string text, string expected)
    {
        Assert.Equal(expected, Redacted(text));
    }

    [Theory]
    [InlineData("kizuna-power.co.jp のメールサーバ", $"{Domain} のメールサーバ")]
    [InlineData("vpn.kizuna-power.co.jp への不正ログイン", $"{Domain} への不正ログイン")]
    [InlineData("KIZUNA-POWER.CO.JP", Domain)]
    [InlineData("kizuna-power[.]co[.]jp（defanged）", $"{Domain}（defanged）")]
    [InlineData("https://portal.kizuna-power.co.jp/login?id=3 を偽装", $"{Url} を偽装")]
    [InlineData("hxxps://www[.]kizuna-power[.]co[.]jp/ から", $"{Url} から")]
    [InlineData("攻撃元 https://evil-update.example.net/a.php と evil-cdn.example.org", "攻撃元 https://evil-update.example.net/a.php と evil-cdn.example.org")]
    public void Sanitize_ReporterDomains_AreRedactedWithSubdomainsAndUrls(string text, string expected)
    {
        Assert.Equal(expected, Redacted(text));
    }

    [Theory]
    [InlineData("送信元 attacker@evil.example.net", $"送信元 {Mail}")]
    [InlineData("連絡先: taro.yamada@kizuna-power.co.jp まで", $"連絡先: {Mail} まで")]
    [InlineData("soc[at]partner-isac[.]jp", Mail)]
    [InlineData("ｓｏｃ＠ｅｘａｍｐｌｅ．ｊｐ宛", $"{Mail}宛")]
    public void Sanitize_AnyEmailAddress_IsRedacted(string text, string expected)
    {
        Assert.Equal(expected, Redacted(text));
    }

    [Theory]
    [InlineData("TEL 03-1234-5678 まで")]
    [InlineData("TEL 0120-123-456 まで")]
    [InlineData("TEL 090-1234-5678 まで")]
    [InlineData("TEL +81-3-5555-0101 まで")]
    [InlineData("TEL +81 (0)3 5555 0101 まで")]
    [InlineData("TEL (03)1234-5678 まで")]
    [InlineData("TEL 03(1234)5678 まで")]
    [InlineData("TEL 0312345678 まで")]
    [InlineData("TEL ０３－１２３４－５６７８ まで")]
    [InlineData("TEL ０３ー１２３４ー５６７８ まで")]
    [InlineData("TEL +1 202 555 0100 まで")]
    public void Sanitize_PhoneNumbers_AreRedactedInJapaneseFormats(string text)
    {
        Assert.Equal($"TEL {Phone} まで", Redacted(text));
    }

    [Fact]
    public void Sanitize_FullWidthText_KeptUnchangedOutsideRedactions()
    {
        Assert.Equal($"ＳＯＣ（２４ｈ）：{Phone}、ＣＶＥ－２０２４－３４００", Redacted("ＳＯＣ（２４ｈ）：０３－１２３４－５６７８、ＣＶＥ－２０２４－３４００"));
    }

    [Theory]
    [InlineData("2025-06-03 14:37 に 2024-12345 件")] // dates and counts are not phone numbers
    [InlineData("郵便番号 100-0001、被害額 1,200,000円")]
    public void Sanitize_NumbersThatAreNotPhones_AreKept(string text)
    {
        Assert.Equal(text, Redacted(text));
    }

    [Theory]
    [InlineData("社内 198.51.100.23 から外部へ通信", $"社内 {Ip} から外部へ通信")]
    [InlineData("198.51.100.0/24 全体", $"{Ip} 全体")]
    [InlineData("198[.]51[.]100[.]7", Ip)]
    [InlineData("１９８．５１．１００．９", Ip)]
    [InlineData("198.51.100.x の端末", $"{Ip} の端末")]
    [InlineData("2001:db8:5::10 と 2001:db8:5:1::/64", $"{Ip} と {Ip}")]
    [InlineData("C2 203.0.113.50 と 2001:db8:ffff::1 へ通信", "C2 203.0.113.50 と 2001:db8:ffff::1 へ通信")]
    public void Sanitize_AddressesInReporterRanges_AreRedactedOthersKept(string text, string expected)
    {
        Assert.Equal(expected, Redacted(text));
    }

    [Theory]
    [InlineData("TEL03-1234-5678", $"TEL{Phone}")]
    [InlineData("SRV-DB01：2001:db8:5::10", $"{Host}：{Ip}")]
    [InlineData("198.51.100.2303-1234-5678", Ip)]
    [InlineData("/24KZEPの端末", $"/24{Org}の端末")]
    [InlineData("kizuna-power.co.jpKZEP", Domain)]
    public void Sanitize_IdentifiersRunTogether_AreAllRedacted(string text, string expected)
    {
        Assert.Equal(expected, Redacted(text));
    }

    [Theory]
    [InlineData("fs01.kizuna.local の共有", $"{Host} の共有")]
    [InlineData("dc.ad.corp と nas.home.arpa と mail.intranet", $"{Host} と {Host} と {Host}")]
    [InlineData("SRV-DB01 が停止", $"{Host} が停止")]
    [InlineData("PC-1234 と WS0231 で検知", $"{Host} と {Host} で検知")]
    [InlineData("DESKTOP-7H3K2LQ に侵入", $"{Host} に侵入")]
    [InlineData(@"\\FILESV\share に配置", $@"{Host}\share に配置")]
    [InlineData(@"C:\Users\tyamada\AppData に残存", $@"C:\Users\{Person}\AppData に残存")]
    [InlineData("http://intranet/wiki を参照", $"{Url} を参照")]
    public void Sanitize_InternalHostNames_AreRedacted(string text, string expected)
    {
        Assert.Equal(expected, Redacted(text));
    }

    [Theory]
    [InlineData("CVE-2024-3400 を悪用、APT29 の手口、KB5034441 未適用、SHA256 は e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("Windows10 と TLS13、FY2025 の統計")]
    public void Sanitize_PublicIdentifiers_AreKept(string text)
    {
        Assert.Equal(text, Redacted(text));
    }

    [Fact]
    public void Sanitize_EveryFreeTextFieldAndAttachmentName_IsRedactedAndRecorded()
    {
        var content = Content("山田 太郎が 198.51.100.23 を確認") with
        {
            Title = "絆電力 SRV-DB01 停止",
            Impact = "kizuna-power.co.jp のメール停止",
            ActionsTaken = "03-1234-5678 へ連絡、soc@kizuna-power.co.jp へ報告",
            HelpNeeded = "佐藤 花子 まで",
        };

        var view = View(content, ["絆電力_ログ_SRV-DB01.zip", "evidence.pcap"]);

        Assert.Equal($"{Org} {Host} 停止", view.Title);
        Assert.Equal($"{Person}が {Ip} を確認", view.Description);
        Assert.Equal($"{Domain} のメール停止", view.Impact);
        Assert.Equal($"{Phone} へ連絡、{Mail} へ報告", view.ActionsTaken);
        Assert.Equal($"{Person} まで", view.HelpNeeded);
        Assert.Equal([$"{Org}_ログ_{Host}.zip", "evidence.pcap"], view.AttachmentNames);
        Assert.Equal(
            [
                new Redaction("Title", "host", 1), new Redaction("Title", "organization", 1),
                new Redaction("Description", "ip", 1), new Redaction("Description", "person", 1),
                new Redaction("Impact", "domain", 1),
                new Redaction("ActionsTaken", "email", 1), new Redaction("ActionsTaken", "phone", 1),
                new Redaction("HelpNeeded", "person", 1),
                new Redaction("AttachmentNames", "host", 1), new Redaction("AttachmentNames", "organization", 1),
            ],
            view.Redactions.OrderBy(r => r.Field switch { "Title" => 0, "Description" => 1, "Impact" => 2, "ActionsTaken" => 3, "HelpNeeded" => 4, _ => 5 })
                .ThenBy(r => r.Kind, StringComparer.Ordinal));
    }

    [Fact]
    public void Sanitize_NewSnapshotInstance_UsesItsOwnNames()
    {
        var sanitizer = new SourceSanitizer();
        var first = NewDirectory();
        sanitizer.Prepare(first);
        var second = first with { Organizations = [.. first.Organizations, OrgEntry("HKDE", "北辰電力株式会社", "Hokushin Electric", "electricity", "JP-01", "large")] };

        var before = sanitizer.Sanitize(Input(Content("北辰電力から連絡"), first)).View!;
        var after = sanitizer.Sanitize(Input(Content("北辰電力から連絡"), second)).View!;

        Assert.Equal("北辰電力から連絡", before.Description);
        Assert.Equal($"{Org}から連絡", after.Description);
    }

    // Rule 3: indicators.

    [Fact]
    public void Sanitize_Indicators_ReporterOnesAndEmailsDroppedAttackersKept()
    {
        Indicator[] indicators =
        [
            new(IndicatorTypes.Ipv4, "203.0.113.50", "C2 サーバ、山田が確認"),
            new(IndicatorTypes.Ipv4, "198.51.100.23", "社内の踏み台"),
            new(IndicatorTypes.Ipv6, "2001:db8:5::10"),
            new(IndicatorTypes.Ipv4, "198.51.0.0/16"),
            new(IndicatorTypes.Domain, "evil-update.example.net"),
            new(IndicatorTypes.Domain, "mail.kizuna-power.co.jp"),
            new(IndicatorTypes.Domain, "kizunapower-login.example.com"),
            new(IndicatorTypes.Domain, "fs01.kizuna.local"),
            new(IndicatorTypes.Url, "hxxp://evil-update[.]example[.]net/payload.bin"),
            new(IndicatorTypes.Url, "https://portal.kizuna-power.co.jp/owa"),
            new(IndicatorTypes.Url, "http://198.51.100.10:8080/admin"),
            new(IndicatorTypes.Email, "invoice@evil.example.net"),
            new(IndicatorTypes.FileHash, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            new(IndicatorTypes.FileHash, "絆電力の端末から採取"),
            new(IndicatorTypes.Cve, "CVE-2024-3400", "Palo Alto GlobalProtect"),
            new(IndicatorTypes.Text, "SRV-DB01 上の不審なサービス"),
        ];

        var view = View(Content(indicators: indicators));

        Assert.Equal(
            [
                new Indicator(IndicatorTypes.Ipv4, "203.0.113.50", $"C2 サーバ、{Person}が確認"),
                new Indicator(IndicatorTypes.Domain, "evil-update.example.net"),
                new Indicator(IndicatorTypes.Url, "hxxp://evil-update[.]example[.]net/payload.bin"),
                new Indicator(IndicatorTypes.FileHash, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                new Indicator(IndicatorTypes.Cve, "CVE-2024-3400", "Palo Alto GlobalProtect"),
                new Indicator(IndicatorTypes.Text, $"{Host} 上の不審なサービス"),
            ],
            view.Indicators);
        Assert.Contains(new Redaction("Indicators", "ip", 3), view.Redactions);
        Assert.Contains(new Redaction("Indicators", "email", 1), view.Redactions);
        Assert.Contains(new Redaction("Indicators.Note", "person", 1), view.Redactions);
        Assert.Contains(new Redaction("Indicators.Value", "host", 1), view.Redactions);
        Assert.Equal(10, view.Redactions.Where(r => r.Field == "Indicators").Sum(r => r.Count));
    }

    // Rule 4: generalization until k organisations share sector, region and size.

    [Fact]
    public void Sanitize_EnoughPeersInPrefectureAndSize_PublishesPrefectureSizeAndHour()
    {
        var view = View(Content());

        Assert.Equal(("JP-13", "kanto", "large", "hour"), (view.RegionCode, view.AreaCode, view.SizeClass, view.TimePrecision));
        Assert.Equal(6, view.AnonymitySetSize);
        Assert.Equal(new DateTimeOffset(2025, 6, 3, 14, 0, 0, TimeSpan.FromHours(9)), view.OccurredAt);
        Assert.Equal(new DateTimeOffset(2025, 6, 3, 15, 0, 0, TimeSpan.FromHours(9)), view.DetectedAt);
        Assert.Null(view.RecoveredAt);
    }

    [Fact]
    public void Sanitize_TooFewInPrefecture_PublishesAreaAndSize()
    {
        var peers = new[] { "JP-13", "JP-14", "JP-14", "JP-11" }.Select((r, i) => OrgEntry($"EP{i}", $"第{i}電力", $"Power {i}", "electricity", r, "large"));

        var view = Sanitize(NewDirectory(peers)).View!;

        Assert.Equal((null, "kanto", "large", "hour", 5), (view.RegionCode, view.AreaCode, view.SizeClass, view.TimePrecision, view.AnonymitySetSize));
    }

    [Fact]
    public void Sanitize_TooFewOfSameSizeInArea_PublishesAreaOnlyAndDay()
    {
        var peers = new[] { "small", "medium", "medium", "large" }.Select((s, i) => OrgEntry($"EP{i}", $"第{i}電力", $"Power {i}", "electricity", "JP-14", s))
            .Append(OrgEntry("EPX", "西電力", "West Power", "electricity", "JP-27", "large"));

        var view = Sanitize(NewDirectory(peers)).View!;

        Assert.Equal((null, "kanto", null, "day", 5), (view.RegionCode, view.AreaCode, view.SizeClass, view.TimePrecision, view.AnonymitySetSize));
        Assert.Equal(new DateTimeOffset(2025, 6, 3, 0, 0, 0, TimeSpan.FromHours(9)), view.OccurredAt);
    }

    [Fact]
    public void Sanitize_TooFewInArea_PublishesSectorOnly()
    {
        var peers = new[] { "JP-27", "JP-27", "JP-01", "JP-40" }.Select((r, i) => OrgEntry($"EP{i}", $"第{i}電力", $"Power {i}", "electricity", r, "large"));

        var view = Sanitize(NewDirectory(peers)).View!;

        Assert.Equal((null, null, null, "day", 5), (view.RegionCode, view.AreaCode, view.SizeClass, view.TimePrecision, view.AnonymitySetSize));
    }

    [Fact]
    public void Sanitize_OrganisationsWithoutRegionOrSize_NeverCountForThem()
    {
        // 4 peers in Tokyo without a size and 4 without a region: only the sector reaches k.
        var peers = Enumerable.Range(0, 4).Select(i => OrgEntry($"EA{i}", $"第{i}電力", $"Power {i}", "electricity", "JP-13", null))
            .Concat(Enumerable.Range(0, 4).Select(i => OrgEntry($"EB{i}", $"第{i}送電", $"Grid {i}", "electricity", null, "large")));

        var view = Sanitize(NewDirectory(peers)).View!;

        Assert.Equal((null, "kanto", null, 5), (view.RegionCode, view.AreaCode, view.SizeClass, view.AnonymitySetSize));
    }

    [Fact]
    public void Sanitize_FewerThanKInSector_IsRefusedWithReason()
    {
        var peers = Enumerable.Range(0, 3).Select(i => OrgEntry($"EP{i}", $"第{i}電力", $"Power {i}", "electricity", "JP-13", "large"));

        var result = Sanitize(NewDirectory(peers));

        Assert.True(result.Refused);
        Assert.Null(result.View);
        Assert.StartsWith("Onward sharing is refused: fewer than 5 organisations in sector electricity", result.RefusalReason);
    }

    [Fact]
    public void Sanitize_MalformedReporterRange_IsRefused()
    {
        var result = new SourceSanitizer().Sanitize(Input(Content(), reporter: Reporter() with { IpRanges = ["198.51.100.0/33"] }));

        Assert.True(result.Refused);
        Assert.Contains("198.51.100.0/33", result.RefusalReason);
    }

    [Theory]
    [InlineData("2025-06-03T05:37:12+00:00", "Asia/Tokyo", "hour", "2025-06-03T05:00:00+00:00")]
    [InlineData("2025-06-03T20:30:00+00:00", "Asia/Tokyo", "day", "2025-06-03T15:00:00+00:00")] // 04 June 05:30 in Tokyo
    [InlineData("2025-06-03T14:37:12+09:00", "Not/AZone", "hour", "2025-06-03T14:00:00+09:00")]
    [InlineData("2025-06-03T10:50:00+00:00", "Asia/Kolkata", "hour", "2025-06-03T10:30:00+00:00")] // 16:20 IST → 16:00 IST
    [InlineData("2025-03-09T12:00:00-04:00", "America/New_York", "day", "2025-03-09T01:00:00-04:00")] // midnight EST, before the DST change
    public void Truncate_TimeInReporterZone_KeepsInputOffset(string input, string zone, string precision, string expected)
    {
        var value = DateTimeOffset.Parse(input, System.Globalization.CultureInfo.InvariantCulture);

        var truncated = TimeTruncation.Truncate(value, TimeTruncation.Zone(zone), precision == "day");

        Assert.Equal(expected, truncated!.Value.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
    }

    // Rule 5: what does not identify passes unchanged.

    [Fact]
    public void Sanitize_NonIdentifyingFields_PassUnchanged()
    {
        var content = Content() with { MaintenanceLevelBreached = true, SeverityDuration = 3, SeveritySafety = 4, EventTypes = ["intrusion", "malware-infection"], CauseTypes = ["vulnerability"] };

        var view = View(content);

        Assert.Equal("electricity", view.SectorCode);
        Assert.Equal(["electricity-supply"], view.CriticalServices);
        Assert.True(view.MaintenanceLevelBreached);
        Assert.Equal(["intrusion", "malware-infection"], view.EventTypes);
        Assert.Equal(["vulnerability"], view.CauseTypes);
        Assert.Equal((3, 4, 4), (view.SeverityDuration, view.SeveritySafety, view.Severity));
        Assert.Equal("制御系ネットワークでのマルウェア感染", view.Title);
    }

    private static SanitizeResult Sanitize(DirectorySnapshot directory) => new SourceSanitizer().Sanitize(Input(Content(), directory));
}
