using Kizuna.Core.Errors;
using Kizuna.Stix;

namespace Kizuna.Core.Disclosure;

/// <summary>
/// Who may see a shareable item: its TLP 2.0 marking, the organisation that owns it, and its audience.
/// Invariant: a TLP:RED distribution names its recipients as organisations only.
/// </summary>
public sealed class Distribution
{
    private Distribution() { }

    public Distribution(Tlp tlp, Guid ownerOrganizationId, IEnumerable<AudienceEntry> audience)
    {
        Tlp = tlp;
        OwnerOrganizationId = ownerOrganizationId;
        Audience = audience.ToList();
        var check = new InputCheck();
        foreach (var a in Audience)
            check.That(AudienceKind.All.Contains(a.Kind), "audience", $"Unknown audience kind '{a.Kind}'.");
        check.That(tlp != Tlp.Red || Audience.All(a => a.Kind == AudienceKind.Organization), "audience",
            "TLP:RED may only name organisations as recipients, never sectors, kinds, tiers or the community.");
        check.That(tlp == Tlp.Clear || Audience.Count > 0, "audience", "An audience is required unless the item is TLP:CLEAR.");
        check.ThrowIfInvalid("The distribution is invalid.");
    }

    public Tlp Tlp { get; private set; }
    public Guid OwnerOrganizationId { get; private set; }
    public List<AudienceEntry> Audience { get; private set; } = [];

    /// <summary>Takes over another distribution's marking and audience (editing a draft), keeping this instance tracked.</summary>
    internal void ReplaceWith(Distribution other)
    {
        if (other.OwnerOrganizationId != OwnerOrganizationId) throw new InvalidOperationException("A distribution keeps its owner.");
        Tlp = other.Tlp;
        Audience.Clear();
        Audience.AddRange(other.Audience.Select(a => new AudienceEntry { Kind = a.Kind, Value = a.Value }));
    }

    /// <summary>Names more organisations (the relays of an advisory's chain); never widens TLP:RED or AMBER+STRICT beyond named ones.</summary>
    internal void AddOrganizations(IEnumerable<Guid> organizationIds)
    {
        var present = Audience.Where(a => a.Kind == AudienceKind.Organization).Select(a => a.Value).ToHashSet();
        foreach (var id in organizationIds)
            if (present.Add(id.ToString("D"))) Audience.Add(AudienceEntry.Organization(id));
    }
}
