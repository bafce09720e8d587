using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Liaison.Anonymization;

namespace Kizuna.Core.Tests.Features.Liaison;

/// <summary>A small directory around one reporter, 絆電力 (an electricity operator in Tokyo), and helpers to sanitize and search views.</summary>
internal static class SanitizerFixture
{
    public static readonly Guid ReporterId = Guid.Parse("0190a000-0000-7000-8000-000000000001");

    public static readonly IReadOnlyDictionary<string, string> Areas = new Dictionary<string, string>
    {
        ["JP-01"] = "hokkaido",
        ["JP-11"] = "kanto",
        ["JP-13"] = "kanto",
        ["JP-14"] = "kanto",
        ["JP-23"] = "chubu",
        ["JP-26"] = "kinki",
        ["JP-27"] = "kinki",
        ["JP-40"] = "kyushu",
    };

    public static ReporterProfile Reporter(string? region = "JP-13", string? size = "large") => new(
        ReporterId, "KZEP", "絆電力株式会社", "Kizuna Electric Power Co., Ltd.", region, size,
        ["kizuna-power.co.jp"], ["198.51.100.0/24", "2001:db8:5::/48"], ["山田 太郎", "Taro Yamada", "佐藤 花子"]);

    public static DirectoryEntry OrgEntry(string code, string nameJa, string nameEn, string sector, string? region, string? size, Guid? id = null) =>
        new(id ?? Guid.NewGuid(), code, nameJa, nameEn, [sector], region, size);

    /// <summary>
    /// The reporter plus other organisations; by default 6 electricity operators in Tokyo of size
    /// large (so k = 5 publishes prefecture and size), plus gas, finance and the coordinator.
    /// </summary>
    public static DirectorySnapshot NewDirectory(IEnumerable<DirectoryEntry>? electricity = null)
    {
        var orgs = new List<DirectoryEntry>
        {
            OrgEntry("KZEP", "絆電力株式会社", "Kizuna Electric Power Co., Ltd.", "electricity", "JP-13", "large", ReporterId),
            OrgEntry("TOTOGAS", "東都ガス株式会社", "Toto Gas Co., Ltd.", "gas", "JP-13", "large"),
            OrgEntry("NNWB", "株式会社なにわ銀行", "Naniwa Bank, Ltd.", "finance", "JP-27", "medium"),
            OrgEntry("NISC", "内閣サイバーセキュリティセンター", "National center of Incident readiness and Strategy for Cybersecurity", "government", "JP-13", null),
            OrgEntry("JP", "日本通信", "Japan Telecom", "telecom", "JP-13", "large"),
        };
        orgs.AddRange(electricity ?? Enumerable.Range(1, 5).Select(i =>
            OrgEntry($"EP{i:00}", $"第{i}電力株式会社", $"Power Company No.{i}", "electricity", "JP-13", "large")));
        return new DirectorySnapshot(orgs, Areas, ["鈴木 一郎", "Ichiro Suzuki", "高橋 次郎"]);
    }

    public static ReportContent Content(string description = "", IReadOnlyList<Indicator>? indicators = null) => new()
    {
        SectorCode = "electricity",
        CriticalServices = ["electricity-supply"],
        MaintenanceLevelBreached = false,
        EventTypes = ["malware-infection"],
        CauseTypes = ["suspicious-mail"],
        SeverityDuration = 2,
        SeveritySafety = 1,
        OccurredAt = new DateTimeOffset(2025, 6, 3, 14, 37, 12, TimeSpan.FromHours(9)),
        DetectedAt = new DateTimeOffset(2025, 6, 3, 15, 5, 0, TimeSpan.FromHours(9)),
        RecoveredAt = null,
        TimeZone = "Asia/Tokyo",
        Title = "制御系ネットワークでのマルウェア感染",
        Description = description,
        Impact = "",
        ActionsTaken = "",
        HelpNeeded = "",
        Indicators = indicators ?? [],
    };

    public static SanitizeInput Input(ReportContent content, DirectorySnapshot? directory = null, int k = 5,
        IReadOnlyList<string>? attachments = null, ReporterProfile? reporter = null) =>
        new(content, attachments ?? [], "報告者-7Q4M", reporter ?? Reporter(), directory ?? NewDirectory(), k);

    private static readonly SourceSanitizer Shared = new();
    private static readonly DirectorySnapshot SharedDirectory = NewDirectory();

    /// <summary>Sanitizes with the default directory (cached index) and returns the view, failing if refused.</summary>
    public static SanitizedReport View(ReportContent content, IReadOnlyList<string>? attachments = null)
    {
        var result = Shared.Sanitize(Input(content, SharedDirectory, attachments: attachments));
        Assert.False(result.Refused, result.RefusalReason);
        return result.View!;
    }

    /// <summary>The description after sanitizing a report whose description is <paramref name="text"/>.</summary>
    public static string Redacted(string text) => View(Content(text)).Description;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The view as JSON, with any remaining \uXXXX escapes decoded so that a search sees every char.</summary>
    public static string ToJson(SanitizedReport view)
    {
        var json = JsonSerializer.Serialize(view, Json);
        return Regex.Replace(json, @"\\u([0-9a-fA-F]{4})", m => ((char)int.Parse(m.Groups[1].Value, NumberStyles.HexNumber)).ToString());
    }

    /// <summary>
    /// Whether <paramref name="secret"/> survives in <paramref name="haystack"/> in any written form:
    /// compared after NFKC (full-width to half-width), lower case, and with spaces and hyphens removed.
    /// </summary>
    public static bool Leaks(string haystack, string secret) => Fold(haystack).Contains(Fold(secret), StringComparison.Ordinal);

    private static string Fold(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s.Normalize(NormalizationForm.FormKC).ToLowerInvariant())
        {
            if (!char.IsWhiteSpace(c) && c is not '-' and not '_' and not '・') sb.Append(c);
        }
        return sb.ToString();
    }
}
