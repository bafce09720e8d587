using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Hotline;

/// <summary>What an acknowledgement link leads to, for the confirmation page.</summary>
public sealed record AckLinkState(bool Valid, bool AlreadyAcknowledged, Guid? AlertId, long? Sequence, string? OrganizationCode, DateTimeOffset? AcknowledgedAt);

/// <summary>
/// Acknowledges an alert for the viewer's organisation (UI or API), or for the organisation a
/// signed link names. An organisation acknowledges once: a second acknowledgement, or a link used
/// again, is a conflict. The acknowledgement stops the escalation (the escalator's conditional
/// update skips acknowledged rows).
/// </summary>
public sealed class AcknowledgeAlertHandler(KizunaDb db, AuditTrail audit, TimeProvider clock, HotlineAckLinks links, OutboxWorker outbox)
{
    public async Task<AlertAcknowledgement> HandleAsync(Guid alertId, Viewer viewer, string via, CancellationToken ct = default)
    {
        var alert = await DisclosurePolicy.Visible(db.HotlineAlerts.AsNoTracking(), viewer).FirstOrDefaultAsync(a => a.Id == alertId, ct)
                    ?? throw new NotFoundException("No such alert.");
        var ack = await db.AlertAcknowledgements.FirstOrDefaultAsync(a => a.AlertId == alert.Id && a.OrganizationId == viewer.OrganizationId, ct)
                  ?? throw new ConflictException("This alert is not addressed to your organisation; there is nothing to acknowledge.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        ack.Acknowledge(viewer.UserId, via, now);
        var live = HotlineLiveEvent.ForAcknowledged(alert.Id, viewer.OrganizationId, now);
        db.Outbox.Add(live);
        await SaveOnceAsync(ct);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "hotline.acknowledged", "hotline-alert", alert.Id.ToString("D"), $"{viewer.OrganizationCode} via {via}"), ct);
        await tx.CommitAsync(ct);
        await outbox.DeliverNowAsync([live.Id], ct);
        return ack;
    }

    /// <summary>What a link stands for, without changing anything (the GET of the confirmation page).</summary>
    public async Task<AckLinkState> InspectLinkAsync(string token, CancellationToken ct = default)
    {
        var link = links.Read(token, clock.GetUtcNow());
        if (link is null) return new AckLinkState(false, false, null, null, null, null);
        var row = await (from a in db.AlertAcknowledgements.AsNoTracking()
                         join h in db.HotlineAlerts.AsNoTracking() on a.AlertId equals h.Id
                         join o in db.Organizations.AsNoTracking() on a.OrganizationId equals o.Id
                         where a.AlertId == link.AlertId && a.OrganizationId == link.OrganizationId
                         select new { h.Sequence, o.Code, a.AcknowledgedAt }).FirstOrDefaultAsync(ct);
        if (row is null) return new AckLinkState(false, false, null, null, null, null);
        return new AckLinkState(true, row.AcknowledgedAt is not null, link.AlertId, row.Sequence, row.Code, row.AcknowledgedAt);
    }

    /// <summary>Acknowledges through a signed link (the POST of the confirmation page). Forged, expired or used links are refused.</summary>
    public async Task<AckLinkState> ByLinkAsync(string token, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var link = links.Read(token, now) ?? throw new InputException("token", "This acknowledgement link is not valid: it is damaged, forged or expired.");
        var ack = await db.AlertAcknowledgements.FirstOrDefaultAsync(a => a.AlertId == link.AlertId && a.OrganizationId == link.OrganizationId, ct)
                  ?? throw new InputException("token", "This acknowledgement link is not valid.");
        if (ack.IsAcknowledged) throw new ConflictException("This link has already been used: the alert is acknowledged for your organisation.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        ack.Acknowledge(link.UserId == Guid.Empty ? null : link.UserId, AcknowledgementChannels.Link, now);
        var live = HotlineLiveEvent.ForAcknowledged(link.AlertId, link.OrganizationId, now);
        db.Outbox.Add(live);
        await SaveOnceAsync(ct);
        var code = await db.Organizations.Where(o => o.Id == link.OrganizationId).Select(o => o.Code).FirstAsync(ct);
        await audit.AppendAsync(db, new AuditRecord("hotline.acknowledged", link.UserId == Guid.Empty ? null : link.UserId, "link", link.OrganizationId,
            "hotline-alert", link.AlertId.ToString("D"), $"{code} via link"), ct);
        await tx.CommitAsync(ct);
        await outbox.DeliverNowAsync([live.Id], ct);
        var sequence = await db.HotlineAlerts.Where(h => h.Id == link.AlertId).Select(h => h.Sequence).FirstAsync(ct);
        return new AckLinkState(true, true, link.AlertId, sequence, code, ack.AcknowledgedAt);
    }

    /// <summary>The update only applies to a row still unacknowledged (a concurrency token): of two racing acknowledgements one wins.</summary>
    private async Task SaveOnceAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("Your organisation has already acknowledged this alert.");
        }
    }
}
