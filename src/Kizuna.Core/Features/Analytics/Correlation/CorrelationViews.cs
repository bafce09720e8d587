namespace Kizuna.Core.Features.Analytics.Correlation;

/// <summary>The window a finding or lookup covers: whole UTC days, <see cref="From"/> inclusive, <see cref="To"/> exclusive.</summary>
public sealed record CorrelationWindow(DateTimeOffset From, DateTimeOffset To)
{
    public int Days => (int)Math.Round((To - From).TotalDays);
}

/// <summary>
/// Sightings in one sector as a viewer may learn them: <see cref="Visible"/> items it may see (exactly), and
/// <see cref="Others"/>, the items it may not see, only when at least <see cref="CorrelationOptions.MinimumCount"/>
/// of them (null: fewer, or none — the two are never told apart). TLP:RED and AMBER+STRICT items a viewer
/// may not see never count.
/// </summary>
public sealed record SectorCount(string SectorCode, int Visible, int? Others);

/// <summary>An item the viewer may see, as a finding lists it: no organisation, the report's pseudonym.</summary>
public sealed record CorrelatedItemRef(string Kind, Guid Id, string SectorCode, string? Pseudonym, string Tlp, DateTimeOffset At, string Link);

/// <summary>Finding (a): one observable seen in two or more sectors within the window (同一観測値の分野横断).</summary>
public sealed record SharedObservableFinding(
    Guid KeyId, string Type, string Value, int Sectors, IReadOnlyList<SectorCount> BySector, IReadOnlyList<CorrelatedItemRef> Items, DateTimeOffset LastSeen);

/// <summary>Finding (b): one event or cause type reported in <see cref="CorrelationOptions.MinWaveSectors"/> or more sectors within the window (同種事象の波).</summary>
public sealed record WaveFinding(string Dimension, string Code, string NameJa, string NameEn, int Sectors, IReadOnlyList<SectorCount> BySector, IReadOnlyList<CorrelatedItemRef> Items);

/// <summary>Finding (c): reports the viewer may see that share observables, a connected component cut to <see cref="CorrelationOptions.MaxClusterSize"/>.</summary>
public sealed record ClusterFinding(int Size, bool Truncated, IReadOnlyList<string> SectorCodes, IReadOnlyList<CorrelatedItemRef> Items, IReadOnlyList<SharedKey> SharedKeys);

public sealed record SharedKey(Guid KeyId, string Type, string Value, int Items);

/// <summary>A page of findings and whether the scan hit a limit (then the page may miss older findings: narrow the window).</summary>
public sealed record FindingsPage<T>(CorrelationWindow Window, IReadOnlyList<T> Items, int Page, int PageSize, int Total, bool Truncated, int MinimumCount);

/// <summary>What a viewer may learn about one value: thresholded counts by sector and the items it may see.</summary>
public sealed record ObservableLookup(
    Guid KeyId, string Type, string Value, CorrelationWindow Window, bool OnWarningList, bool OverCommon, int MinimumCount,
    IReadOnlyList<SectorCount> BySector, IReadOnlyList<CorrelatedItemRef> Items);

/// <summary>The index's size and the values it refuses to correlate.</summary>
public sealed record CorrelationStatus(long Occurrences, int OverCommonKeys, int WarningListEntries, int MaxOccurrencesPerKey, IReadOnlyList<OverCommonView>? OverCommon);

public sealed record OverCommonView(Guid KeyId, string Type, string Value, DateTimeOffset MarkedAt, long Skipped);

public sealed record CorrelationWarningView(Guid Id, string Type, string Value, string Note, string AddedBy, DateTimeOffset AddedAt);
