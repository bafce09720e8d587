using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Leases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
/// second guard. The background loop runs each round under the lease <see cref="LeaseName"/>, so
/// with several nodes only one does the work at a time; when the lease store (Redis) is unreachable
/// it runs the round anyway (the conditional updates keep each step exactly once; the lease only
/// saves duplicate work). Driven by <see cref="TimeProvider"/>, so tests run it on a fake clock.
/// </summary>
public sealed class HotlineEscalator(IServiceScopeFactory scopes, IOptions<HotlineOptions> options, IOptions<DeliveryOptions> delivery,
    TimeProvider clock, ILeaseProvider leases, ILogger<HotlineEscalator> log) : BackgroundService
{
    public const string PrimaryRole = "primary";
    public const string BackupRole = "backup";

    /// <summary>The lease a round runs under (Redis key <c>{prefix}:lease:hotline-escalator</c>).</summary>
    public const string LeaseName = "hotline-escalator";

    /// <summary>How long a round's lease lasts (renewed while the round runs): three poll intervals, at least a second.</summary>
    public TimeSpan LeaseTtl
    {
        get
        {
            var ttl = options.Value.EscalationPollInterval * 3;
            return ttl < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : ttl > LeaseLimits.MaxTtl ? LeaseLimits.MaxTtl : ttl;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.EscalatorEnabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunRoundAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Hotline escalation round failed; retrying after the poll interval.");
            }
            try { await Task.Delay(options.Value.EscalationPollInterval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>One round under the lease: skipped when another node holds it, run anyway when the lease store is unreachable.</summary>
    public Task<LeasedRun> RunRoundAsync(CancellationToken ct = default)
        => leases.RunAsync(LeaseName, LeaseTtl, RunOnceAsync, runWhenUnavailable: true, log, ct);

    /// <summary>One round: every step that is due now. Returns how many steps this call took.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
        var links = scope.ServiceProvider.GetRequiredService<HotlineAckLinks>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        var now = clock.GetUtcNow();
        var o = options.Value;
        var earliest = now - o.Escalation.Values.Min(p => p.T1);
        var candidates = await (from a in db.AlertAcknowledgements.AsNoTracking()
                                join h in db.HotlineAlerts.AsNoTracking() on a.AlertId equals h.Id
                                where a.AcknowledgedAt == null && a.EscalationLevel < AlertAcknowledgement.MaxLevel && h.CreatedAt <= earliest
                                select new { a.Id, a.AlertId, a.OrganizationId, a.EscalationLevel, h.Class, h.CreatedAt })
            .ToListAsync(ct);
        var steps = 0;
        foreach (var c in candidates.OrderBy(c => c.CreatedAt))
        {
            var due = o.PolicyFor(c.Class).DueLevel(now - c.CreatedAt);
            for (var level = c.EscalationLevel; level < due; level++)
            {
                if (!await TryAdvanceAsync(db, links, audit, c.Id, c.AlertId, c.OrganizationId, level, now, ct)) break;
                steps++;
            }
        }
        return steps;
    }

    private async Task<bool> TryAdvanceAsync(KizunaDb db, HotlineAckLinks links, AuditTrail audit, Guid ackId, Guid alertId, Guid organizationId,
        int level, DateTimeOffset now, CancellationToken ct)
    {
        var next = level + 1;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = db.AlertAcknowledgements.Where(a => a.Id == ackId && a.EscalationLevel == level && a.AcknowledgedAt == null);
        var changed = next switch
        {
            1 => await row.ExecuteUpdateAsync(s => s.SetProperty(a => a.EscalationLevel, next).SetProperty(a => a.Level1At, now), ct),
            2 => await row.ExecuteUpdateAsync(s => s.SetProperty(a => a.EscalationLevel, next).SetProperty(a => a.Level2At, now), ct),
            _ => await row.ExecuteUpdateAsync(s => s.SetProperty(a => a.EscalationLevel, next).SetProperty(a => a.Level3At, now), ct),
        };
        if (changed == 0)
        {
            // Acknowledged meanwhile, or another escalator took this step.
            await tx.RollbackAsync(CancellationToken.None);
            return false;
        }
        var alert = await db.HotlineAlerts.AsNoTracking().FirstAsync(h => h.Id == alertId, ct);
        var org = await db.Organizations.AsNoTracking().FirstAsync(x => x.Id == organizationId, ct);
        var sent = 0;
        if (next <= 2)
        {
            var sender = await db.Organizations.AsNoTracking().FirstAsync(x => x.Id == alert.Distribution.OwnerOrganizationId, ct);
            var role = next == 1 ? PrimaryRole : BackupRole;
            var baseUrl = delivery.Value.PublicBaseUrl.TrimEnd('/');
            foreach (var address in org.Contacts.Where(c => c.Role == role && OrganizationDeliverySettings.IsEmailAddress(c.Email))
                         .Select(c => c.Email!).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                db.Outbox.Add(HotlineMail.Create(links, alert, sender, org.Id, address, true, Guid.Empty,
                    $"hotline:{alert.Id:N}:esc{next}:{org.Id:N}:{OrganizationFanOut.AddressKey(address)}", next, baseUrl, now));
                sent++;
            }
        }
        await audit.AppendAsync(db, AuditRecord.By(Viewer.System, "hotline.escalated", "hotline-alert", alert.Id.ToString("D"),
            $"{org.Code} to level {next}" + (next <= 2 ? $", {sent} contact mails" : ", flagged on the board")), ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return true;
    }
}
