using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Crisis;
using Kizuna.Core.Features.Exercises;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Liaison;

/// <summary>
/// Who a report reaches: its first hop and every organisation in its audience, with the view each
/// gets. <see cref="CrisisId"/> names the active crisis whose direct reporting route added the
/// coordinator (null in normal times).
/// </summary>
public sealed record RoutePlan(Guid FirstHop, IReadOnlyList<Guid> Audience, IReadOnlyCollection<Guid> Ministries, Guid Coordinator, Guid? CrisisId = null);

/// <summary>
/// Works out a report's route. The first hop is the sector's current ministry (default), the
/// secretariat of the chosen CEPTOAR, or the coordinator. The audience is the reporter, the first
/// hop, the sector ministries when the reporter lets them know its identity, and the coordinator
/// on the direct route (others get it when it is forwarded). While a crisis is active for the
/// reporting operator's sector and region (<see cref="CrisisScope"/>), the crisis structure's direct
/// reporting route (別紙4-2) adds the coordinator to a new report's audience at once; it reads the
/// view <see cref="DisclosurePolicy.ReportView(Guid, string, Guid, string, IReadOnlyCollection{Guid})"/> gives it, as anyone.
/// </summary>
public sealed class ReportRouter(KizunaDb db, LiaisonDirectory directory)
{
    public async Task<RoutePlan> PlanAsync(IncidentReport report, ReportRouting routing, string sectorCode, CancellationToken ct = default)
    {
        var ministries = await directory.MinistriesOfAsync(sectorCode, ct);
        var coordinator = (await directory.CoordinatorAsync(ct)).Id;
        if (!report.IsDraft)
        {
            var current = report.Distribution.Audience.Where(a => a.Kind == AudienceKind.Organization).Select(a => Guid.Parse(a.Value)).ToList();
            return new RoutePlan(report.FirstHopOrganizationId!.Value, current, ministries, coordinator, report.CrisisId);
        }
        var firstHop = routing.Route switch
        {
            ReportRoutes.Coordinator => coordinator,
            ReportRoutes.Ceptoar => await db.Ceptoars.Where(c => c.Code == routing.CeptoarCode).Select(c => c.SecretariatOrganizationId).FirstOrDefaultAsync(ct)
                ?? throw new InputException("ceptoarCode", $"The CEPTOAR '{routing.CeptoarCode}' has no secretariat in the directory to receive reports."),
            _ => ministries.Count > 0 ? ministries.First()
                : throw new InputException("route", "No ministry is responsible for this sector today; choose the coordinator route."),
        };
        // An exercise report reaches the exercise's members only (ExerciseMembership): its first hop must take part.
        var members = report.ExerciseId is { } exerciseId ? await ExerciseMembership.MembersAsync(db, exerciseId, ct) : null;
        if (members is not null && !members.Contains(firstHop))
            throw new InputException("route", "The first hop of this route does not take part in the exercise; choose a route to an organisation that does (for example the coordinator route).");
        var audience = new List<Guid> { report.ReporterOrganizationId, firstHop };
        if (routing.IdentityDisclosure != IdentityDisclosures.None) audience.AddRange(ministries);
        if (routing.Route == ReportRoutes.Coordinator) audience.Add(coordinator);
        var crisis = await CrisisScope.ActiveForAsync(db, report.ReporterOrganizationId, sectorCode, ct, report.ExerciseId);
        if (crisis is not null) audience.Add(coordinator);
        if (members is not null) audience.RemoveAll(id => id != report.ReporterOrganizationId && !members.Contains(id));
        return new RoutePlan(firstHop, audience.Distinct().ToList(), ministries, coordinator, crisis?.Id);
    }

    /// <summary>Each recipient (all but the reporter) with its role on the route and the view it gets.</summary>
    public async Task<IReadOnlyList<RecipientView>> RecipientsAsync(IncidentReport report, string identityDisclosure, RoutePlan plan, bool includeCoordinator, CancellationToken ct = default)
    {
        var ids = plan.Audience.Append(plan.Coordinator).Where(id => id != report.ReporterOrganizationId).Distinct().ToList();
        if (!includeCoordinator && !plan.Audience.Contains(plan.Coordinator)) ids.Remove(plan.Coordinator);
        var orgs = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.Code, o.NameJa, o.NameEn, o.Kind }).ToListAsync(ct);
        return orgs.Select(o => new RecipientView(o.Code, o.NameJa, o.NameEn,
                o.Id == plan.FirstHop ? RecipientRoles.FirstHop
                    : o.Id == plan.Coordinator ? (plan.CrisisId is not null ? RecipientRoles.CrisisRoute : RecipientRoles.Coordinator)
                    : RecipientRoles.SectorMinistry,
                DisclosurePolicy.ReportView(o.Id, o.Kind, report.ReporterOrganizationId, identityDisclosure, plan.Ministries) == ReportViewLevel.Full ? "full" : "sanitized"))
            .OrderBy(r => r.Role == RecipientRoles.FirstHop ? 0 : r.Role == RecipientRoles.SectorMinistry ? 1 : 2).ToList();
    }
}

/// <summary>The role of a recipient on a report's route.</summary>
public static class RecipientRoles
{
    public const string FirstHop = "first-hop";
    public const string SectorMinistry = "sector-ministry";
    /// <summary>The coordinator, once the report is forwarded (or previewed as the next hop).</summary>
    public const string Coordinator = "coordinator";
    /// <summary>The coordinator on the crisis structure's direct reporting route (別紙4-2): it gets the report at once.</summary>
    public const string CrisisRoute = "crisis-route";
}
