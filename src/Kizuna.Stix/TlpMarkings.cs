namespace Kizuna.Stix;

/// <summary>
/// The official STIX 2.1 marking-definition ids of the TLP 2.0 markings
/// (extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d) and their display labels.
/// </summary>
public static class TlpMarkings
{
    /// <summary>The STIX marking-definition id of a TLP level.</summary>
    public static string StixId(Tlp tlp) => tlp switch
    {
        Tlp.Clear => "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
        Tlp.Green => "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        Tlp.Amber => "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
        Tlp.AmberStrict => "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        Tlp.Red => "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
        _ => throw new ArgumentOutOfRangeException(nameof(tlp), tlp, "Unknown TLP level."),
    };

    /// <summary>The label as written in TLP 2.0, e.g. <c>TLP:AMBER+STRICT</c>.</summary>
    public static string Label(Tlp tlp) => tlp switch
    {
        Tlp.Clear => "TLP:CLEAR",
        Tlp.Green => "TLP:GREEN",
        Tlp.Amber => "TLP:AMBER",
        Tlp.AmberStrict => "TLP:AMBER+STRICT",
        Tlp.Red => "TLP:RED",
        _ => throw new ArgumentOutOfRangeException(nameof(tlp), tlp, "Unknown TLP level."),
    };

    /// <summary>Parses a label with or without the <c>TLP:</c> prefix, case-insensitive ("AMBER+STRICT", "amber-strict", "TLP:RED").</summary>
    public static bool TryParse(string? text, out Tlp tlp)
    {
        var s = (text ?? "").Trim().ToUpperInvariant();
        if (s.StartsWith("TLP:", StringComparison.Ordinal)) s = s[4..];
        switch (s)
        {
            case "CLEAR" or "WHITE": tlp = Tlp.Clear; return true;
            case "GREEN": tlp = Tlp.Green; return true;
            case "AMBER": tlp = Tlp.Amber; return true;
            case "AMBER+STRICT" or "AMBER-STRICT" or "AMBERSTRICT": tlp = Tlp.AmberStrict; return true;
            case "RED": tlp = Tlp.Red; return true;
            default: tlp = default; return false;
        }
    }
}
