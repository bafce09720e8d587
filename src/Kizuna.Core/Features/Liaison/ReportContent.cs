namespace Kizuna.Core.Features.Liaison;

/// <summary>
/// What a liaison report (情報連絡) says: one full snapshot, as written by the reporter. Every
/// submission (第1報, 続報, 最終報) stores a whole <see cref="ReportContent"/>, never a diff.
/// </summary>
public sealed record ReportContent
{
    public string SectorCode { get; init; } = "";
    /// <summary>Codes of the affected critical services (別紙2).</summary>
    public IReadOnlyList<string> CriticalServices { get; init; } = [];
    /// <summary>Whether the service maintenance level (サービス維持レベル) was breached; null when not yet known.</summary>
    public bool? MaintenanceLevelBreached { get; init; }
    /// <summary>Event type codes (別紙3 事象), several allowed.</summary>
    public IReadOnlyList<string> EventTypes { get; init; } = [];
    /// <summary>Cause type codes (別紙3 原因), several allowed.</summary>
    public IReadOnlyList<string> CauseTypes { get; init; } = [];
    /// <summary>Severity on the duration/extent axis (持続性), 0–4.</summary>
    public int SeverityDuration { get; init; }
    /// <summary>Severity on the safety axis (安全性), 0–4.</summary>
    public int SeveritySafety { get; init; }
    /// <summary>The overall severity (深刻度): the worst axis.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Severity => Math.Max(SeverityDuration, SeveritySafety);
    public DateTimeOffset? OccurredAt { get; init; }
    public DateTimeOffset? DetectedAt { get; init; }
    public DateTimeOffset? RecoveredAt { get; init; }
    /// <summary>IANA time zone the reporter wrote its times in (default Asia/Tokyo).</summary>
    public string TimeZone { get; init; } = "Asia/Tokyo";
    public string Title { get; init; } = "";
    public string Description { get; init; } = "";
    public string Impact { get; init; } = "";
    public string ActionsTaken { get; init; } = "";
    public string HelpNeeded { get; init; } = "";
    public IReadOnlyList<Indicator> Indicators { get; init; } = [];
}

/// <summary>An indicator: <see cref="Type"/> is one of <see cref="IndicatorTypes"/>.</summary>
public sealed record Indicator(string Type, string Value, string? Note = null);

public static class IndicatorTypes
{
    public const string Ipv4 = "ipv4";
    public const string Ipv6 = "ipv6";
    public const string Domain = "domain";
    public const string Url = "url";
    public const string FileHash = "file-hash";
    public const string Email = "email";
    public const string Cve = "cve";
    public const string Text = "text";

    public static readonly IReadOnlyList<string> All = [Ipv4, Ipv6, Domain, Url, FileHash, Email, Cve, Text];
}
