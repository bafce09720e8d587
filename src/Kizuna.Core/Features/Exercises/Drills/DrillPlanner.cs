using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Provision;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Exercises.Drills;

/// <summary>One organisation on a drill's chain: its layer, who passes the message to it, its first sector, and whether it relays.</summary>
public sealed record DrillHop(Guid OrganizationId, int Hop, Guid ParentOrganizationId, string? SectorCode, bool Relays);

/// <summary>
/// Works out a drill's chain over today's directory, with the rules real messages follow. Down: the
/// relay chain of <see cref="RelayPlanner"/> for a TLP:GREEN distribution over the chosen sectors
/// (or the whole community), so coordinator → ministries → CEPTOARs → operators, a ministry's drill
/// ministry → CEPTOARs → operators. Up: the operator's report route as <see cref="ReportRouter"/>
/// takes it: its sector's ministry (default) or its CEPTOAR's secretariat, then the coordinator; or
/// the coordinator directly.
/// </summary>
public sealed class DrillPlanner(KizunaDb db, RelayPlanner relays, LiaisonDirectory directory)
{
    public async Task<IReadOnlyList<DrillHop>> PlanAsync(Drill drill, CancellationToken ct = default)
    {
        if (drill.Direction == DrillDirections.Down)
        {
            var audience = drill.SectorCodes.Count == 0 ? [AudienceEntry.Community()] : drill.SectorCodes.Select(AudienceEntry.Sector).ToList();
            var plan = await relays.PlanAsync(new Distribution(Tlp.Green, drill.OriginOrganizationId, audience), ct);
            return plan.Recipients.Select(r => new DrillHop(r.OrganizationId, r.Hop, r.ParentOrganizationId, r.SectorCode, r.Relays)).ToList();
        }

        var origin = await db.Organizations.AsNoTracking().Where(o => o.Id == drill.OriginOrganizationId)
            .Select(o => new { o.Id, Sectors = o.Sectors.OrderBy(s => s.Code).Select(s => s.Code).ToList(), Ceptoars = o.Ceptoars.OrderBy(c => c.Code).Select(c => c.SecretariatOrganizationId).ToList() })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("The originating organisation is not in the directory.");
        var sector = origin.Sectors.FirstOrDefault()
            ?? throw new InputException("direction", "An up drill travels a report route, which starts from an organisation with a sector; yours has none.");
        var coordinator = (await directory.CoordinatorAsync(ct)).Id;
        Guid? first = drill.Route switch
        {
            DrillRoutes.Coordinator => null,
            DrillRoutes.Ceptoar => origin.Ceptoars.FirstOrDefault(s => s is not null && s != origin.Id)
                ?? throw new InputException("route", "Your organisation belongs to no CEPTOAR with a secretariat in the directory; choose the ministry or coordinator route."),
            _ => (await directory.MinistriesOfAsync(sector, ct)).OrderBy(id => id).Cast<Guid?>().FirstOrDefault()
                 ?? throw new InputException("route", "No ministry is responsible for your sector today; choose the coordinator route."),
        };
        var ids = first is { } f ? new[] { f, coordinator } : [coordinator];
        var sectors = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id))
            .Select(o => new { o.Id, Sector = o.Sectors.OrderBy(s => s.Code).Select(s => s.Code).FirstOrDefault() }).ToDictionaryAsync(o => o.Id, o => o.Sector, ct);
        return first is { } hop1
            ? [new DrillHop(hop1, 1, origin.Id, sectors.GetValueOrDefault(hop1), true), new DrillHop(coordinator, 2, hop1, sectors.GetValueOrDefault(coordinator), false)]
            : [new DrillHop(coordinator, 1, origin.Id, sectors.GetValueOrDefault(coordinator), false)];
    }
}
