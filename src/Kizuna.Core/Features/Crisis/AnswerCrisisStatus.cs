using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Crisis;

/// <summary>The status of one critical service as an operator gives it.</summary>
public sealed record ServiceStatusInput(string Service, string Status, DateTimeOffset? ExpectedRecovery = null, string? Needs = null);

/// <summary>An operator's answer to a status request: one or more of its sector's critical services.</summary>
public sealed record AnswerCrisisStatus(IReadOnlyList<ServiceStatusInput> Services);

/// <summary>
/// Records an operator's answer (状況報告): one new <see cref="CrisisStatusAnswer"/> row per service,
/// each the next version for that operator and service (the latest wins), and the first/last answer
/// times on its <see cref="CrisisRecipient"/>, and the board's live push (<see cref="CrisisLiveEvent"/>). Only an organisation that was asked answers, through a
/// member who may report (reporter, analyst or org admin); after stand-down it is a conflict.
/// </summary>
public sealed class AnswerCrisisStatusHandler(KizunaDb db, AuditTrail audit, TimeProvider clock, OutboxWorker outbox)
{
    private const int MaxAttempts = 5;

    public static bool MayAnswer(Viewer viewer)
        => viewer.HasRole(OrgRoles.Reporter) || viewer.HasRole(OrgRoles.Analyst) || viewer.HasRole(OrgRoles.OrgAdmin);

    public async Task HandleAsync(Guid crisisId, AnswerCrisisStatus command, Viewer viewer, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var live = await TryAsync(crisisId, command, viewer, ct);
                await outbox.DeliverNowAsync([live], ct);
                return;
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // Another member of the organisation answered the same service at the same moment: take the next version.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Records the answer; returns the id of the board's live push queued with it.</summary>
    private async Task<Guid> TryAsync(Guid crisisId, AnswerCrisisStatus command, Viewer viewer, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var entry = await CrisisRoomGate.EnterAsync(db, viewer, crisisId, now, track: true, ct);
        if (entry.Recipient is not { } recipient) throw new ForbiddenException("Only operators asked for their status answer it.");
        if (!MayAnswer(viewer)) throw new ForbiddenException("Answering needs the reporter, analyst or org-admin role.");
        entry.Crisis.RequireActive();

        var items = command.Services ?? [];
        var check = new InputCheck()
            .That(items.Count > 0, "services", "Give the status of at least one critical service.")
            .That(items.Count <= CrisisLimits.MaxServicesPerAnswer, "services", $"At most {CrisisLimits.MaxServicesPerAnswer} services per answer.");
        var org = viewer.OrganizationId;
        var crisisSectors = entry.Crisis.Sectors;
        var mySectors = await db.Organizations.AsNoTracking().Where(o => o.Id == org).SelectMany(o => o.Sectors.Select(s => s.Code)).ToListAsync(ct);
        var answerable = mySectors.Where(crisisSectors.Contains).ToList();
        var services = await db.CriticalServices.AsNoTracking().Where(s => answerable.Contains(s.Sector!.Code))
            .Select(s => new { s.Code, Sector = s.Sector!.Code }).ToDictionaryAsync(s => s.Code, s => s.Sector, ct);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in items)
        {
            var code = i?.Service ?? "";
            check.That(services.ContainsKey(code), "services", $"'{code}' is not a critical service of your sector in this crisis.")
                .That(seen.Add(code), "services", $"'{code}' is given twice.")
                .That(ServiceStatuses.All.Contains(i?.Status ?? ""), "status", $"Unknown status '{i?.Status}'; use {string.Join(", ", ServiceStatuses.All)}.")
                .MaxLength("needs", i?.Needs, CrisisLimits.MaxNeedsLength);
        }
        check.ThrowIfInvalid("The answer is invalid.");

        var codes = items.Select(i => i.Service).ToList();
        var versions = await db.CrisisStatusAnswers.AsNoTracking()
            .Where(a => a.CrisisId == crisisId && a.OrganizationId == org && codes.Contains(a.ServiceCode))
            .GroupBy(a => a.ServiceCode).Select(g => new { g.Key, Max = g.Max(a => a.Version) })
            .ToDictionaryAsync(g => g.Key, g => g.Max, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var i in items)
            db.CrisisStatusAnswers.Add(new CrisisStatusAnswer(crisisId, org, services[i.Service], i.Service, versions.GetValueOrDefault(i.Service) + 1,
                i.Status, i.ExpectedRecovery, i.Needs, viewer.UserId, now));
        recipient.Answered(now);
        var live = CrisisLiveEvent.For(crisisId, $"answer:{org:N}:{Guid.NewGuid():N}", now);
        db.Outbox.Add(live);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "crisis.answered", "crisis", crisisId.ToString("D"),
            string.Join(", ", items.Select(i => $"{i.Service}={i.Status}"))), ct);
        await tx.CommitAsync(ct);
        return live.Id;
    }
}
