using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Crisis;

/// <summary>A reminder round. <see cref="Round"/> is the round the client means to send (the next one if omitted); sending a round that was already sent does nothing.</summary>
public sealed record SendCrisisReminders(int? Round = null);

/// <summary>What a reminder request did: the round, how many operators it reminded, and whether that round had already been sent (nothing was sent again).</summary>
public sealed record CrisisReminderResult(int Round, int Sent, bool AlreadySent);

/// <summary>
/// Re-sends the status request to the operators that have not answered (催促), through the outbox
/// with one idempotency key per crisis, round and operator. A round is sent once: repeating a
/// request for a sent round (a double click, a retried call) answers what was sent and sends nothing.
/// A round pushes the board live (<see cref="CrisisLiveEvent"/>).
/// </summary>
public sealed class SendCrisisRemindersHandler(KizunaDb db, AuditTrail audit, TimeProvider clock, OutboxWorker outbox)
{
    public async Task<CrisisReminderResult> HandleAsync(Guid crisisId, SendCrisisReminders command, Viewer viewer, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var entry = await CrisisRoomGate.EnterAsync(db, viewer, crisisId, now, track: false, ct);
        if (!DeclareCrisisHandler.MayManage(viewer)) throw new ForbiddenException("Only analysts of the coordinator send reminders.");
        var sent = await db.CrisisReminders.AsNoTracking().Where(r => r.CrisisId == crisisId).OrderBy(r => r.Round).ToListAsync(ct);
        var next = sent.Count == 0 ? 1 : sent[^1].Round + 1;
        var round = command.Round ?? next;
        if (sent.FirstOrDefault(r => r.Round == round) is { } done) return new CrisisReminderResult(round, done.Sent, true);
        if (round != next) throw new InputException("round", $"The next reminder round is {next}.");
        entry.Crisis.RequireActive();

        var waiting = await db.CrisisRecipients.Where(r => r.CrisisId == crisisId && r.FirstAnsweredAt == null).ToListAsync(ct);
        if (waiting.Count == 0) throw new ConflictException("Every operator has answered: there is nobody to remind.");
        // Inside a caller's transaction (the exercise runner's, with its inject update) it joins that one.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        db.CrisisReminders.Add(new CrisisReminder(crisisId, round, waiting.Count, viewer.UserId, now));
        var live = CrisisLiveEvent.For(crisisId, $"reminder:{round}", now);
        db.Outbox.Add(live);
        foreach (var r in waiting)
        {
            r.Reminded(now);
            db.Outbox.Add(OutboxMessage.Create(DeclareCrisisHandler.NotifyChannel, CrisisNotification.KeyOf(crisisId, r.OrganizationId, round), "crisis.reminder",
                new CrisisNotification(crisisId, r.OrganizationId, round), now, organizationId: r.OrganizationId, urgent: true));
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (tx is not null)
        {
            // The same round was sent at the same moment by another request: that one counts.
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            var other = await db.CrisisReminders.AsNoTracking().FirstOrDefaultAsync(r => r.CrisisId == crisisId && r.Round == round, ct);
            if (other is null) throw;
            return new CrisisReminderResult(round, other.Sent, true);
        }
        await audit.AppendAsync(db, AuditRecord.By(viewer, "crisis.reminded", "crisis", crisisId.ToString("D"), $"round {round}: {waiting.Count} operators"), ct);
        if (tx is null) return new CrisisReminderResult(round, waiting.Count, false);
        await tx.CommitAsync(ct);
        await outbox.DeliverNowAsync([live.Id], ct);
        return new CrisisReminderResult(round, waiting.Count, false);
    }
}
