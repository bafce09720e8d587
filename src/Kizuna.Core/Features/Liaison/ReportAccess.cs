using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Liaison;

/// <summary>Finds a report the viewer may see (through the disclosure policy) and tells what the viewer may do with it.</summary>
public sealed class ReportAccess(KizunaDb db, LiaisonDirectory directory)
{
    /// <summary>The report, tracked for changes, or 404 when it does not exist or the viewer may not see it.</summary>
    public async Task<IncidentReport> FindAsync(Guid id, Viewer viewer, CancellationToken ct = default)
        => await DisclosurePolicy.Visible(db.Reports, viewer).FirstOrDefaultAsync(r => r.Id == id, ct)
           ?? throw new NotFoundException("No such report.");

    public async Task<ReportViewLevel> LevelAsync(IncidentReport report, Viewer viewer, CancellationToken ct = default)
        => DisclosurePolicy.ReportView(viewer, report, await directory.MinistriesOfAsync(report.SectorCode, ct));

    public static bool IsReporter(IncidentReport report, Viewer viewer) => viewer.OrganizationId == report.ReporterOrganizationId;

    public static void RequireReporter(IncidentReport report, Viewer viewer)
    {
        if (!IsReporter(report, viewer) || !(viewer.HasRole(OrgRoles.Reporter) || viewer.HasRole(OrgRoles.OrgAdmin)))
            throw new ForbiddenException("Only the reporting organisation's reporters may do this.");
    }

    public static void RequireFirstHop(IncidentReport report, Viewer viewer)
    {
        if (report.FirstHopOrganizationId != viewer.OrganizationId || !viewer.HasRole(OrgRoles.Analyst))
            throw new ForbiddenException("Only the first hop's analysts may do this.");
    }

    public static void RequireCoordinator(Viewer viewer)
    {
        if (viewer.OrganizationKind != Directory.OrganizationKinds.Coordinator || !viewer.HasRole(OrgRoles.Analyst))
            throw new ForbiddenException("Only the coordinator's analysts may do this.");
    }
}
