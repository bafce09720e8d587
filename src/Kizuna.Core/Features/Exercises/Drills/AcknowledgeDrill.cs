using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Exercises.Drills;

/// <summary>The outcome of an acknowledgement: whether this call acknowledged or the organisation already had, and when.</summary>
public sealed record DrillAckOutcome(bool AlreadyAcknowledged, DateTimeOffset AcknowledgedAt);

/// <summary>What an acknowledgement link leads to, for its confirmation page.</summary>
public sealed record DrillAckLinkState(bool Valid, bool AlreadyAcknowledged, bool Closed, Guid? DrillId, string? Title, string? OrganizationCode, DateTimeOffset? AcknowledgedAt);

/// <summary>
/// Acknowledges a drill message for an organisation (UI, API, or a signed mail link): exactly once,
/// by a conditional update that only matches a row the message has reached, not yet acknowledged,
/// of a running drill. A second acknowledgement answers what the first recorded (idempotent). For a
/// relay the acknowledgement means "received and relayed": in the same transaction the message
/// reaches its children (their <c>ReceivedAt</c>) and their notifications are queued.
/// </summary>
public sealed class AcknowledgeDrillHandler(KizunaDb db, DrillStarter starter, DrillAckLinks links, AuditTrail audit, TimeProvider clock)
{
    public async Task<DrillAckOutcome> HandleAsync(Guid drillId, Viewer viewer, string via, CancellationToken ct = default)
    {
        var drill = await db.Set<Drill>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == drillId, ct) ?? throw new NotFoundException("No such drill.");
        var row = await db.Set<DrillRecipient>().AsNoTracking().FirstOrDefaultAsync(r => r.DrillId == drillId && r.OrganizationId == viewer.OrganizationId, ct);
        if (DisclosurePolicy.Drill(viewer, drill.OriginOrganizationId, row?.ReceivedAt is not null) == DrillAccess.None) throw new NotFoundException("No such drill.");
        if (row?.ReceivedAt is null) throw new ConflictException("This drill's message has not reached your organisation; there is nothing to acknowledge.");
        return await AcknowledgeAsync(drill, row, viewer.UserId, via, AuditRecord.By(viewer, "drill.acknowledged", "drill", drill.Id.ToString("D"), $"{viewer.OrganizationCode} via {via}"), ct);
    }

    /// <summary>What a link stands for, without changing anything (the GET of the confirmation page).</summary>
    public async Task<DrillAckLinkState> InspectLinkAsync(string token, CancellationToken ct = default)
    {
        var link = links.Read(token, clock.GetUtcNow());
        if (link is null) return new DrillAckLinkState(false, false, false, null, null, null, null);
        var row = await (from r in db.Set<DrillRecipient>().AsNoTracking()
                         join d in db.Set<Drill>().AsNoTracking() on r.DrillId equals d.Id
                         join o in db.Organizations.AsNoTracking() on r.OrganizationId equals o.Id
                         where r.DrillId == link.DrillId && r.OrganizationId == link.OrganizationId && r.ReceivedAt != null
                         select new { d.Title, d.Status, o.Code, r.AcknowledgedAt }).FirstOrDefaultAsync(ct);
        if (row is null) return new DrillAckLinkState(false, false, false, null, null, null, null);
        return new DrillAckLinkState(true, row.AcknowledgedAt is not null, row.Status != DrillStates.Running, link.DrillId, row.Title, row.Code, row.AcknowledgedAt);
    }

    /// <summary>Acknowledges through a signed link (the POST of its page). Forged or expired links are refused; a used link answers what was recorded.</summary>
    public async Task<DrillAckLinkState> ByLinkAsync(string token, CancellationToken ct = default)
    {
        var link = links.Read(token, clock.GetUtcNow()) ?? throw new InputException("token", "This acknowledgement link is not valid: it is damaged, forged or expired.");
        var drill = await db.Set<Drill>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == link.DrillId, ct);
        var row = await db.Set<DrillRecipient>().AsNoTracking().FirstOrDefaultAsync(r => r.DrillId == link.DrillId && r.OrganizationId == link.OrganizationId, ct);
        if (drill is null || row?.ReceivedAt is null) throw new InputException("token", "This acknowledgement link is not valid.");
        var code = await db.Organizations.AsNoTracking().Where(o => o.Id == link.OrganizationId).Select(o => o.Code).FirstAsync(ct);
        Guid? user = link.UserId == Guid.Empty ? null : link.UserId;
        var outcome = await AcknowledgeAsync(drill, row, user, DrillChannels.Mail,
            new AuditRecord("drill.acknowledged", user, "link", link.OrganizationId, "drill", drill.Id.ToString("D"), $"{code} via mail"), ct);
        return new DrillAckLinkState(true, outcome.AlreadyAcknowledged, false, drill.Id, drill.Title, code, outcome.AcknowledgedAt);
    }

    private async Task<DrillAckOutcome> AcknowledgeAsync(Drill drill, DrillRecipient row, Guid? userId, string via, AuditRecord record, CancellationToken ct)
    {
        if (row.AcknowledgedAt is { } earlier) return new DrillAckOutcome(true, earlier);
        var now = clock.GetUtcNow();
        DateTimeOffset? relayedAt = row.Relays ? now : null;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var running = db.Set<Drill>().Where(d => d.Id == drill.Id && d.Status == DrillStates.Running);
        var won = await db.Set<DrillRecipient>()
            .Where(r => r.Id == row.Id && r.AcknowledgedAt == null && r.ReceivedAt != null && running.Any())
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.AcknowledgedAt, now).SetProperty(r => r.AcknowledgedVia, via)
                .SetProperty(r => r.AcknowledgedByUserId, userId).SetProperty(r => r.RelayedAt, relayedAt), ct);
        if (won == 0)
        {
            await tx.RollbackAsync(CancellationToken.None);
            var current = await db.Set<DrillRecipient>().AsNoTracking().Where(r => r.Id == row.Id).Select(r => r.AcknowledgedAt).FirstAsync(ct);
            if (current is { } at) return new DrillAckOutcome(true, at);
            throw new ConflictException("The drill is no longer running: acknowledgements no longer count.");
        }
        if (row.Relays)
        {
            // Received and relayed: the message reaches the next layer now.
            var children = await db.Set<DrillRecipient>().Where(r => r.DrillId == drill.Id && r.ParentOrganizationId == row.OrganizationId && r.ReceivedAt == null)
                .Select(r => r.OrganizationId).ToListAsync(ct);
            if (children.Count > 0)
            {
                await db.Set<DrillRecipient>().Where(r => r.DrillId == drill.Id && r.ParentOrganizationId == row.OrganizationId && r.ReceivedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReceivedAt, now), ct);
                starter.Notify(drill.Id, children, now);
                await db.SaveChangesAsync(ct);
            }
        }
        await audit.AppendAsync(db, record, ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return new DrillAckOutcome(false, now);
    }
}
