using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Liaison;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Exercises.Drills;

/// <summary>
/// A drill as its starter writes it: direction, title, message; for down the chosen sectors (none:
/// the whole chain, or a ministry's own sectors), for up the report route; optionally a start in
/// the future (<see cref="ScheduledAt"/>) and how many minutes acknowledgements count.
/// </summary>
public sealed record StartDrill(string Direction, string Title, string Message, IReadOnlyList<string>? Sectors = null, string? Route = null,
    DateTimeOffset? ScheduledAt = null, int? DurationMinutes = null);

/// <summary>
/// Creates a drill and, unless it is scheduled for later, starts it at once (<see cref="DrillStarter"/>).
/// Who may start (kept simple, as for hotline alerts): a down drill, analysts of the coordinator (any
/// sectors) or of a ministry (only sectors it is responsible for today); an up drill, members of an
/// operator or peripheral member who may report. The chain is planned now as well, so a drill that
/// would reach nobody is refused before it is stored.
/// </summary>
public sealed class StartDrillHandler(KizunaDb db, DrillPlanner planner, DrillStarter starter, LiaisonDirectory directory, AuditTrail audit,
    IOptions<DrillOptions> options, TimeProvider clock)
{
    /// <summary>A small allowance for clocks: a start this close to now counts as "now", not as the past.</summary>
    public static readonly TimeSpan PastTolerance = TimeSpan.FromMinutes(1);

    public static bool MayStart(Viewer viewer, string direction) => direction == DrillDirections.Up
        ? viewer.OrganizationKind is OrganizationKinds.Operator or OrganizationKinds.Peripheral
          && (viewer.HasRole(OrgRoles.Reporter) || viewer.HasRole(OrgRoles.Analyst) || viewer.HasRole(OrgRoles.OrgAdmin))
        : viewer.HasRole(OrgRoles.Analyst) && viewer.OrganizationKind is OrganizationKinds.Coordinator or OrganizationKinds.Ministry;

    public async Task<Drill> HandleAsync(StartDrill command, Viewer viewer, CancellationToken ct = default)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var direction = command.Direction ?? "";
        if (DrillDirections.All.Contains(direction) && !MayStart(viewer, direction))
            throw new ForbiddenException(direction == DrillDirections.Up
                ? "Only members of an operator who may report start an up drill."
                : "Only analysts of the coordinator, or of a ministry for its sectors, start a down drill.");
        var sectors = (command.Sectors ?? []).Select(s => (s ?? "").Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var check = new InputCheck()
            .That(command.ScheduledAt is null || command.ScheduledAt >= now - PastTolerance, "scheduledAt", "A drill cannot be scheduled in the past.")
            .That(command.ScheduledAt is null || command.ScheduledAt <= now + o.MaxScheduleAhead, "scheduledAt", $"A drill can be scheduled at most {o.MaxScheduleAhead.TotalDays:0} days ahead.")
            .That(command.DurationMinutes is null || (command.DurationMinutes >= 1 && command.DurationMinutes <= o.MaxDuration.TotalMinutes), "durationMinutes",
                $"The duration runs from 1 to {o.MaxDuration.TotalMinutes:0} minutes.")
            .That(direction != DrillDirections.Up || sectors.Count == 0, "sectors", "An up drill travels the starter's own report route; it takes no sectors.")
            .That(direction != DrillDirections.Down || command.Route is null, "route", "A down drill follows the relay chain; it takes no route.")
            .That(direction != DrillDirections.Up || command.Route is null || DrillRoutes.All.Contains(command.Route), "route", $"Unknown route '{command.Route}'; use {string.Join(", ", DrillRoutes.All)}.");
        if (sectors.Count > 0)
        {
            var known = await db.Sectors.AsNoTracking().Where(s => sectors.Contains(s.Code)).Select(s => s.Code).ToListAsync(ct);
            foreach (var s in sectors.Except(known)) check.Add("sectors", $"Unknown sector '{s}'.");
        }
        if (direction == DrillDirections.Down && viewer.OrganizationKind == OrganizationKinds.Ministry)
        {
            var own = await directory.SectorsOfMinistryAsync(viewer.OrganizationId, ct);
            foreach (var s in sectors.Where(s => !own.Contains(s))) check.Add("sectors", $"Your ministry is not responsible for the sector '{s}'.");
            if (sectors.Count == 0) sectors = own.Order(StringComparer.Ordinal).ToList();
            check.That(sectors.Count > 0, "sectors", "Your ministry is responsible for no sector today.");
        }
        check.ThrowIfInvalid("The drill is invalid.");
        var route = direction == DrillDirections.Up ? command.Route ?? DrillRoutes.Ministry : null;
        var duration = command.DurationMinutes is { } m ? TimeSpan.FromMinutes(m) : o.DefaultDuration;
        var scheduled = command.ScheduledAt is { } at && at > now ? at : (DateTimeOffset?)null;
        var drill = new Drill(direction, command.Title ?? "", command.Message ?? "", sectors, route, scheduled, duration, viewer.OrganizationId, viewer.UserId, now);

        var hops = await planner.PlanAsync(drill, ct);
        if (hops.Count == 0) throw new InputException("sectors", "The drill resolves to no organisation: nobody would receive it.");
        if (hops.Count > o.MaxRecipients) throw new InputException("sectors", $"The drill would reach {hops.Count} organisations; at most {o.MaxRecipients} (Drills:MaxRecipients).");

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.Set<Drill>().Add(drill);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, AuditRecord.By(viewer, "drill.created", "drill", drill.Id.ToString("D"),
                $"{drill.Direction}, {hops.Count} organisations planned" + (scheduled is null ? "" : $", scheduled for {scheduled:O}")), ct);
            await tx.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        // Started at once in its own transaction; should this node stop in between, the scheduler starts it (it is due).
        if (scheduled is null) await starter.StartAsync(drill.Id, viewer, ct);
        return await db.Set<Drill>().AsNoTracking().FirstAsync(d => d.Id == drill.Id, ct);
    }
}
