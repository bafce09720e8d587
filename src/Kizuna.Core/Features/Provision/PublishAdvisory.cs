using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Delivery;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Provision;

/// <summary>
/// Publishes a draft: fixes its number and distribution, records one delivery per recipient
/// organisation with its hop, and starts the relay. The deliveries, the first notifications (in
/// the outbox) and the audit entry commit together or not at all.
/// </summary>
public sealed class PublishAdvisoryHandler(KizunaDb db, AuditTrail audit, TimeProvider clock, AdvisoryValidator validator,
    RelayPlanner planner, AdvisoryRelay relay, OutboxSignal signal)
{
    public async Task<Advisory> HandleAsync(Guid id, Viewer viewer, CancellationToken ct = default)
    {
        AdvisoryValidator.RequirePublisher(viewer);
        var advisory = await AdvisoryAccess.FindOwnAsync(db, id, viewer, ct);
        if (advisory.Status != AdvisoryStatus.Draft) throw new ConflictException("The advisory is already published.");
        await validator.ContentAsync(advisory.Content, viewer, publishing: true, ct, advisory.ExerciseId);
        // An exercise advisory is published only while its exercise runs, and relayed only through and to its members.
        var members = await Exercises.ExerciseMembership.MembersIfAsync(db, advisory.ExerciseId, viewer.OrganizationId, ct);
        var plan = await planner.PlanAsync(advisory.Distribution, ct, members);
        var now = clock.GetUtcNow();

        var year = now.ToOffset(Jst.Offset).Year;
        var prefix = $"{viewer.OrganizationCode}-{year}-";
        var taken = await db.Advisories.CountAsync(a => a.Number != null && a.Number.StartsWith(prefix), ct);
        advisory.Publish($"{prefix}{taken + 1:0000}", plan.RelayOnly.Select(r => r.OrganizationId), now);
        db.AdvisoryRevisions.Add(new AdvisoryRevision(advisory.Id, advisory.Revision, RevisionKinds.Original, advisory.ContentJson, null, viewer.UserId, now));

        var deliveries = plan.Recipients
            .Select(r => new AdvisoryDelivery(advisory.Id, r.OrganizationId, r.ParentOrganizationId, r.Hop, r.SectorCode, r.Rule, r.Relays))
            .ToList();
        db.AdvisoryDeliveries.AddRange(deliveries);
        await relay.StartAsync(advisory, deliveries, now, ct);
        if (Interop.Projection.StixProjectionOutbox.ForAdvisory(advisory, now) is { } projection) db.Outbox.Add(projection);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "advisory.published", "advisory", advisory.Id.ToString("D"),
            $"{advisory.Number}, {TlpMarkings.Label(advisory.Distribution.Tlp)}, {deliveries.Count} organisations, {deliveries.Count(d => d.IsReceived)} reached at once"), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e)
        {
            var number = advisory.Number;
            db.ChangeTracker.Clear();
            if (await db.Advisories.AsNoTracking().AnyAsync(a => a.Number == number && a.Id != id, CancellationToken.None))
                throw new ConflictException("Another advisory took this number at the same moment; publish again.");
            throw new InvalidOperationException("Publishing failed to commit.", e);
        }
        signal.Notify();
        return advisory;
    }
}

/// <summary>A relaying organisation releases an advisory it holds (manual relay), optionally with a sector note.</summary>
public sealed record RelayAdvisory(string? Note = null);

public sealed class RelayAdvisoryHandler(KizunaDb db, AuditTrail audit, TimeProvider clock, AdvisoryRelay relay, OutboxSignal signal)
{
    public async Task HandleAsync(Guid id, RelayAdvisory command, Viewer viewer, CancellationToken ct = default)
    {
        var advisory = await AdvisoryAccess.FindReadableAsync(db, id, viewer, ct);
        var held = await db.AdvisoryDeliveries.FirstOrDefaultAsync(d => d.AdvisoryId == id && d.OrganizationId == viewer.OrganizationId, ct);
        if (held is null || !held.Relays) throw new ConflictException("Your organisation relays this advisory to no one.");
        if (!viewer.HasRole(Identity.OrgRoles.Analyst) && !viewer.HasRole(Identity.OrgRoles.OrgAdmin))
            throw new ForbiddenException("Only analysts and organisation admins release advisories.");
        if (advisory.Status == AdvisoryStatus.Withdrawn) throw new ConflictException("The advisory was withdrawn; it is not relayed any further.");
        await relay.ReleaseAsync(advisory, held, viewer.UserId, command.Note, clock.GetUtcNow(), ct);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "advisory.relayed", "advisory", advisory.Id.ToString("D"), held.RelayNote is null ? null : "with a sector note"), ct);
        await db.SaveChangesAsync(ct);
        signal.Notify();
    }
}

/// <summary>A correction: a new whole content, telling everyone it has reached so far; those still waiting get the corrected text when it reaches them.</summary>
public sealed record CorrectAdvisory(AdvisoryContent Content, string Note);

/// <summary>A withdrawal, with the reason, told to everyone the advisory has reached; it is relayed no further.</summary>
public sealed record WithdrawAdvisory(string Reason);

public sealed class ReviseAdvisoryHandler(KizunaDb db, AuditTrail audit, TimeProvider clock, AdvisoryValidator validator, AdvisoryNotifier notifier, OutboxSignal signal)
{
    public async Task<Advisory> CorrectAsync(Guid id, CorrectAdvisory command, Viewer viewer, CancellationToken ct = default)
    {
        AdvisoryValidator.RequirePublisher(viewer);
        var advisory = await AdvisoryAccess.FindOwnAsync(db, id, viewer, ct);
        new InputCheck().Required("note", command.Note, AdvisoryLimits.MaxNoteLength).ThrowIfInvalid("Say what the correction changes.");
        var content = await validator.ContentAsync(command.Content, viewer, publishing: true, ct, advisory.ExerciseId);
        var now = clock.GetUtcNow();
        advisory.Correct(content, now);
        db.AdvisoryRevisions.Add(new AdvisoryRevision(advisory.Id, advisory.Revision, RevisionKinds.Correction, advisory.ContentJson, command.Note.Trim(), viewer.UserId, now));
        var told = await TellReachedAsync(advisory, NotificationKinds.Corrected, now, ct);
        if (Interop.Projection.StixProjectionOutbox.ForAdvisory(advisory, now) is { } projection) db.Outbox.Add(projection);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "advisory.corrected", "advisory", advisory.Id.ToString("D"), $"revision {advisory.Revision}, {told} organisations told"), ct);
        await db.SaveChangesAsync(ct);
        signal.Notify();
        return advisory;
    }

    public async Task<Advisory> WithdrawAsync(Guid id, WithdrawAdvisory command, Viewer viewer, CancellationToken ct = default)
    {
        AdvisoryValidator.RequirePublisher(viewer);
        var advisory = await AdvisoryAccess.FindOwnAsync(db, id, viewer, ct);
        var now = clock.GetUtcNow();
        advisory.Withdraw(command.Reason ?? "", now);
        db.AdvisoryRevisions.Add(new AdvisoryRevision(advisory.Id, advisory.Revision, RevisionKinds.Withdrawal, advisory.ContentJson, advisory.WithdrawalReason, viewer.UserId, now));
        var told = await TellReachedAsync(advisory, NotificationKinds.Withdrawn, now, ct);
        if (Interop.Projection.StixProjectionOutbox.ForAdvisory(advisory, now) is { } projection) db.Outbox.Add(projection);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "advisory.withdrawn", "advisory", advisory.Id.ToString("D"), $"{told} organisations told"), ct);
        await db.SaveChangesAsync(ct);
        signal.Notify();
        return advisory;
    }

    private async Task<int> TellReachedAsync(Advisory advisory, string kind, DateTimeOffset now, CancellationToken ct)
    {
        var reached = await db.AdvisoryDeliveries.Where(d => d.AdvisoryId == advisory.Id && d.ReceivedAt != null).ToListAsync(ct);
        foreach (var d in reached)
        {
            d.Receive(advisory.Revision, now);
            notifier.Enqueue(advisory, d, kind, now);
        }
        return reached.Count;
    }
}
