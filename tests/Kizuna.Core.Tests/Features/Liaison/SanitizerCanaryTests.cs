using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Liaison.Anonymization;
using static Kizuna.Core.Tests.Features.Liaison.SanitizerFixture;

namespace Kizuna.Core.Tests.Features.Liaison;

/// <summary>
/// The reporter's identity planted as canaries, in many written forms, in every free-text field,
/// attachment name, indicator value and note: none may survive anywhere in the serialized view.
/// </summary>
public sealed class SanitizerCanaryTests
{
    /// <summary>A reporter whose every identifying detail is a distinctive canary.</summary>
    public static readonly ReporterProfile CanaryReporter = new(
        Guid.Parse("0190a000-0000-7000-8000-0000000000ca"), "KCNRY", "絆カナリア電力株式会社", "Kizuna Canary Power Co., Ltd.", "JP-13", "large",
        ["canary-power.co.jp"], ["192.0.2.0/24", "2001:db8:77::/48"], ["鷹野 瑞穂", "Mizuho Takano"]);

    /// <summary>The canonical forms that must not appear (compared folded: NFKC, lower case, no spaces or hyphens).</summary>
    public static readonly string[] Canaries =
    [
        "絆カナリア電力", "Kizuna Canary Power", "KCNRY", "鷹野瑞穂", "Mizuho Takano", "Takano Mizuho",
        "canary-power.co.jp", "canary-power", "192.0.2.77", "192.0.2.", "2001:db8:77:", "03-5555-0199", "5555-0199", "m.takano@", "takano@",
    ];

    /// <summary>One realistic sentence per written form of the canaries.</summary>
    public static TheoryData<string> Texts => new(
        "絆カナリア電力株式会社 情報システム部の鷹野 瑞穂です。社内端末 192.0.2.77 がC2と通信。連絡先 03-5555-0199、m.takano@canary-power.co.jp。",
        "(株)絆カナリア電力（KCNRY）鷹野瑞穂、TEL：０３－５５５５－０１９９、ｍ．ｔａｋａｎｏ＠ｃａｎａｒｙ－ｐｏｗｅｒ．ｃｏ．ｊｐ、１９２．０．２．７７",
        "Reported by MIZUHO TAKANO of KIZUNA CANARY POWER (kcnry); host vpn.canary-power.co.jp [192.0.2.77]; call +81-3-5555-0199.",
        "Takano Mizuho / Kizuna-Canary-Power / hxxps://portal[.]canary-power[.]co[.]jp/owa / m.takano[at]canary-power[.]co[.]jp / 192[.]0[.]2[.]77",
        "鷹野　瑞穂さんが https://www.canary-power.co.jp/login と http://[2001:db8:77::5]/ を確認、(03)5555-0199 まで。ＫＣＮＲＹ",
        "KizunaCanaryPower社のcanary-powerドメイン、鷹野さん、2001:db8:77::5、0355550199、takano@canary-power.co.jpにて");

    [Theory]
    [MemberData(nameof(Texts))]
    public void Sanitize_CanariesInEveryField_NeverSurviveInView(string text)
    {
        var content = Content(text) with
        {
            Title = text,
            Impact = text,
            ActionsTaken = text,
            HelpNeeded = text,
            Indicators =
            [
                new(IndicatorTypes.Text, text, text),
                new(IndicatorTypes.Ipv4, "192.0.2.77", text),
                new(IndicatorTypes.Ipv6, "2001:db8:77::5"),
                new(IndicatorTypes.Domain, "canary-power.co.jp"),
                new(IndicatorTypes.Domain, "canarypower-secure-login.example.com"),
                new(IndicatorTypes.Url, "https://portal.canary-power.co.jp/owa/"),
                new(IndicatorTypes.Email, "m.takano@canary-power.co.jp"),
                new(IndicatorTypes.FileHash, text),
                new(IndicatorTypes.Cve, "CVE-2024-3400", text),
                new(IndicatorTypes.Ipv4, "203.0.113.50", text),
            ],
        };
        var directory = NewDirectory([OrgEntry("KCNRY", CanaryReporter.NameJa, CanaryReporter.NameEn, "electricity", "JP-13", "large", CanaryReporter.OrganizationId)]);

        var result = new SourceSanitizer().Sanitize(Input(content, directory, k: 1, attachments: [text, $"{text}.xlsx", "鷹野_報告_192.0.2.77.docx"], reporter: CanaryReporter));

        Assert.False(result.Refused);
        var json = ToJson(result.View!);
        Assert.All(Canaries, canary => Assert.False(Leaks(json, canary), $"'{canary}' survived in {json}"));
        // Attacker infrastructure and CVEs are still there.
        Assert.Contains("203.0.113.50", json);
        Assert.Contains("CVE-2024-3400", json);
    }
}
