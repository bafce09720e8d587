namespace Kizuna.Core.Features.Analytics.Correlation;

/// <summary>Limits of the correlation index and its findings (section <c>Correlation</c>), validated at start-up.</summary>
public sealed class CorrelationOptions
{
    public const string Section = "Correlation";

    /// <summary>Occurrences stored per key; beyond it the key is over-common: counted, not stored, reported.</summary>
    public int MaxOccurrencesPerKey { get; set; } = 10_000;
    /// <summary>Items a viewer may not see are shown per sector only as a count, and only when at least this many.</summary>
    public int MinimumCount { get; set; } = 3;
    /// <summary>The longest window a finding or lookup may span, in days.</summary>
    public int MaxWindowDays { get; set; } = 366;
    /// <summary>Sectors a wave of one event or cause type must reach.</summary>
    public int MinWaveSectors { get; set; } = 3;
    /// <summary>Keys a findings request considers (the newest first); beyond it the answer says it was cut.</summary>
    public int MaxCandidateKeys { get; set; } = 5_000;
    /// <summary>Occurrences a findings request reads; beyond it the answer says it was cut.</summary>
    public int MaxScannedOccurrences { get; set; } = 200_000;
    /// <summary>Items in one cluster of reports sharing observables; a larger component is cut and marked.</summary>
    public int MaxClusterSize { get; set; } = 50;
    /// <summary>Observables read from one item (a huge STIX bundle object or report); the rest are ignored and logged.</summary>
    public int MaxObservablesPerItem { get; set; } = 1_000;

    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (MaxOccurrencesPerKey is < 1 or > 10_000_000) p.Add("Correlation:MaxOccurrencesPerKey must be between 1 and 10,000,000.");
        if (MinimumCount is < 1 or > 1000) p.Add("Correlation:MinimumCount must be between 1 and 1000.");
        if (MaxWindowDays is < 1 or > 3660) p.Add("Correlation:MaxWindowDays must be between 1 and 3660.");
        if (MinWaveSectors is < 2 or > 100) p.Add("Correlation:MinWaveSectors must be between 2 and 100.");
        if (MaxCandidateKeys is < 10 or > 1_000_000) p.Add("Correlation:MaxCandidateKeys must be between 10 and 1,000,000.");
        if (MaxScannedOccurrences is < 100 or > 10_000_000) p.Add("Correlation:MaxScannedOccurrences must be between 100 and 10,000,000.");
        if (MaxClusterSize is < 2 or > 10_000) p.Add("Correlation:MaxClusterSize must be between 2 and 10,000.");
        if (MaxObservablesPerItem is < 1 or > 100_000) p.Add("Correlation:MaxObservablesPerItem must be between 1 and 100,000.");
        return p;
    }
}
