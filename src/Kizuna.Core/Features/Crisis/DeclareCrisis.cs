using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Crisis;

/// <summary>A declaration as a client writes it: sector codes, optional regions (prefecture codes such as <c>JP-13</c> or area codes such as <c>kanto</c>), and the cause.</summary>
/// <remarks>With <see cref="ExerciseId"/> the crisis is simulated in that exercise: it asks only the exercise's participant operators (<see cref="ExerciseMembership"/>).</remarks>
public sealed record DeclareCrisis(IReadOnlyList<string> Sectors, string Cause, IReadOnlyList<string>? Regions = null, Guid? ExerciseId = null);

/// <summary>
/// Declares a large-scale failure (大規模IT障害の宣言): stores the declaration, one
/// <see cref="CrisisRecipient"/> per operator of the affected sectors (within the regions, if given),
/// and one urgent status request per operator in the outbox; all in one transaction with the audit
/// entry. Only analysts of the coordinator declare.
/// </summary>
public sealed class DeclareCrisisHandler(KizunaDb db, AuditTrail audit, TimeProvider clock)
{
    public const string NotifyChannel = "crisis-notify";

    public static bool MayManage(Viewer viewer)
        => viewer.HasRole(OrgRoles.Analyst) && viewer.OrganizationKind == OrganizationKinds.Coordinator;

    public async Task<CrisisDeclaration> HandleAsync(DeclareCrisis command, Viewer viewer, CancellationToken ct = default)
    {
        if (!MayManage(viewer)) throw new ForbiddenException("Only analysts of the coordinator declare a crisis.");
        var sectors = (command.Sectors ?? []).Select(s => (s ?? "").Trim()).Where(s => s.Length > 0).Distinct().ToList();
        var regions = (command.Regions ?? []).Select(s => (s ?? "").Trim()).Where(s => s.Length > 0).Distinct().ToList();
        var check = new InputCheck()
            .That(sectors.Count > 0, "sectors", "Choose at least one sector.")
            .That(sectors.Count <= CrisisLimits.MaxSectors, "sectors", $"At most {CrisisLimits.MaxSectors} sectors.")
            .That(regions.Count <= CrisisLimits.MaxRegions, "regions", $"At most {CrisisLimits.MaxRegions} regions.")
            .That(CrisisCauses.All.Contains(command.Cause ?? ""), "cause", $"Unknown cause '{command.Cause}'; use {string.Join(", ", CrisisCauses.All)}.");
        var known = await db.Sectors.AsNoTracking().Select(s => s.Code).ToListAsync(ct);
        foreach (var s in sectors.Where(s => !known.Contains(s))) check.Add("sectors", $"Unknown sector '{s}'.");
        var (inRegions, unknownRegions) = await CrisisScope.ExpandAsync(db, regions, ct);
        foreach (var r in unknownRegions) check.Add("regions", $"Unknown region '{r}'; use a prefecture code such as JP-13 or an area code such as kanto.");
        check.ThrowIfInvalid("The declaration is invalid.");
        var members = await ExerciseMembership.MembersIfAsync(db, command.ExerciseId, viewer.OrganizationId, ct);

        var now = clock.GetUtcNow();
        var operators = await db.Organizations.AsNoTracking().AsSplitQuery()
            .Where(o => o.Kind == OrganizationKinds.Operator && o.Sectors.Any(s => sectors.Contains(s.Code)))
            .Select(o => new { o.Id, o.RegionCode, Sectors = o.Sectors.Select(s => s.Code).ToList() })
            .ToListAsync(ct);
        var recipients = operators
            .Where(o => CrisisScope.Covers(inRegions, o.RegionCode))
            .Where(o => members is null || members.Contains(o.Id))
            .Select(o => (o.Id, Sector: o.Sectors.Where(sectors.Contains).Order(StringComparer.Ordinal).First()))
            .ToList();
        if (recipients.Count == 0)
            throw new InputException("sectors", members is null
                ? "No operator is registered in these sectors and regions: nobody would be asked for a status."
                : "No participant operator of the exercise is in these sectors and regions: nobody would be asked for a status.");

        var crisis = new CrisisDeclaration(sectors, inRegions.Count == 0 ? [] : regions, command.Cause!, viewer.UserId, viewer.OrganizationId, now);
        if (command.ExerciseId is { } exerciseId) crisis.MarkExercise(exerciseId);
        // Inside a caller's transaction (the exercise runner's, with its inject update) it joins that one.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        db.CrisisDeclarations.Add(crisis);
        foreach (var r in recipients)
        {
            db.CrisisRecipients.Add(new CrisisRecipient(crisis.Id, r.Id, r.Sector, now));
            db.Outbox.Add(OutboxMessage.Create(NotifyChannel, CrisisNotification.KeyOf(crisis.Id, r.Id, 0), "crisis.status-request",
                new CrisisNotification(crisis.Id, r.Id, 0), now, organizationId: r.Id, urgent: true));
        }
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "crisis.declared", "crisis", crisis.Id.ToString("D"),
            $"{crisis.Cause}: {string.Join(",", crisis.Sectors)}{(crisis.Regions.Count > 0 ? " in " + string.Join(",", crisis.Regions) : "")}; {recipients.Count} operators asked"), ct);
        if (tx is not null) await tx.CommitAsync(ct);
        return crisis;
    }
}

/// <summary>The outbox payload that asks one operator for its status (round 0) or reminds it (round 1, 2, …).</summary>
public sealed record CrisisNotification(Guid CrisisId, Guid OrganizationId, int Round)
{
    /// <summary>One key per crisis, operator and round: a round never reaches an operator twice.</summary>
    public static string KeyOf(Guid crisisId, Guid organizationId, int round)
        => round == 0 ? $"crisis:{crisisId:N}:request:{organizationId:N}" : $"crisis:{crisisId:N}:reminder:{round}:{organizationId:N}";
}
