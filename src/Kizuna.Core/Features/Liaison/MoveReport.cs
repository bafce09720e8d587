using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Liaison;

/// <summary>Triage input from the coordinator: a priority and links to related reports.</summary>
public sealed record TriageReport(string? Priority = null, IReadOnlyList<Guid>? RelatedReportIds = null, string? Note = null);

/// <summary>
/// Moves a report along the workflow: the first hop receives and forwards it (with a note), the
/// coordinator triages and closes it. Every step is recorded with who and when.
/// </summary>
public sealed class MoveReportHandler(KizunaDb db, ReportAccess access, LiaisonDirectory directory, AuditTrail audit, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Priorities = ["low", "normal", "high", "critical"];

    public async Task ReceiveAsync(Guid id, Viewer viewer, CancellationToken ct = default)
    {
        var report = await access.FindAsync(id, viewer, ct);
        ReportAccess.RequireFirstHop(report, viewer);
        await StepAsync(report, viewer, "received", null, () => report.Receive(clock.GetUtcNow()), ct);
    }

    public async Task ForwardAsync(Guid id, string? note, Viewer viewer, CancellationToken ct = default)
    {
        var report = await access.FindAsync(id, viewer, ct);
        ReportAccess.RequireFirstHop(report, viewer);
        new InputCheck().MaxLength("note", note, ReportLimits.MaxNoteLength).ThrowIfInvalid();
        var coordinator = await directory.CoordinatorAsync(ct);
        var level = DisclosurePolicy.ReportView(coordinator.Id, coordinator.Kind, report.ReporterOrganizationId, report.IdentityDisclosure,
            await directory.MinistriesOfAsync(report.SectorCode, ct));
        if (level == ReportViewLevel.Sanitized && report.SanitizedJson is null)
            throw new ConflictException($"The report cannot go to the coordinator: {report.SharingRefusedReason ?? "it has no sanitized view."}");
        var now = clock.GetUtcNow();
        await StepAsync(report, viewer, "forwarded", note, () =>
        {
            report.Forward(coordinator.Id, now);
            // The coordinator joins the audience: a new version of the shared projection that it may read.
            if (Interop.Projection.StixProjectionOutbox.ForReport(report, now) is { } projection) db.Outbox.Add(projection);
        }, ct);
    }

    public async Task TriageAsync(Guid id, TriageReport triage, Viewer viewer, CancellationToken ct = default)
    {
        var report = await access.FindAsync(id, viewer, ct);
        ReportAccess.RequireCoordinator(viewer);
        var related = (triage.RelatedReportIds ?? []).Distinct().ToList();
        var check = new InputCheck()
            .That(triage.Priority is null || Priorities.Contains(triage.Priority), "priority", $"Use one of: {string.Join(", ", Priorities)}.")
            .That(related.Count <= 50, "relatedReportIds", "At most 50 related reports.")
            .MaxLength("note", triage.Note, ReportLimits.MaxNoteLength);
        var visible = await DisclosurePolicy.Visible(db.Reports.AsNoTracking(), viewer).Where(r => related.Contains(r.Id)).Select(r => r.Id).ToListAsync(ct);
        foreach (var missing in related.Except(visible)) check.Add("relatedReportIds", $"No such report: {missing}.");
        check.ThrowIfInvalid("The triage is invalid.");
        await StepAsync(report, viewer, "triaged", triage.Note, () => report.Triage(triage.Priority, related, clock.GetUtcNow()), ct);
    }

    public async Task CloseAsync(Guid id, string? note, Viewer viewer, CancellationToken ct = default)
    {
        var report = await access.FindAsync(id, viewer, ct);
        ReportAccess.RequireCoordinator(viewer);
        new InputCheck().MaxLength("note", note, ReportLimits.MaxNoteLength).ThrowIfInvalid();
        await StepAsync(report, viewer, "closed", note, () => report.Close(clock.GetUtcNow()), ct);
    }

    private async Task StepAsync(IncidentReport report, Viewer viewer, string action, string? note, Action move, CancellationToken ct)
    {
        var from = report.Status;
        move();
        db.ReportEvents.Add(new ReportEvent(report.Id, action, viewer.UserId, viewer.OrganizationId, from, report.Status, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), clock.GetUtcNow()));
        await audit.AppendAsync(db, AuditRecord.By(viewer, "report." + action, "report", report.Id.ToString("D"), $"{from} -> {report.Status}"), ct);
    }
}
