using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Leases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Hotline;

/// <summary>
/// Escalates unacknowledged recipients of urgent alerts, level by level, by the policy of the
/// alert's class (<see cref="EscalationPolicy"/>): at T1 a mail to the organisation's primary
/// contacts, at T2 to its backup contacts, at T3 a flag on the sender's board. Each step is one
/// transaction: a conditional update (<c>level = n and not acknowledged</c>) and the mails in the
/// outbox. Of two escalators running at once (threads or nodes) only one update matches, so each
/// level fires once; the mails' idempotency keys (alert, organisation, level, address) are the
/// second guard. Rounds run under the lease <see cref="LeaseName"/> (see <see cref="Escalator"/>).
/// Driven by <see cref="TimeProvider"/>, so tests run it on a fake clock.
/// </summary>
public sealed class HotlineEscalator(IServiceScopeFactory scopes, IOptions<HotlineOptions> options, IOptions<DeliveryOptions> delivery,
    TimeProvider clock, ILeaseProvider leases, ILogger<HotlineEscalator> log) : Escalator(scopes, clock, leases, log)
{
    /// <summary>The lease a round runs under (Redis key <c>{prefix}:lease:hotline-escalator</c>).</summary>
    public const string LeaseName = "hotline-escalator";

    protected override string RoundLease => LeaseName;
    protected override bool Enabled => options.Value.EscalatorEnabled;
    protected override TimeSpan PollInterval => options.Value.EscalationPollInterval;

    protected override async Task<IReadOnlyList<Candidate>> CandidatesAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var o = options.Value;
        var earliest = now - o.Escalation.Values.Min(p => p.T1);
        var db = services.GetRequiredService<KizunaDb>();
        return (await (from a in db.AlertAcknowledgements.AsNoTracking()
                       join h in db.HotlineAlerts.AsNoTracking() on a.AlertId equals h.Id
                       where a.AcknowledgedAt == null && a.EscalationLevel < MaxLevel && h.CreatedAt <= earliest
                       select new { a.Id, a.AlertId, a.OrganizationId, a.EscalationLevel, h.Class, h.CreatedAt })
                .ToListAsync(ct))
            .Select(c => new Candidate(c.Id, c.AlertId, c.OrganizationId, c.EscalationLevel, c.CreatedAt, o.PolicyFor(c.Class))).ToList();
    }

    protected override Task<bool> TakeStepAsync(IServiceProvider services, Candidate c, int level, DateTimeOffset now, CancellationToken ct)
    {
        var db = services.GetRequiredService<KizunaDb>();
        return StepAsync(db,
            () => RaiseLevelAsync(db.AlertAcknowledgements.Where(a => a.Id == c.RowId && a.EscalationLevel == level && a.AcknowledgedAt == null),
                level, now, a => a.EscalationLevel, a => a.Level1At, a => a.Level2At, a => a.Level3At, ct),
            async () =>
            {
                var next = level + 1;
                var alert = await db.HotlineAlerts.AsNoTracking().FirstAsync(h => h.Id == c.SubjectId, ct);
                var org = await db.Organizations.AsNoTracking().FirstAsync(x => x.Id == c.OrganizationId, ct);
                var addresses = ContactAddresses(org, next);
                if (addresses.Count > 0)
                {
                    var links = services.GetRequiredService<HotlineAckLinks>();
                    var sender = await db.Organizations.AsNoTracking().FirstAsync(x => x.Id == alert.Distribution.OwnerOrganizationId, ct);
                    var baseUrl = delivery.Value.PublicBaseUrl.TrimEnd('/');
                    foreach (var address in addresses)
                        db.Outbox.Add(HotlineMail.Create(links, alert, sender, org.Id, address, true, Guid.Empty,
                            MailKey($"hotline:{alert.Id:N}", org.Id, next, address), next, baseUrl, now));
                }
                await services.GetRequiredService<AuditTrail>().AppendAsync(db, AuditRecord.By(Viewer.System, "hotline.escalated", "hotline-alert",
                    alert.Id.ToString("D"), StepDetail(org.Code, next, addresses.Count)), ct);
            }, ct);
    }
}
