namespace Kizuna.Core.Disclosure;

/// <summary>What an <see cref="AudienceEntry"/> names.</summary>
public static class AudienceKind
{
    /// <summary>Every organisation of the community (value ignored).</summary>
    public const string Community = "community";
    /// <summary>One organisation, by id.</summary>
    public const string Organization = "organization";
    /// <summary>Every organisation in a sector, by sector code.</summary>
    public const string Sector = "sector";
    /// <summary>Every organisation of one kind (DESIGN §1), by kind code.</summary>
    public const string OrganizationKind = "kind";
    /// <summary>Every organisation of a trust tier.</summary>
    public const string TrustTier = "tier";

    public static readonly IReadOnlyList<string> All = [Community, Organization, Sector, OrganizationKind, TrustTier];
}
