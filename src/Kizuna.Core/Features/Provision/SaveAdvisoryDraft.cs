using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Exercises;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Provision;

/// <summary>Creates and edits advisory drafts. A draft is seen only by its organisation and sends nothing.</summary>
public sealed class SaveAdvisoryDraftHandler(KizunaDb db, AuditTrail audit, TimeProvider clock, AdvisoryValidator validator)
{
    public async Task<Advisory> CreateAsync(AdvisoryInput input, Viewer viewer, CancellationToken ct = default)
    {
        AdvisoryValidator.RequirePublisher(viewer);
        if (input.ExerciseId is { } exerciseId) await ExerciseMembership.RequireAsync(db, exerciseId, viewer.OrganizationId, ct);
        var content = await validator.ContentAsync(input.Content, viewer, publishing: false, ct, input.ExerciseId);
        var distribution = await validator.DistributionAsync(input, viewer, ct);
        var advisory = new Advisory(content, distribution, viewer.UserId, clock.GetUtcNow());
        if (input.ExerciseId is { } exercise) advisory.MarkExercise(exercise);
        db.Advisories.Add(advisory);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "advisory.drafted", "advisory", advisory.Id.ToString("D"), TlpMarkings.Label(distribution.Tlp)), ct);
        await db.SaveChangesAsync(ct);
        return advisory;
    }

    public async Task<Advisory> UpdateAsync(Guid id, AdvisoryInput input, Viewer viewer, CancellationToken ct = default)
    {
        AdvisoryValidator.RequirePublisher(viewer);
        var advisory = await AdvisoryAccess.FindOwnAsync(db, id, viewer, ct);
        ExerciseMembership.RequireSame(advisory.ExerciseId, input.ExerciseId);
        var content = await validator.ContentAsync(input.Content, viewer, publishing: false, ct, advisory.ExerciseId);
        var distribution = await validator.DistributionAsync(input, viewer, ct);
        // A new distribution replaces the old audience rows; the owned collection is rewritten in place.
        advisory.EditDraft(content, distribution, clock.GetUtcNow());
        await audit.AppendAsync(db, AuditRecord.By(viewer, "advisory.edited", "advisory", advisory.Id.ToString("D"), TlpMarkings.Label(distribution.Tlp)), ct);
        await db.SaveChangesAsync(ct);
        return advisory;
    }

    public async Task DeleteAsync(Guid id, Viewer viewer, CancellationToken ct = default)
    {
        AdvisoryValidator.RequirePublisher(viewer);
        var advisory = await AdvisoryAccess.FindOwnAsync(db, id, viewer, ct);
        if (advisory.Status != AdvisoryStatus.Draft) throw new ConflictException("A published advisory is withdrawn, not deleted.");
        db.Advisories.Remove(advisory);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "advisory.draft-deleted", "advisory", advisory.Id.ToString("D")), ct);
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>
/// Which advisories a viewer may read: within the disclosure policy, its own organisation's
/// (drafts included), and published ones once they have reached the viewer's organisation through
/// the relay chain; TLP:CLEAR ones once published. The relay decides <em>when</em>; the disclosure
/// policy alone decides <em>who</em>.
/// </summary>
public static class AdvisoryAccess
{
    public static IQueryable<Advisory> Readable(KizunaDb db, Viewer viewer)
    {
        var visible = DisclosurePolicy.Visible(db.Advisories, viewer);
        if (viewer.IsSystem) return visible;
        var org = viewer.OrganizationId;
        return visible.Where(a => a.Distribution.OwnerOrganizationId == org
            || (a.Status != AdvisoryStatus.Draft
                && (a.Distribution.Tlp == Tlp.Clear
                    || db.AdvisoryDeliveries.Any(d => d.AdvisoryId == a.Id && d.OrganizationId == org && d.ReceivedAt != null))));
    }

    /// <summary>An advisory of the viewer's own organisation, tracked; 404 otherwise.</summary>
    public static async Task<Advisory> FindOwnAsync(KizunaDb db, Guid id, Viewer viewer, CancellationToken ct)
        => await db.Advisories.FirstOrDefaultAsync(a => a.Id == id && a.Distribution.OwnerOrganizationId == viewer.OrganizationId, ct)
           ?? throw new NotFoundException("No such advisory.");

    /// <summary>A readable advisory, tracked; 404 when it does not exist or the viewer may not read it.</summary>
    public static async Task<Advisory> FindReadableAsync(KizunaDb db, Guid id, Viewer viewer, CancellationToken ct)
        => await Readable(db, viewer).FirstOrDefaultAsync(a => a.Id == id, ct)
           ?? throw new NotFoundException("No such advisory.");
}
