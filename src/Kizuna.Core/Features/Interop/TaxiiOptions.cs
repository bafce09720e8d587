namespace Kizuna.Core.Features.Interop;

/// <summary>Limits of the TAXII 2.1 server, bound from the <c>Taxii</c> section and checked at start-up.</summary>
public sealed class TaxiiOptions
{
    public const string Section = "Taxii";

    /// <summary>Largest envelope a client may POST, in bytes (413 above). Default 10 MiB.</summary>
    public long MaxEnvelopeBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>Most objects in one posted envelope (400 above).</summary>
    public int MaxObjectsPerEnvelope { get; set; } = 10_000;

    /// <summary>Objects per page when the client gives no <c>limit</c>.</summary>
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>Largest <c>limit</c> honoured; a larger one is lowered to it (TAXII lets the server page smaller than asked).</summary>
    public int MaxPageSize { get; set; } = 1_000;

    public IReadOnlyList<string> Problems()
    {
        var found = new List<string>();
        if (MaxEnvelopeBytes is < 1024 or > 1024L * 1024 * 1024) found.Add("Taxii:MaxEnvelopeBytes must be between 1 KiB and 1 GiB.");
        if (MaxObjectsPerEnvelope is < 1 or > 100_000) found.Add("Taxii:MaxObjectsPerEnvelope must be between 1 and 100000.");
        if (MaxPageSize is < 1 or > 10_000) found.Add("Taxii:MaxPageSize must be between 1 and 10000.");
        if (DefaultPageSize < 1 || DefaultPageSize > MaxPageSize) found.Add("Taxii:DefaultPageSize must be between 1 and Taxii:MaxPageSize.");
        return found;
    }
}
