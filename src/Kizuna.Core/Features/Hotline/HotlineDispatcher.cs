using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Crisis;
using Kizuna.Core.Features.Delivery;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Hotline;

/// <summary>One organisation an urgent message goes to, with its first sector (for the board's per-sector counts).</summary>
public sealed record HotlineRecipient(Guid OrganizationId, string? SectorCode);

/// <summary>
/// Commits an urgent message of either direction (<see cref="AlertDirections"/>): the alert, one
/// <see cref="AlertAcknowledgement"/> row and one urgent <c>hotline-notify</c> outbox message per
/// recipient, the live push (<see cref="HotlineLiveEvent"/>), a live push of the board of each
/// active crisis of the recipients' sectors (<see cref="CrisisLiveEvent"/>: the alert joins its
/// timeline) and the audit entry, in one
/// transaction; then wakes the live stream and sends the live push through the outbox's express lane. The sequence
/// number is taken inside the transaction; of two senders that take the same one, the unique index
/// lets one commit and the other retries with the next. Every side effect of sending an urgent
/// message belongs here, so both directions get it.
/// </summary>
public sealed class HotlineDispatcher(KizunaDb db, AuditTrail audit, HotlineSignal signal, OutboxWorker outbox)
{
    private const int MaxSequenceAttempts = 10;

    /// <param name="draft">The validated message (its sequence number is replaced by the one taken here).</param>
    /// <param name="recipients">Who must acknowledge it (never empty, the sender excluded).</param>
    /// <param name="auditAction">The audit action, e.g. <c>hotline.sent</c>.</param>
    public async Task<HotlineAlert> CommitAsync(HotlineAlert draft, IReadOnlyList<HotlineRecipient> recipients, Viewer viewer, string auditAction, CancellationToken ct)
    {
        if (recipients.Count == 0) throw new ArgumentException("An urgent message needs at least one recipient.", nameof(recipients));
        // The active crises of the recipients' sectors count this alert on their timeline: their open boards are pushed too.
        var sectors = recipients.Select(r => r.SectorCode).OfType<string>().ToHashSet(StringComparer.Ordinal);
        // An exercise alert joins only its exercise's crises, a real alert only real ones.
        var exerciseId = draft.ExerciseId;
        var crises = sectors.Count == 0 ? [] : (await db.CrisisDeclarations.AsNoTracking().Where(c => c.Status == CrisisStates.Active && c.ExerciseId == exerciseId)
                .Select(c => new { c.Id, c.Sectors }).ToListAsync(ct))
            .Where(c => c.Sectors.Any(sectors.Contains)).Select(c => c.Id).ToList();
        // Inside a caller's transaction (the exercise runner's, with its inject update) it joins that one: no retry
        // of the sequence number then (a clash fails the caller's transaction, which retries as a whole), and the
        // caller wakes the streams after its commit; the outbox worker sends the live push when it commits.
        var joined = db.Database.CurrentTransaction is not null;
        for (var attempt = 1; ; attempt++)
        {
            await using var tx = joined ? null : await db.Database.BeginTransactionAsync(ct);
            var sequence = (await db.HotlineAlerts.MaxAsync(a => (long?)a.Sequence, ct) ?? 0) + 1;
            var alert = draft.WithSequence(sequence);
            db.HotlineAlerts.Add(alert);
            var live = HotlineLiveEvent.ForSent(alert.Id, alert.CreatedAt);
            db.Outbox.Add(live);
            var boards = crises.Select(c => CrisisLiveEvent.For(c, $"alert:{alert.Id:N}", alert.CreatedAt)).ToList();
            db.Outbox.AddRange(boards);
            foreach (var r in recipients)
            {
                db.AlertAcknowledgements.Add(new AlertAcknowledgement(alert.Id, r.OrganizationId, r.SectorCode));
                db.Outbox.Add(OutboxMessage.Create(SendHotlineAlertHandler.NotifyChannel, $"hotline:{alert.Id:N}:sent:{r.OrganizationId:N}", "hotline.alert",
                    new HotlineNotification(alert.Id, r.OrganizationId), alert.CreatedAt, organizationId: r.OrganizationId, urgent: true));
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (tx is not null && attempt < MaxSequenceAttempts)
            {
                // Another alert took this sequence number at the same moment: take the next one.
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                continue;
            }
            await audit.AppendAsync(db, AuditRecord.By(viewer, auditAction, "hotline-alert", alert.Id.ToString("D"),
                $"#{alert.Sequence} {alert.Direction} {alert.Class}, {TlpMarkings.Label(alert.Distribution.Tlp)}, {recipients.Count} organisations"), ct);
            if (tx is null) return alert;
            await tx.CommitAsync(ct);
            signal.Notify();
            // The live push goes out at once from here; if this node cannot, the outbox worker does.
            await outbox.DeliverNowAsync([live.Id, .. boards.Select(b => b.Id)], ct);
            return alert;
        }
    }
}
