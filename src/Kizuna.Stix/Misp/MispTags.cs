namespace Kizuna.Stix.Misp;

/// <summary>MISP's <c>tlp:*</c> tags (the MISP taxonomy <c>tlp</c>) and TLP 2.0 levels.</summary>
public static class MispTags
{
    /// <summary>The level of one tag: <c>tlp:white</c> and <c>tlp:clear</c> are CLEAR, then green, amber, <c>amber+strict</c>, red; null for any other tag.</summary>
    public static Tlp? TlpOf(string tag)
    {
        var t = tag.Trim().ToLowerInvariant();
        if (!t.StartsWith("tlp:", StringComparison.Ordinal)) return null;
        return t[4..] switch
        {
            "white" or "clear" => Stix.Tlp.Clear,
            "green" => Stix.Tlp.Green,
            "amber" => Stix.Tlp.Amber,
            "amber+strict" => Stix.Tlp.AmberStrict,
            "red" => Stix.Tlp.Red,
            _ => null,
        };
    }

    /// <summary>The most restrictive TLP among tags, or null when none is a TLP tag.</summary>
    public static Tlp? Tlp(IEnumerable<string> tags)
    {
        Tlp? found = null;
        foreach (var tag in tags)
            if (TlpOf(tag) is { } level && (found is null || level > found)) found = level;
        return found;
    }

    /// <summary>The tag MISP uses for a level (<c>tlp:clear</c>, <c>tlp:amber+strict</c>…).</summary>
    public static string TagOf(Tlp tlp) => "tlp:" + TlpMarkings.Label(tlp)[4..].ToLowerInvariant();

    /// <summary>The tag colour MISP's TLP taxonomy uses, for feed manifests.</summary>
    public static string ColourOf(Tlp tlp) => tlp switch
    {
        Stix.Tlp.Clear => "#ffffff",
        Stix.Tlp.Green => "#33ff00",
        Stix.Tlp.Amber => "#ffc000",
        Stix.Tlp.AmberStrict => "#ffc000",
        _ => "#ff2b2b",
    };
}
