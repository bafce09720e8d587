using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Interop;

/// <summary>
/// Deletes versions of one object from a collection (TAXII 2.1 §5.7), chosen by
/// <c>match[version]</c> (default: every version) and <c>match[spec_version]</c>. It takes write
/// access to the collection; an organisation deletes only what it contributed, except the
/// coordinator's analysts, who curate. Versions the viewer may not see are never touched (404 if
/// none is seen). The remaining versions get their first/latest marks again.
/// </summary>
public sealed class DeleteStixObjectHandler(KizunaDb db, TaxiiCollections collections, AuditTrail audit)
{
    public async Task<int> HandleAsync(string collection, string objectId, ObjectFilter filter, bool versionGiven, Viewer viewer, CancellationToken ct = default)
    {
        var c = (await collections.WritableAsync(viewer, collection, ct)).Collection;
        var visible = await DisclosurePolicy.Visible(db.StixObjects, viewer)
            .Where(r => r.CollectionId == c.Id && r.StixId == objectId && filter.SpecVersions.Contains(r.SpecVersion)).ToListAsync(ct);
        var chosen = visible.Where(r => !versionGiven || filter.AllVersions || (filter.FirstVersion && r.IsFirst) || (filter.LastVersion && r.IsLatest)
                                        || filter.VersionTimes.Contains(r.Version)).ToList();
        if (chosen.Count == 0) throw new NotFoundException($"No object '{objectId}' you may see matches in this collection.");
        var curator = viewer.OrganizationKind == OrganizationKinds.Coordinator && viewer.HasRole(OrgRoles.Analyst);
        if (!curator && chosen.Any(r => r.Distribution.OwnerOrganizationId != viewer.OrganizationId))
            throw new ForbiddenException("You may delete only objects your organisation added; the coordinator's analysts curate the rest.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.StixObjects.RemoveRange(chosen);
        var ids = chosen.Select(r => r.Id).ToHashSet();
        var rest = await db.StixObjects.Where(r => r.CollectionId == c.Id && r.StixId == objectId).ToListAsync(ct);
        AddStixObjectsHandler.MarkEnds(rest.Where(r => !ids.Contains(r.Id)).ToList());
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "taxii.deleted", "stix-object", objectId, $"{chosen.Count} versions from {c.Alias}"), ct);
        await tx.CommitAsync(ct);
        return chosen.Count;
    }
}
