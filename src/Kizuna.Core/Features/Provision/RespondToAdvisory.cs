using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Provision;

/// <summary>A recipient's structured answer; <see cref="Anonymous"/> only with <see cref="FeedbackKinds.Seen"/>.</summary>
public sealed record GiveAdvisoryFeedback(string Kind, string? Comment = null, bool Anonymous = false);

/// <summary>What recipients do with an advisory: open it (read receipts), acknowledge it, answer it.</summary>
public sealed class RespondToAdvisoryHandler(KizunaDb db, AuditTrail audit, TimeProvider clock)
{
    /// <summary>Records that the viewer read the current revision (and, first time, that its organisation opened it).</summary>
    public Task MarkReadAsync(Advisory advisory, Viewer viewer, CancellationToken ct = default)
        => MarkReadAsync(advisory.Id, advisory.Status, advisory.Revision, viewer, ct);

    /// <summary>The same, for an advisory the caller has just read (its <see cref="AdvisoryDetail"/>): no second read of the advisory.</summary>
    public Task MarkReadAsync(AdvisoryDetail read, Viewer viewer, CancellationToken ct = default)
        => MarkReadAsync(read.Id, read.Status, read.Revision, viewer, ct);

    private async Task MarkReadAsync(Guid advisoryId, string status, int revision, Viewer viewer, CancellationToken ct)
    {
        if (viewer.IsSystem || status == AdvisoryStatus.Draft) return;
        var now = clock.GetUtcNow();
        var read = await db.AdvisoryReads.FirstOrDefaultAsync(r => r.AdvisoryId == advisoryId && r.UserId == viewer.UserId, ct);
        if (read is null) db.AdvisoryReads.Add(new AdvisoryRead(advisoryId, viewer.UserId, revision, now));
        else if (read.Revision < revision) read.ReadAgain(revision, now);
        else return;
        var delivery = await db.AdvisoryDeliveries.FirstOrDefaultAsync(d => d.AdvisoryId == advisoryId && d.OrganizationId == viewer.OrganizationId && d.ReceivedAt != null, ct);
        delivery?.Open(now);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // Two tabs opened it at once: the other request recorded the read.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>A signed e-mail link was followed: the organisation opened it (the link proves receipt, not identity).</summary>
    public async Task RecordLinkOpenedAsync(AdvisoryLink link, CancellationToken ct = default)
    {
        var delivery = await db.AdvisoryDeliveries.FirstOrDefaultAsync(d => d.AdvisoryId == link.AdvisoryId && d.OrganizationId == link.OrganizationId && d.ReceivedAt != null, ct);
        if (delivery is null || delivery.OpenedAt is not null) return;
        delivery.Open(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    public async Task AcknowledgeAsync(Guid id, Viewer viewer, CancellationToken ct = default)
    {
        var (advisory, delivery) = await ReceivedAsync(id, viewer, ct);
        if (delivery.AcknowledgedAt is not null) return;
        delivery.Acknowledge(viewer.UserId, clock.GetUtcNow());
        await audit.AppendAsync(db, AuditRecord.By(viewer, "advisory.acknowledged", "advisory", advisory.Id.ToString("D")), ct);
        await db.SaveChangesAsync(ct);
    }

    public async Task<AdvisoryFeedback> FeedbackAsync(Guid id, GiveAdvisoryFeedback command, Viewer viewer, CancellationToken ct = default)
    {
        var (advisory, delivery) = await ReceivedAsync(id, viewer, ct);
        var now = clock.GetUtcNow();
        var sectors = viewer.SectorCodes.Count == 0 ? null : string.Join(",", viewer.SectorCodes.Order(StringComparer.Ordinal));
        AdvisoryFeedback feedback;
        if (command.Anonymous)
        {
            // Nothing that names the organisation, and a day-precision time so it cannot be matched to the acknowledgement.
            // No audit row either: it would stamp the answer to the millisecond, next to the answerer's own audited reads.
            var day = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
            feedback = new AdvisoryFeedback(advisory.Id, command.Kind, command.Comment, null, null, sectors, day);
        }
        else
        {
            feedback = new AdvisoryFeedback(advisory.Id, command.Kind, command.Comment, viewer.OrganizationId, viewer.UserId, sectors, now);
            delivery.Acknowledge(viewer.UserId, now);
            await audit.AppendAsync(db, AuditRecord.By(viewer, "advisory.feedback", "advisory", advisory.Id.ToString("D"), command.Kind), ct);
        }
        db.AdvisoryFeedback.Add(feedback);
        await db.SaveChangesAsync(ct);
        return feedback;
    }

    private async Task<(Advisory, AdvisoryDelivery)> ReceivedAsync(Guid id, Viewer viewer, CancellationToken ct)
    {
        var advisory = await AdvisoryAccess.FindReadableAsync(db, id, viewer, ct);
        var delivery = await db.AdvisoryDeliveries.FirstOrDefaultAsync(d => d.AdvisoryId == id && d.OrganizationId == viewer.OrganizationId && d.ReceivedAt != null, ct)
            ?? throw new ConflictException("Your organisation is not a recipient of this advisory.");
        return (advisory, delivery);
    }
}
