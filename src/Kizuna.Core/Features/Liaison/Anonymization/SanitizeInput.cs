namespace Kizuna.Core.Features.Liaison.Anonymization;

/// <summary>Everything the sanitizer needs: the report, the reporter's identifying details, and the directory.</summary>
public sealed record SanitizeInput(
    ReportContent Content,
    IReadOnlyList<string> AttachmentNames,
    string Pseudonym,
    ReporterProfile Reporter,
    DirectorySnapshot Directory,
    int K);

/// <summary>What identifies the reporter: its organisation's names and network, and the people who act for it.</summary>
public sealed record ReporterProfile(
    Guid OrganizationId,
    string OrganizationCode,
    string NameJa,
    string NameEn,
    string? RegionCode,
    string? SizeClass,
    IReadOnlyList<string> Domains,
    IReadOnlyList<string> IpRanges,
    IReadOnlyList<string> PeopleNames);

/// <summary>The directory as the sanitizer sees it: every organisation's names, sectors, region and size, and every person's name.</summary>
public sealed record DirectorySnapshot(
    IReadOnlyList<DirectoryEntry> Organizations,
    IReadOnlyDictionary<string, string> AreaOfPrefecture,
    IReadOnlyList<string> PeopleNames);

public sealed record DirectoryEntry(Guid Id, string Code, string NameJa, string NameEn, IReadOnlyList<string> SectorCodes, string? RegionCode, string? SizeClass);
