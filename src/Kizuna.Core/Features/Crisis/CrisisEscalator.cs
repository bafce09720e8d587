using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Hotline;
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
/// address) and the audit row. It stops when the operator answers or the crisis is stood down.
/// </summary>
public sealed class CrisisEscalator(IServiceScopeFactory scopes, IOptions<CrisisOptions> options, IOptions<DeliveryOptions> delivery,
    TimeProvider clock, ILogger<CrisisEscalator> log) : Escalator(clock, log)
{
    protected override bool Enabled => options.Value.EscalatorEnabled;
    protected override TimeSpan PollInterval => options.Value.EscalationPollInterval;

    public override async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        var now = Clock.GetUtcNow();
        var policy = options.Value.Escalation;
        var earliest = now - policy.T1;
        var candidates = await (from r in db.CrisisRecipients.AsNoTracking()
                                join c in db.CrisisDeclarations.AsNoTracking() on r.CrisisId equals c.Id
                                where r.FirstAnsweredAt == null && r.EscalationLevel < MaxLevel && c.Status == CrisisStates.Active && r.RequestedAt <= earliest
                                select new { r.Id, r.CrisisId, r.OrganizationId, r.EscalationLevel, r.RequestedAt })
            .ToListAsync(ct);
        var steps = 0;
        foreach (var c in candidates.OrderBy(c => c.RequestedAt))
            steps += await StepUpAsync(c.EscalationLevel, policy.DueLevel(now - c.RequestedAt),
                level => TryAdvanceAsync(db, audit, c.Id, c.CrisisId, c.OrganizationId, level, now, ct));
        return steps;
    }

    private Task<bool> TryAdvanceAsync(KizunaDb db, AuditTrail audit, Guid recipientId, Guid crisisId, Guid organizationId, int level,
        DateTimeOffset now, CancellationToken ct)
        => TakeStepAsync(db,
            () => RaiseLevelAsync(
                db.CrisisRecipients.Where(r => r.Id == recipientId && r.EscalationLevel == level && r.FirstAnsweredAt == null
                                               && db.CrisisDeclarations.Any(c => c.Id == r.CrisisId && c.Status == CrisisStates.Active)),
                level, now, r => r.EscalationLevel, r => r.Level1At, r => r.Level2At, r => r.Level3At, ct),
            async () =>
            {
                var next = level + 1;
                var crisis = await db.CrisisDeclarations.AsNoTracking().FirstAsync(c => c.Id == crisisId, ct);
                var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == organizationId, ct);
                var addresses = ContactAddresses(org, next);
                var link = $"{delivery.Value.PublicBaseUrl.TrimEnd('/')}/crises/{crisis.Id}";
                var (subject, text) = CrisisNotificationHandler.Compose(crisis, 0, true, link, next);
                foreach (var address in addresses)
                    db.Outbox.Add(OutboxMessage.Create(OutboxChannels.Email, MailKey($"crisis:{crisis.Id:N}", org.Id, next, address), "crisis.escalated",
                        new EmailPayload(address, subject, text, null, "ja"), now, now, org.Id, null, address, urgent: true));
                await audit.AppendAsync(db, AuditRecord.By(Viewer.System, "crisis.escalated", "crisis", crisis.Id.ToString("D"),
                    StepDetail(org.Code, next, addresses.Count)), ct);
            }, ct);
}
