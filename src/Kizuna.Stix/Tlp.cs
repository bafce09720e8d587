namespace Kizuna.Stix;

/// <summary>
/// Traffic Light Protocol 2.0 levels, ordered from least to most restrictive.
/// The numeric order is meaningful: a higher value never discloses more than a lower one.
/// </summary>
public enum Tlp
{
    /// <summary>TLP:CLEAR — disclosure is not limited.</summary>
    Clear = 0,
    /// <summary>TLP:GREEN — limited to the community.</summary>
    Green = 1,
    /// <summary>TLP:AMBER — limited to the recipients' organisations and their clients on a need-to-know basis.</summary>
    Amber = 2,
    /// <summary>TLP:AMBER+STRICT — limited to the recipients' organisations only.</summary>
    AmberStrict = 3,
    /// <summary>TLP:RED — for the named recipients only.</summary>
    Red = 4,
}
