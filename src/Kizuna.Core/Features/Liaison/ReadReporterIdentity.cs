using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Liaison;

/// <summary>
/// Reads a reporter's identity from the vault, for those the reporter allowed; beyond that only
/// after a re-identification that two different platform admins agreed to. Every read is audited.
/// </summary>
public sealed class ReadReporterIdentityHandler(KizunaDb db, ReportAccess access, LiaisonDirectory directory, IdentityVault vault, AuditTrail audit, TimeProvider clock)
{
    public async Task<ReporterIdentityView> ReadAsync(Guid reportId, Viewer viewer, CancellationToken ct = default)
    {
        var report = await access.FindAsync(reportId, viewer, ct);
        var now = clock.GetUtcNow();
        var approved = viewer.IsPlatformAdmin && await db.ReIdentificationRequests.AsNoTracking()
            .Where(r => r.ReportId == report.Id && r.RequestedByUserId == viewer.UserId && r.ApprovedAt != null)
            .AnyAsync(r => r.ApprovedAt > now - ReIdentificationRequest.Validity, ct);
        if (!DisclosurePolicy.MayReadIdentity(viewer, report, await directory.MinistriesOfAsync(report.SectorCode, ct), approved))
            throw new ForbiddenException("The reporter did not allow you to know its identity.");
        var sealedIdentity = await db.ReporterIdentities.AsNoTracking().FirstOrDefaultAsync(i => i.ReportId == report.Id, ct)
            ?? throw new NotFoundException("This report has no identity yet (it is a draft).");
        var identity = vault.Open(sealedIdentity);
        if (!ReportAccess.IsReporter(report, viewer))
        {
            db.ReportEvents.Add(new ReportEvent(report.Id, "identity-read", viewer.UserId, viewer.OrganizationId, null, null, approved ? "re-identification" : null, now));
            await audit.AppendAsync(db, AuditRecord.By(viewer, "report.identity-read", "report", report.Id.ToString("D"), approved ? "by approved re-identification" : "allowed by the reporter"), ct);
        }
        return identity;
    }

    public async Task<ReIdentificationRequest> RequestAsync(Guid reportId, string reason, Viewer viewer, CancellationToken ct = default)
    {
        if (!viewer.IsPlatformAdmin) throw new ForbiddenException("Only platform admins request re-identification.");
        var report = await access.FindAsync(reportId, viewer, ct);
        var request = new ReIdentificationRequest(report.Id, viewer.UserId, reason, clock.GetUtcNow());
        db.ReIdentificationRequests.Add(request);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "report.reidentification-requested", "report", report.Id.ToString("D"), request.Reason), ct);
        return request;
    }

    public async Task ApproveAsync(Guid requestId, Viewer viewer, CancellationToken ct = default)
    {
        if (!viewer.IsPlatformAdmin) throw new ForbiddenException("Only platform admins approve re-identification.");
        var request = await db.ReIdentificationRequests.FirstOrDefaultAsync(r => r.Id == requestId, ct) ?? throw new NotFoundException("No such request.");
        request.Approve(viewer.UserId, clock.GetUtcNow());
        await audit.AppendAsync(db, AuditRecord.By(viewer, "report.reidentification-approved", "report", request.ReportId.ToString("D"), $"request {request.Id}"), ct);
    }
}
