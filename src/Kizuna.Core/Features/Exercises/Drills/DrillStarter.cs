using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Exercises.Drills;

/// <summary>The outbox payload that tells one organisation that a drill message has reached it.</summary>
public sealed record DrillNotification(Guid DrillId, Guid OrganizationId);

/// <summary>
/// Starts, closes and cancels drills, each exactly once: the status change is a conditional update
/// (<c>where status = …</c>) and the first statement of its transaction, so of two workers, nodes or
/// clicks only one matches, and only that one plans the chain, writes the recipient rows and
/// queues the first layer's notifications. Also moves a message one hop on when a relay acknowledges.
/// </summary>
public sealed class DrillStarter(KizunaDb db, DrillPlanner planner, AuditTrail audit, TimeProvider clock)
{
    public const string NotifyChannel = "drill-notify";

    /// <summary>Starts a scheduled drill now. False when it was no longer scheduled (started elsewhere, cancelled).</summary>
    public async Task<bool> StartAsync(Guid drillId, Viewer actor, CancellationToken ct = default)
    {
        var drill = await db.Set<Drill>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == drillId, ct);
        if (drill is null || drill.Status != DrillStates.Scheduled) return false;
        var now = clock.GetUtcNow();
        var closesAt = now + drill.Duration;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var won = await db.Set<Drill>().Where(d => d.Id == drillId && d.Status == DrillStates.Scheduled)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DrillStates.Running).SetProperty(d => d.StartedAt, now).SetProperty(d => d.ClosesAt, closesAt), ct);
        if (won == 0)
        {
            await tx.RollbackAsync(CancellationToken.None);
            return false;
        }
        var hops = await planner.PlanAsync(drill, ct);
        foreach (var h in hops)
            db.Set<DrillRecipient>().Add(new DrillRecipient(drill.Id, h.OrganizationId, h.Hop, h.ParentOrganizationId, h.SectorCode, h.Relays, h.Hop == 1 ? now : null));
        Notify(drill.Id, hops.Where(h => h.Hop == 1).Select(h => h.OrganizationId), now);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, AuditRecord.By(actor, "drill.started", "drill", drill.Id.ToString("D"),
            $"{drill.Direction}, {hops.Count} organisations over {(hops.Count == 0 ? 0 : hops.Max(h => h.Hop))} hops, closes {closesAt:O}"), ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>Closes a running drill (its deadline passed): acknowledgements no longer count. False when it was not running.</summary>
    public Task<bool> CloseAsync(Guid drillId, Viewer actor, CancellationToken ct = default)
        => EndAsync(drillId, DrillStates.Closed, [DrillStates.Running], "drill.closed", actor, ct);

    /// <summary>Cancels a scheduled or running drill. False when it had already ended.</summary>
    public Task<bool> CancelAsync(Guid drillId, Viewer actor, CancellationToken ct = default)
        => EndAsync(drillId, DrillStates.Cancelled, [DrillStates.Scheduled, DrillStates.Running], "drill.cancelled", actor, ct);

    private async Task<bool> EndAsync(Guid drillId, string state, string[] from, string action, Viewer actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var won = await db.Set<Drill>().Where(d => d.Id == drillId && from.Contains(d.Status))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, state).SetProperty(d => d.ClosedAt, now), ct);
        if (won == 0)
        {
            await tx.RollbackAsync(CancellationToken.None);
            return false;
        }
        await audit.AppendAsync(db, AuditRecord.By(actor, action, "drill", drillId.ToString("D")), ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Queues one notification per organisation the message has just reached (in the caller's transaction).</summary>
    internal void Notify(Guid drillId, IEnumerable<Guid> organizations, DateTimeOffset now)
    {
        foreach (var org in organizations)
            db.Outbox.Add(OutboxMessage.Create(NotifyChannel, $"drill:{drillId:N}:{org:N}", "drill.message",
                new DrillNotification(drillId, org), now, organizationId: org));
    }
}
