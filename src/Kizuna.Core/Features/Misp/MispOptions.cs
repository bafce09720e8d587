namespace Kizuna.Core.Features.Misp;

/// <summary>Limits of the MISP exchange and feed, bound from the <c>Misp</c> section and checked at start-up.</summary>
public sealed class MispOptions
{
    public const string Section = "Misp";

    /// <summary>Largest MISP document one import accepts, in bytes (413 above). Default 100 MiB.</summary>
    public long MaxEventBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Largest single attribute, object, tag list or galaxy list inside a document, in bytes (400 above). Default 4 MiB.</summary>
    public int MaxElementBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most events in one imported document (400 above).</summary>
    public int MaxEventsPerImport { get; set; } = 1_000;

    /// <summary>STIX objects stored per batch (one TAXII status and one transaction each).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Most events a MISP feed lists (the newest first).</summary>
    public int MaxFeedEvents { get; set; } = 500;

    /// <summary>Most failures an import summary names one by one (all are counted).</summary>
    public int MaxFailuresListed { get; set; } = 100;

    public IReadOnlyList<string> Problems()
    {
        var found = new List<string>();
        if (MaxEventBytes is < 1024 or > 4L * 1024 * 1024 * 1024) found.Add("Misp:MaxEventBytes must be between 1 KiB and 4 GiB.");
        if (MaxElementBytes is < 64 * 1024 or > 256 * 1024 * 1024) found.Add("Misp:MaxElementBytes must be between 64 KiB and 256 MiB.");
        if (MaxEventsPerImport is < 1 or > 100_000) found.Add("Misp:MaxEventsPerImport must be between 1 and 100000.");
        if (BatchSize is < 1 or > 5_000) found.Add("Misp:BatchSize must be between 1 and 5000 (and not above Taxii:MaxObjectsPerEnvelope).");
        if (MaxFeedEvents is < 1 or > 100_000) found.Add("Misp:MaxFeedEvents must be between 1 and 100000.");
        if (MaxFailuresListed is < 0 or > 10_000) found.Add("Misp:MaxFailuresListed must be between 0 and 10000.");
        return found;
    }
}
