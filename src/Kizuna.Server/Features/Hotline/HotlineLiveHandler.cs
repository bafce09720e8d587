using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Hotline;
using Kizuna.Stix;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Server.Features.Hotline;

/// <summary>
/// Delivers the hotline's live pushes (<see cref="HotlineLiveEvent"/>) to the SignalR groups, one
/// per organisation: an alert to each recipient organisation the disclosure policy lets see it,
/// an acknowledgement to the sending organisation (its board). Runs from the outbox, at least once:
/// right after the commit through the express lane, else by the worker on any node. With Redis the
/// group sends go through the backplane to every node. While Redis is unreachable a send would reach
/// this node's connections only (or wait in the Redis client's backlog and fail), so the push is
/// postponed (<see cref="OutboxResult.Postpone"/>, no attempt counted) until the backplane is back;
/// a send that fails anyway throws and is retried. Clients deduplicate on the alert's sequence
/// number. After an alert it wakes the SSE streams of every node (<see cref="IHotlineWake"/>).
/// </summary>
public sealed class HotlineLiveHandler(IHubContext<HotlineHub> hub, IHotlineWake wake) : IOutboxHandler
{
    /// <summary>How long a push waits before it looks at the backplane again.</summary>
    public static readonly TimeSpan BackplaneRetry = TimeSpan.FromSeconds(1);

    public string Channel => HotlineLiveEvent.Channel;

    /// <summary>
    /// The postponement of a live push while the group sends would not reach every node (Redis, the
    /// backplane, unreachable or just back), else null. Every live handler on the hub asks this first.
    /// </summary>
    public static OutboxResult? WaitForBackplane(IHotlineWake wake)
        => wake.ReachesAllNodes ? null : OutboxResult.Postpone("Redis (the SignalR backplane) is unreachable; the live push waits for it.", BackplaneRetry);

    public async Task<OutboxResult> HandleAsync(OutboxMessage message, KizunaDb db, CancellationToken ct)
    {
        if (WaitForBackplane(wake) is { } postponed) return postponed;
        var e = message.ReadPayload<HotlineLiveEvent>();
        var alert = await db.HotlineAlerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == e.AlertId, ct);
        if (alert is null) return OutboxResult.Permanent("The alert no longer exists.");
        switch (e.Kind)
        {
            case HotlineLiveEvent.Sent:
                await PushAlertAsync(db, alert, ct);
                await wake.WakeAsync(ct);
                return OutboxResult.Delivered;
            case HotlineLiveEvent.Acknowledged when e.OrganizationId is { } org:
                await PushAcknowledgementAsync(db, alert, org, ct);
                return OutboxResult.Delivered;
            default:
                return OutboxResult.Permanent($"Unknown live event '{e.Kind}'.");
        }
    }

    private async Task PushAlertAsync(KizunaDb db, HotlineAlert alert, CancellationToken ct)
    {
        var recipients = await db.AlertAcknowledgements.AsNoTracking().Where(a => a.AlertId == alert.Id)
            .Join(db.Organizations.AsNoTracking().AsSplitQuery(), a => a.OrganizationId, o => o.Id,
                (a, o) => new { o.Id, o.Code, o.Kind, o.TrustTier, Sectors = o.Sectors.OrderBy(s => s.Code).Select(s => s.Code).ToList() })
            .ToListAsync(ct);
        // The acknowledgement rows were made by the audience rule; asking the policy again per organisation keeps the push in its hands.
        var groups = recipients
            .Where(o => DisclosurePolicy.CanSee(Viewer.ForOrganization(o.Id, o.Code, o.Kind, o.Sectors, o.TrustTier), alert))
            .Select(o => HotlineHub.OrganizationGroup(o.Id)).ToList();
        if (groups.Count == 0) return;
        var sender = await db.Organizations.AsNoTracking().Where(o => o.Id == alert.Distribution.OwnerOrganizationId).Select(o => o.Code).FirstAsync(ct);
        var pushed = new LiveAlert(alert.Id, alert.Sequence, alert.Direction, alert.Class, alert.Severity, TlpMarkings.Label(alert.Distribution.Tlp), alert.Title, alert.Message,
            sender, alert.CreatedAt, $"/hotline/{alert.Id}", await ExerciseMarks.OfAsync(db, alert.ExerciseId, ct));
        foreach (var chunk in groups.Chunk(500))
            await hub.Clients.Groups(chunk).SendAsync(HotlineHub.AlertMethod, pushed, ct);
    }

    private async Task PushAcknowledgementAsync(KizunaDb db, HotlineAlert alert, Guid organizationId, CancellationToken ct)
    {
        var row = await (from a in db.AlertAcknowledgements.AsNoTracking()
                         join o in db.Organizations.AsNoTracking() on a.OrganizationId equals o.Id
                         where a.AlertId == alert.Id && a.OrganizationId == organizationId
                         select new { o.Code, a.AcknowledgedAt, a.AcknowledgedVia }).FirstOrDefaultAsync(ct);
        if (row?.AcknowledgedAt is not { } at) return;
        var recipients = await db.AlertAcknowledgements.CountAsync(a => a.AlertId == alert.Id, ct);
        var acknowledged = await db.AlertAcknowledgements.CountAsync(a => a.AlertId == alert.Id && a.AcknowledgedAt != null, ct);
        await hub.Clients.Group(HotlineHub.OrganizationGroup(alert.Distribution.OwnerOrganizationId))
            .SendAsync(HotlineHub.AcknowledgedMethod, new LiveAcknowledgement(alert.Id, row.Code, at, row.AcknowledgedVia ?? "", recipients, acknowledged), ct);
    }
}
