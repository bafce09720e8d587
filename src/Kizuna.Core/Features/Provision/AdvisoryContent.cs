using Kizuna.Core.Features.Liaison;

namespace Kizuna.Core.Features.Provision;

/// <summary>
/// What an advisory (情報提供) says: one whole snapshot, as the author wrote it. A correction
/// stores a new whole snapshot as a new revision, never a diff.
/// </summary>
public sealed record AdvisoryContent
{
    public string Title { get; init; } = "";
    /// <summary>A plain-text summary (shown in lists, e-mails and feeds where the TLP allows).</summary>
    public string Summary { get; init; } = "";
    /// <summary>The body in Markdown; rendered through <see cref="Markdown.AdvisoryMarkdown"/> only.</summary>
    public string Body { get; init; } = "";
    /// <summary>0 情報 info, 1 低 low, 2 中 medium, 3 高 high, 4 緊急 critical. High and critical are urgent.</summary>
    public int Severity { get; init; }
    /// <summary>Recommended actions (推奨対策), one per entry.</summary>
    public IReadOnlyList<string> RecommendedActions { get; init; } = [];
    /// <summary>Affected products, one per entry (vendor, product, versions).</summary>
    public IReadOnlyList<string> AffectedProducts { get; init; } = [];
    /// <summary>CVE identifiers (CVE-YYYY-NNNN…).</summary>
    public IReadOnlyList<string> Cves { get; init; } = [];
    public IReadOnlyList<Indicator> Indicators { get; init; } = [];
    /// <summary>Liaison reports this advisory relates to; only their sanitized views are ever shown.</summary>
    public IReadOnlyList<Guid> RelatedReportIds { get; init; } = [];
    /// <summary>One of <see cref="AdvisoryLanguages"/>: the language the content is written in.</summary>
    public string Language { get; init; } = AdvisoryLanguages.Japanese;
    /// <summary>When recipients should have answered (applied / not applicable …), if the author asks for an answer.</summary>
    public DateTimeOffset? ResponseDeadline { get; init; }
}

public static class AdvisoryLanguages
{
    public const string Japanese = "ja";
    public const string English = "en";
    public const string Both = "ja+en";
    public static readonly IReadOnlyList<string> All = [Japanese, English, Both];
}

public static class AdvisorySeverity
{
    public const int Min = 0;
    public const int Max = 4;
    /// <summary>From this severity on an advisory is urgent: quiet hours do not hold it back.</summary>
    public const int Urgent = 3;

    public static string Label(int severity, bool japanese) => severity switch
    {
        0 => japanese ? "情報" : "Info",
        1 => japanese ? "低" : "Low",
        2 => japanese ? "中" : "Medium",
        3 => japanese ? "高" : "High",
        _ => japanese ? "緊急" : "Critical",
    };
}
