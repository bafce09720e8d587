namespace Kizuna.Core.Features.Interop;

/// <summary>Limits of the intelligence search (<c>/intel</c>, <c>GET /api/v1/intel</c>), bound from the <c>Intel</c> section and checked at start-up.</summary>
public sealed class IntelOptions
{
    public const string Section = "Intel";

    /// <summary>Rows per page when the caller gives no <c>limit</c>.</summary>
    public int DefaultPageSize { get; set; } = 50;

    /// <summary>Largest <c>limit</c> accepted (400 above).</summary>
    public int MaxPageSize { get; set; } = 200;

    /// <summary>Longest free-text query accepted, in characters (400 above).</summary>
    public int MaxQueryLength { get; set; } = 200;

    /// <summary>Most related objects (references both ways) a detail lists.</summary>
    public int MaxRelated { get; set; } = 50;

    public IReadOnlyList<string> Problems()
    {
        var found = new List<string>();
        if (MaxPageSize is < 1 or > 1_000) found.Add("Intel:MaxPageSize must be between 1 and 1000.");
        if (DefaultPageSize < 1 || DefaultPageSize > MaxPageSize) found.Add("Intel:DefaultPageSize must be between 1 and Intel:MaxPageSize.");
        if (MaxQueryLength is < 1 or > 2_000) found.Add("Intel:MaxQueryLength must be between 1 and 2000.");
        if (MaxRelated is < 0 or > 1_000) found.Add("Intel:MaxRelated must be between 0 and 1000.");
        return found;
    }
}
