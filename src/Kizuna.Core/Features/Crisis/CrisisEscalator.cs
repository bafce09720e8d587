using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Hotline;
using Kizuna.Core.Leases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Crisis;

/// <summary>
/// Escalates unanswered status requests (状況報告の依頼) of active crises, as hotline alerts are
/// (<see cref="Escalator"/>), by <see cref="CrisisOptions.Escalation"/> counted from the request: at T1
/// a mail to the operator's primary contacts, at T2 to its backup contacts, at T3 a flag on the crisis
/// board. Each step is one transaction: a conditional update (<c>level = n and not answered and the
/// crisis active</c>), the mails in the outbox (idempotency keys per crisis, operator, level and
/// address), the board's live push (<see cref="CrisisLiveEvent"/>) and the audit row. It stops when the operator answers or the crisis is stood down.
/// </summary>
public sealed class CrisisEscalator(IServiceScopeFactory scopes, IOptions<CrisisOptions> options, IOptions<DeliveryOptions> delivery,
    TimeProvider clock, ILeaseProvider leases, ILogger<CrisisEscalator> log) : Escalator(scopes, clock, leases, log)
{
    /// <summary>The lease a round runs under (Redis key <c>{prefix}:lease:crisis-escalator</c>).</summary>
    public const string LeaseName = "crisis-escalator";

    protected override string RoundLease => LeaseName;
    protected override bool Enabled => options.Value.EscalatorEnabled;
    protected override TimeSpan PollInterval => options.Value.EscalationPollInterval;

    protected override async Task<IReadOnlyList<Candidate>> CandidatesAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        var policy = options.Value.Escalation;
        var earliest = now - policy.T1;
        var db = services.GetRequiredService<KizunaDb>();
        return (await (from r in db.CrisisRecipients.AsNoTracking()
                       join c in db.CrisisDeclarations.AsNoTracking() on r.CrisisId equals c.Id
                       where r.FirstAnsweredAt == null && r.EscalationLevel < MaxLevel && c.Status == CrisisStates.Active && r.RequestedAt <= earliest
                       select new { r.Id, r.CrisisId, r.OrganizationId, r.EscalationLevel, r.RequestedAt })
                .ToListAsync(ct))
            .Select(r => new Candidate(r.Id, r.CrisisId, r.OrganizationId, r.EscalationLevel, r.RequestedAt, policy)).ToList();
    }

    protected override async Task<bool> TakeStepAsync(IServiceProvider services, Candidate c, int level, DateTimeOffset now, CancellationToken ct)
    {
        var db = services.GetRequiredService<KizunaDb>();
        var live = CrisisLiveEvent.For(c.SubjectId, $"step:{c.RowId:N}:{level + 1}", now);
        var taken = await StepAsync(db,
            () => RaiseLevelAsync(
                db.CrisisRecipients.Where(r => r.Id == c.RowId && r.EscalationLevel == level && r.FirstAnsweredAt == null
                                               && db.CrisisDeclarations.Any(d => d.Id == r.CrisisId && d.Status == CrisisStates.Active)),
                level, now, r => r.EscalationLevel, r => r.Level1At, r => r.Level2At, r => r.Level3At, ct),
            async () =>
            {
                var next = level + 1;
                var crisis = await db.CrisisDeclarations.AsNoTracking().FirstAsync(d => d.Id == c.SubjectId, ct);
                var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == c.OrganizationId, ct);
                var addresses = ContactAddresses(org, next);
                var link = $"{delivery.Value.PublicBaseUrl.TrimEnd('/')}/crises/{crisis.Id}";
                var (subject, text) = CrisisNotificationHandler.Compose(crisis, 0, true, link, next);
                foreach (var address in addresses)
                    db.Outbox.Add(OutboxMessage.Create(OutboxChannels.Email, MailKey($"crisis:{crisis.Id:N}", org.Id, next, address), "crisis.escalated",
                        new EmailPayload(address, subject, text, null, "ja"), now, now, org.Id, null, address, urgent: true));
                db.Outbox.Add(live);
                await services.GetRequiredService<AuditTrail>().AppendAsync(db, AuditRecord.By(Viewer.System, "crisis.escalated", "crisis",
                    crisis.Id.ToString("D"), StepDetail(org.Code, next, addresses.Count)), ct);
            }, ct);
        if (taken) await services.GetRequiredService<OutboxWorker>().DeliverNowAsync([live.Id], ct);
        return taken;
    }
}
