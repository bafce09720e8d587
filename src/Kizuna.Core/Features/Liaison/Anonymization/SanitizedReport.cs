namespace Kizuna.Core.Features.Liaison.Anonymization;

/// <summary>
/// The sanitized view (秘匿化された内容): what leaves the reporter's chosen circle. It carries a
/// pseudonym instead of the reporter, redacted free text and attachment names, and quasi-identifiers
/// generalized until at least <see cref="AnonymitySetSize"/> ≥ k organisations share them.
/// </summary>
public sealed record SanitizedReport(
    string Pseudonym,
    string SectorCode,
    /// <summary>Prefecture code, or null when generalized away.</summary>
    string? RegionCode,
    /// <summary>Area code (e.g. kanto), or null when generalized away.</summary>
    string? AreaCode,
    string? SizeClass,
    /// <summary><c>hour</c> or <c>day</c>: how far the times were truncated.</summary>
    string TimePrecision,
    DateTimeOffset? OccurredAt,
    DateTimeOffset? DetectedAt,
    DateTimeOffset? RecoveredAt,
    IReadOnlyList<string> CriticalServices,
    bool? MaintenanceLevelBreached,
    IReadOnlyList<string> EventTypes,
    IReadOnlyList<string> CauseTypes,
    int SeverityDuration,
    int SeveritySafety,
    string Title,
    string Description,
    string Impact,
    string ActionsTaken,
    string HelpNeeded,
    IReadOnlyList<Indicator> Indicators,
    IReadOnlyList<string> AttachmentNames,
    /// <summary>How many directory organisations share the published sector, region and size (≥ k).</summary>
    int AnonymitySetSize,
    /// <summary>What was changed, field by field, for the reporter's preview.</summary>
    IReadOnlyList<Redaction> Redactions)
{
    public int Severity => Math.Max(SeverityDuration, SeveritySafety);
}

/// <summary>One change the sanitizer made: in which field, what kind, and how often.</summary>
public sealed record Redaction(string Field, string Kind, int Count);

/// <summary>Either a sanitized view, or a refusal to share onward with its reason.</summary>
public sealed record SanitizeResult(SanitizedReport? View, string? RefusalReason)
{
    public bool Refused => View is null;
}
