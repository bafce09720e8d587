using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Crisis;

/// <summary>
/// Stands a crisis down (平時への移行): the sectors return to the normal structure, the crisis takes
/// no more answers or reminders, and its summary becomes final. Only analysts of the coordinator;
/// a second stand-down is a conflict. The open boards are pushed live (<see cref="CrisisLiveEvent"/>).
/// </summary>
public sealed class StandDownCrisisHandler(KizunaDb db, AuditTrail audit, TimeProvider clock, OutboxWorker outbox)
{
    public async Task HandleAsync(Guid crisisId, Viewer viewer, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var entry = await CrisisRoomGate.EnterAsync(db, viewer, crisisId, now, track: true, ct);
        if (!DeclareCrisisHandler.MayManage(viewer)) throw new ForbiddenException("Only analysts of the coordinator stand a crisis down.");
        entry.Crisis.StandDown(viewer.UserId, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var live = CrisisLiveEvent.For(crisisId, $"stood-down:{Guid.NewGuid():N}", now);
        db.Outbox.Add(live);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The crisis has already been stood down.");
        }
        await audit.AppendAsync(db, AuditRecord.By(viewer, "crisis.stood-down", "crisis", crisisId.ToString("D"), string.Join(",", entry.Crisis.Sectors)), ct);
        await tx.CommitAsync(ct);
        await outbox.DeliverNowAsync([live.Id], ct);
    }
}
