using Kizuna.Core.Errors;

namespace Kizuna.Core.Features.Directory;

/// <summary>
/// An organisation in the programme's directory (組織). Its <see cref="Code"/> is short, unique and
/// stable (the coordinator is <c>NISC</c>, ministries their usual abbreviations); scripts name
/// organisations by it.
/// </summary>
public sealed class Organization
{
    public const int MaxCodeLength = 32;
    public const int MaxNameLength = 200;

    private Organization() { }

    public Organization(string code, string nameJa, string nameEn, string kind, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        Code = code;
        Kind = kind;
        CreatedAt = now;
        Rename(nameJa, nameEn, now);
        if (!OrganizationKinds.IsKnown(kind)) throw new InputException("kind", $"Unknown organisation kind '{kind}'.");
    }

    public Guid Id { get; private set; }
    public string Code { get; private set; } = "";
    public string NameJa { get; private set; } = "";
    public string NameEn { get; private set; } = "";
    /// <summary>One of <see cref="OrganizationKinds"/>.</summary>
    public string Kind { get; private set; } = "";
    /// <summary>Prefecture code (ISO 3166-2:JP, e.g. <c>JP-13</c>), or null.</summary>
    public string? RegionCode { get; private set; }
    /// <summary><c>large</c>, <c>medium</c>, <c>small</c> or null.</summary>
    public string? SizeClass { get; private set; }
    /// <summary><c>tier1</c> (第一類), <c>tier2</c> (第二類), <c>general</c> or null.</summary>
    public string? TrustTier { get; private set; }
    /// <summary>Registered internet domains (used by source anonymization).</summary>
    public List<string> Domains { get; private set; } = [];
    /// <summary>Registered IP ranges in CIDR form (used by source anonymization).</summary>
    public List<string> IpRanges { get; private set; } = [];
    public List<Contact> Contacts { get; private set; } = [];
    public List<Sector> Sectors { get; private set; } = [];
    /// <summary>CEPTOARs this organisation is a member of.</summary>
    public List<Ceptoar> Ceptoars { get; private set; } = [];
    /// <summary>True for the fictitious organisations created by <c>--demo</c>.</summary>
    public bool IsDemo { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public void Rename(string nameJa, string nameEn, DateTimeOffset now)
    {
        NameJa = nameJa.Trim();
        NameEn = nameEn.Trim();
        UpdatedAt = now;
    }

    public void MarkDemo() => IsDemo = true;

    public void Describe(string? regionCode, string? sizeClass, string? trustTier, DateTimeOffset now)
    {
        if (sizeClass is not null && !OrganizationKinds.SizeClasses.Contains(sizeClass))
            throw new InputException("sizeClass", $"Unknown size class '{sizeClass}'; use large, medium or small.");
        if (trustTier is not null && !OrganizationKinds.TrustTiers.Contains(trustTier))
            throw new InputException("trustTier", $"Unknown trust tier '{trustTier}'; use tier1, tier2 or general.");
        RegionCode = regionCode;
        SizeClass = sizeClass;
        TrustTier = trustTier;
        UpdatedAt = now;
    }

    public void SetNetwork(IEnumerable<string> domains, IEnumerable<string> ipRanges, DateTimeOffset now)
    {
        Domains = domains.Select(d => d.Trim().ToLowerInvariant()).Where(d => d.Length > 0).Distinct().ToList();
        IpRanges = ipRanges.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct().ToList();
        UpdatedAt = now;
    }

    public void SetContacts(IEnumerable<Contact> contacts, DateTimeOffset now)
    {
        Contacts = contacts.ToList();
        UpdatedAt = now;
    }

    public void JoinSector(Sector sector)
    {
        if (!Sectors.Contains(sector)) Sectors.Add(sector);
    }

    public void JoinCeptoar(Ceptoar ceptoar)
    {
        if (!Ceptoars.Contains(ceptoar)) Ceptoars.Add(ceptoar);
    }

    public void SetMemberships(IEnumerable<Sector> sectors, IEnumerable<Ceptoar> ceptoars, DateTimeOffset now)
    {
        Sectors = sectors.Distinct().ToList();
        Ceptoars = ceptoars.Distinct().ToList();
        UpdatedAt = now;
    }
}
