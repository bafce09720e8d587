using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Interop;
using Kizuna.Stix;

namespace Kizuna.Core.Features.Automation;

/// <summary>
/// When a rule may copy an object into another collection: the copy keeps the object's TLP and owner,
/// takes the target collection's audience, and must never be visible to an organisation that could
/// not see the original. Stated on audience entries so it holds for every organisation, present or
/// future: the copy is allowed only when
/// <list type="bullet">
/// <item>the original is not TLP:RED (RED is named recipients only and is never routed), and</item>
/// <item>the original is TLP:CLEAR (everyone may see it already), or every audience entry of the copy
/// is an entry of the original, or the original's audience is the whole community.</item>
/// </list>
/// Since <see cref="DisclosurePolicy.CanSee"/> admits a viewer through one matching entry at the same
/// TLP, an organisation that matches the copy matches the original. So TLP:AMBER+STRICT (and AMBER)
/// objects addressed to named organisations, as in an inbox, never reach a sector collection.
/// </summary>
public static class CopyRule
{
    /// <summary>The distribution a copy in <paramref name="target"/> would have (same TLP and owner), or null when none can exist (TLP:RED outside an inbox).</summary>
    public static Distribution? DistributionIn(TaxiiCollection target, StixObjectRecord original)
        => original.Distribution.Tlp == Tlp.Red ? null : target.DistributionFor(original.Distribution.Tlp, original.Distribution.OwnerOrganizationId);

    public static bool NeverWider(Distribution original, Distribution copy)
    {
        if (original.Tlp == Tlp.Red || copy.Tlp != original.Tlp || copy.OwnerOrganizationId != original.OwnerOrganizationId) return false;
        if (original.Tlp == Tlp.Clear) return true;
        if (original.Audience.Any(a => a.Kind == AudienceKind.Community)) return true;
        return copy.Audience.All(c => original.Audience.Any(o => o.Kind == c.Kind && o.Value == c.Value));
    }
}
