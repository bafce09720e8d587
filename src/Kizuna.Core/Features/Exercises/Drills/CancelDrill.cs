using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Exercises.Drills;

/// <summary>
/// Cancels a scheduled or running drill: members of the originating organisation who may start such
/// a drill. What was acknowledged stays recorded; the report shows the drill as cancelled and
/// comparisons leave it out.
/// </summary>
public sealed class CancelDrillHandler(KizunaDb db, DrillStarter starter)
{
    public async Task HandleAsync(Guid drillId, Viewer viewer, CancellationToken ct = default)
    {
        var drill = await db.Set<Drill>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == drillId, ct) ?? throw new NotFoundException("No such drill.");
        var received = await db.Set<DrillRecipient>().AnyAsync(r => r.DrillId == drillId && r.OrganizationId == viewer.OrganizationId && r.ReceivedAt != null, ct);
        if (DisclosurePolicy.Drill(viewer, drill.OriginOrganizationId, received) == DrillAccess.None) throw new NotFoundException("No such drill.");
        if (viewer.OrganizationId != drill.OriginOrganizationId || !StartDrillHandler.MayStart(viewer, drill.Direction))
            throw new ForbiddenException("Only the organisation that started the drill cancels it.");
        if (!await starter.CancelAsync(drillId, viewer, ct))
            throw new ConflictException($"The drill has already ended ({drill.Status}).");
    }
}
