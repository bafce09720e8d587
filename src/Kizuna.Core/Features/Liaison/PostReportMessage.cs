using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Identity;

namespace Kizuna.Core.Features.Liaison;

/// <summary>Adds a message to a report's thread: the hops ask questions, the reporter answers.</summary>
public sealed class PostReportMessageHandler(KizunaDb db, ReportAccess access, TimeProvider clock)
{
    public async Task<ReportMessage> HandleAsync(Guid reportId, string body, Viewer viewer, CancellationToken ct = default)
    {
        var report = await access.FindAsync(reportId, viewer, ct);
        var fromReporter = ReportAccess.IsReporter(report, viewer);
        if (report.IsDraft) throw new Errors.ConflictException("A draft has no thread yet.");
        if (!fromReporter && !viewer.HasRole(OrgRoles.Analyst)) throw new Errors.ForbiddenException("Only analysts of the hops write in a report's thread.");
        var message = new ReportMessage(report.Id, viewer.UserId, viewer.OrganizationId, fromReporter, body ?? "", clock.GetUtcNow());
        db.ReportMessages.Add(message);
        await db.SaveChangesAsync(ct);
        return message;
    }
}
