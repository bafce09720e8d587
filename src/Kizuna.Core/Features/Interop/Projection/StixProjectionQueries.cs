using System.Text.Json;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Provision;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Interop.Projection;

/// <summary>
/// The STIX projection of one advisory or report for one viewer (<c>GET /api/v1/advisories/{id}/stix</c>,
/// <c>GET /api/v1/reports/{id}/stix</c>). An advisory is found as its page finds it
/// (<see cref="AdvisoryAccess.Readable"/>); a report through the disclosure policy, projected at the
/// view level <see cref="DisclosurePolicy.ReportView"/> gives: the sanitized view (pseudonymous
/// creator) for everyone but the reporter and those its identity choice names. Not visible: 404.
/// Reading an AMBER+STRICT or RED item is audited, as on its page.
/// </summary>
public sealed class StixProjectionQueries(KizunaDb db, ReportAccess access, AuditTrail audit)
{
    public async Task<StixProjection> AdvisoryAsync(Viewer viewer, Guid id, CancellationToken ct = default)
    {
        var advisory = await AdvisoryAccess.Readable(db, viewer).AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new NotFoundException("No such advisory.");
        var publisher = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == advisory.Distribution.OwnerOrganizationId, ct);
        if (DisclosurePolicy.ReadIsAudited(advisory) && advisory.Distribution.OwnerOrganizationId != viewer.OrganizationId)
        {
            await audit.AppendAsync(db, AuditRecord.By(viewer, "item.read", "advisory", advisory.Id.ToString("D"), TlpMarkings.Label(advisory.Distribution.Tlp) + ", STIX"), ct);
            await db.SaveChangesAsync(ct);
        }
        return AdvisoryProjection.Project(advisory, publisher);
    }

    public async Task<StixProjection> ReportAsync(Viewer viewer, Guid id, CancellationToken ct = default)
    {
        var report = await access.FindAsync(id, viewer, ct);
        if (report.IsDraft) throw new NotFoundException("The report has not been submitted yet; a draft has no STIX form.");
        var version = report.LastSubmittedAt ?? report.UpdatedAt;
        StixProjection projection;
        if (await access.LevelAsync(report, viewer, ct) == ReportViewLevel.Full)
        {
            var latest = await db.ReportSubmissions.AsNoTracking().Where(s => s.ReportId == report.Id).OrderByDescending(s => s.Number).FirstAsync(ct);
            var content = JsonSerializer.Deserialize<ReportContent>(latest.ContentJson, ReportValidator.Json)!;
            var reporter = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == report.ReporterOrganizationId, ct);
            projection = ReportProjection.Full(report, content, reporter, version);
        }
        else
        {
            var view = ReportQueries.SanitizedOf(report.SanitizedJson)
                ?? throw new NotFoundException("The report has no sanitized view: its reporter refused onward sharing.");
            projection = ReportProjection.Sanitized(report, view, version);
        }
        if (!ReportAccess.IsReporter(report, viewer) && DisclosurePolicy.ReadIsAudited(report))
        {
            await audit.AppendAsync(db, AuditRecord.By(viewer, "item.read", "report", report.Id.ToString("D"), TlpMarkings.Label(report.Distribution.Tlp) + ", STIX"), ct);
            await db.SaveChangesAsync(ct);
        }
        return projection;
    }
}
