using BenchmarkDotNet.Attributes;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Liaison.Anonymization;

namespace Kizuna.Benchmarks;

/// <summary>
/// 秘匿化: one sanitized view of a realistic report (about 2,000 chars of Japanese free text with
/// names, addresses, numbers and hosts; 10 indicators; 3 attachments) against a generated directory
/// of 10,000 organisations and 20,000 people. <see cref="Sanitize"/> reuses the index cached for the
/// snapshot instance (the steady state); <see cref="BuildIndex"/> is the one-off cost per snapshot.
/// </summary>
/// <remarks>dotnet run -c Release --project bench/Kizuna.Benchmarks -- --filter '*SanitizerBenchmarks*' --job short</remarks>
[MemoryDiagnoser]
public class SanitizerBenchmarks
{
    private static readonly string[] Kanji = [.. "東西南北山川田中村松本井上木下森林石原小大高橋野口藤吉岡島崎宮沢坂今光明和平安信栄富士豊国新旭日月星桜梅竹鶴亀金銀朝夕春秋".Select(c => c.ToString())];
    private static readonly string[] Syllables = ["ka", "ki", "ta", "to", "na", "mi", "sa", "ri", "yo", "ha", "shi", "ku", "mo", "ra", "ne", "wa", "ko", "se", "hi", "ma"];
    private static readonly (string Sector, string Ja, string En)[] Kinds =
    [
        ("electricity", "電力株式会社", "Electric Power Co., Ltd."), ("gas", "ガス株式会社", "Gas Co., Ltd."), ("finance", "銀行", "Bank, Ltd."),
        ("railway", "鉄道株式会社", "Railway Co."), ("water", "市水道局", "City Waterworks"), ("telecom", "通信株式会社", "Telecom Inc."),
        ("medical", "病院", "Hospital"), ("logistics", "運輸株式会社", "Logistics Corp."),
    ];
    private static readonly string[] Families = [.. "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤 清水 山崎 森 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 青木 坂本".Split(' ')];
    private static readonly string[] Givens = [.. "太郎 次郎 花子 一郎 健太 翔太 美咲 陽子 大輔 直樹 由美 恵子 誠 修 明 学 聡 亮 彩 愛".Split(' ')];

    private readonly SourceSanitizer _sanitizer = new();
    private SanitizeInput _input = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(20250603);
        var prefectures = Enumerable.Range(1, 47).Select(i => $"JP-{i:00}").ToArray();
        var areas = prefectures.ToDictionary(p => p, p => int.Parse(p[3..]) switch
        {
            1 => "hokkaido",
            <= 7 => "tohoku",
            <= 14 => "kanto",
            <= 23 => "chubu",
            <= 30 => "kinki",
            <= 35 => "chugoku",
            <= 39 => "shikoku",
            _ => "kyushu",
        });
        string?[] sizes = ["large", "medium", "small", null];
        var orgs = new List<DirectoryEntry>(10_000);
        var reporterId = Guid.CreateVersion7();
        orgs.Add(new DirectoryEntry(reporterId, "KZEP", "絆電力株式会社", "Kizuna Electric Power Co., Ltd.", ["electricity"], "JP-13", "large"));
        for (var i = 1; i < 10_000; i++)
        {
            var kind = Kinds[rng.Next(Kinds.Length)];
            var ja = string.Concat(Enumerable.Range(0, 2 + rng.Next(2)).Select(_ => Kanji[rng.Next(Kanji.Length)])) + kind.Ja;
            var word = string.Concat(Enumerable.Range(0, 2 + rng.Next(3)).Select(_ => Syllables[rng.Next(Syllables.Length)]));
            var en = char.ToUpperInvariant(word[0]) + word[1..] + " " + kind.En;
            orgs.Add(new DirectoryEntry(Guid.CreateVersion7(), $"ORG{i:00000}", ja, en, [kind.Sector], prefectures[rng.Next(47)], sizes[rng.Next(4)]));
        }
        var people = new List<string>(20_000);
        for (var i = 0; i < 10_000; i++)
        {
            var family = Families[rng.Next(Families.Length)];
            var given = Givens[rng.Next(Givens.Length)] + (i % 7 == 0 ? "" : Kanji[rng.Next(Kanji.Length)]);
            people.Add($"{family} {given}");
            people.Add($"{Romanize(rng)} {Romanize(rng)}");
        }
        var directory = new DirectorySnapshot(orgs, areas, people);
        var reporter = new ReporterProfile(reporterId, "KZEP", "絆電力株式会社", "Kizuna Electric Power Co., Ltd.", "JP-13", "large",
            ["kizuna-power.co.jp", "kizuna-power.jp"], ["198.51.100.0/24", "203.0.113.128/25", "2001:db8:5::/48"], ["山田 太郎", "Taro Yamada", "佐藤 花子", "Hanako Sato"]);
        _input = new SanitizeInput(Report(), ["絆電力_第1報_SRV-DB01.xlsx", "pcap_198.51.100.23_20250603.pcapng", "screenshot.png"], "報告者-7Q4M", reporter, directory, 5);
        _sanitizer.Prepare(directory);
        if (_sanitizer.Sanitize(_input).Refused) throw new InvalidOperationException("the benchmark report must not be refused");
    }

    private static string Romanize(Random rng)
    {
        var w = string.Concat(Enumerable.Range(0, 2 + rng.Next(2)).Select(_ => Syllables[rng.Next(Syllables.Length)]));
        return char.ToUpperInvariant(w[0]) + w[1..];
    }

    private static ReportContent Report()
    {
        const string description = """
            2025年6月3日 14時37分頃、絆電力株式会社 系統運用部の監視端末（PC-1234、WS0231）において、EDR がマルウェアの実行を検知した。
            当該端末は制御系ネットワークと業務系ネットワークの境界に設置された中継サーバ SRV-DB01（fs01.kizuna.local）へ SMB で接続しており、
            \\FILESV01\share 配下に不審なファイル invoice_0603.zip が配置されていた。初動対応は情報システム部の山田 太郎（内線 1234、
            TEL 03-1234-5678、携帯 090-1234-5678、taro.yamada@kizuna-power.co.jp）が実施し、佐藤課長へ報告した。
            社内 IP アドレス 198.51.100.23 および 198.51.100.45 から、外部の C2 サーバ 203.0.113.50（evil-update.example.net）へ
            HTTPS 通信が 15 分間隔で発生していた。VPN 装置 vpn.kizuna-power.co.jp（2001:db8:5::10）の脆弱性 CVE-2024-3400 を悪用された可能性がある。
            攻撃グループは APT29 の手口に類似しており、送信元 invoice@evil.example.net から標的型メールが届いていた。
            東都ガス株式会社 および Naniwa Bank からも同種のメールの受信報告があり、NISC へ連絡済み。SHA256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """;
        return new ReportContent
        {
            SectorCode = "electricity",
            CriticalServices = ["electricity-supply"],
            MaintenanceLevelBreached = false,
            EventTypes = ["malware-infection", "intrusion"],
            CauseTypes = ["suspicious-mail", "vulnerability"],
            SeverityDuration = 2,
            SeveritySafety = 1,
            OccurredAt = new DateTimeOffset(2025, 6, 3, 14, 37, 12, TimeSpan.FromHours(9)),
            DetectedAt = new DateTimeOffset(2025, 6, 3, 15, 5, 0, TimeSpan.FromHours(9)),
            TimeZone = "Asia/Tokyo",
            Title = "絆電力 制御系境界サーバ SRV-DB01 でのマルウェア感染（第1報）",
            Description = description,
            Impact = "電力供給への影響なし。業務系のファイル共有（https://portal.kizuna-power.co.jp/share）を 6 時間停止。顧客情報の漏えいは確認されていない。",
            ActionsTaken = "PC-1234 と WS0231 をネットワークから隔離、198.51.100.0/24 から 203.0.113.50 への通信を FW で遮断。JPCERT/CC（+81-3-6271-8901）に相談。",
            HelpNeeded = "同種の C2 通信（evil-update.example.net）の観測情報を求む。連絡は soc@kizuna-power.co.jp または 0120-123-456 まで。",
            Indicators =
            [
                new(IndicatorTypes.Ipv4, "203.0.113.50", "C2 サーバ"),
                new(IndicatorTypes.Ipv4, "198.51.100.23", "社内の感染端末"),
                new(IndicatorTypes.Ipv6, "2001:db8:5::10"),
                new(IndicatorTypes.Domain, "evil-update.example.net"),
                new(IndicatorTypes.Domain, "vpn.kizuna-power.co.jp"),
                new(IndicatorTypes.Url, "hxxps://evil-update[.]example[.]net/gate.php"),
                new(IndicatorTypes.Email, "invoice@evil.example.net"),
                new(IndicatorTypes.FileHash, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                new(IndicatorTypes.Cve, "CVE-2024-3400", "Palo Alto GlobalProtect"),
                new(IndicatorTypes.Text, "山田が SRV-DB01 で確認した不審なサービス名 UpdateSvc"),
            ],
        };
    }

    [Benchmark]
    public SanitizeResult Sanitize() => _sanitizer.Sanitize(_input);

    [Benchmark]
    public void BuildIndex() => new SourceSanitizer().Prepare(_input.Directory);
}
