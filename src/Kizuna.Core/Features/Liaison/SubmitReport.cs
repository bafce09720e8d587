using System.Text.Json;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Liaison.Anonymization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Liaison;

/// <summary>
/// Submits a report: the 第1報 from its draft (or from <see cref="Input"/>), then 続報 and 最終報.
/// Each submission is a full immutable snapshot with its sanitized view; the first one fixes the
/// route, seals the reporter's identity in the vault and opens the report to its hops.
/// </summary>
public sealed record SubmitReport(Guid ReportId, string Kind, ReportInput? Input = null);

public sealed class SubmitReportHandler(
    KizunaDb db, ReportAccess access, ReportValidator validator, ReportRouter router, LiaisonDirectory directory, SourceSanitizer sanitizer,
    IdentityVault vault, Deadlines deadlines, AuditTrail audit, IOptions<LiaisonOptions> options, TimeProvider clock)
{
    public async Task<ReportSubmission> HandleAsync(SubmitReport command, Viewer viewer, CancellationToken ct = default)
    {
        var report = await access.FindAsync(command.ReportId, viewer, ct);
        ReportAccess.RequireReporter(report, viewer);
        if (!new[] { SubmissionKinds.First, SubmissionKinds.Update, SubmissionKinds.Final }.Contains(command.Kind))
            throw new InputException("kind", $"Unknown submission kind '{command.Kind}'; use first, update or final.");
        var input = command.Input
            ?? (report.DraftJson is { } draft ? JsonSerializer.Deserialize<ReportInput>(draft, ReportValidator.Json) : null)
            ?? throw new InputException("content", "There is no draft to submit; send the report content.");
        // A report keeps the exercise it was drafted in through every submission; its 第1報 goes out only while the exercise runs.
        ExerciseMembership.RequireSame(report.ExerciseId, input.ExerciseId);
        input = input with { ExerciseId = report.ExerciseId };
        if (report.IsDraft && report.ExerciseId is { } exerciseId) await ExerciseMembership.RequireAsync(db, exerciseId, viewer.OrganizationId, ct);

        var check = new InputCheck();
        await validator.StrictAsync(input.Content, viewer.OrganizationId, check, ct);
        var routing = await validator.RoutingAsync(input, viewer.OrganizationId, check, ct);
        check.ThrowIfInvalid("The report cannot be submitted.");
        if (!report.IsDraft)
        {
            // The route and the disclosure choice were fixed by the 第1報.
            routing = new ReportRouting(report.Route, report.RouteCeptoarCode, report.IdentityDisclosure, report.Basis, report.LegalBasisCode, report.Distribution.Tlp);
            if (input.Content.SectorCode != report.SectorCode)
                throw new InputException("content.sectorCode", "The sector of a report cannot change after its 第1報.");
        }

        var plan = await router.PlanAsync(report, routing, input.Content.SectorCode, ct);
        var attachments = await db.ReportAttachments.Where(a => a.ReportId == report.Id).Select(a => a.FileName).ToListAsync(ct);
        var result = sanitizer.Sanitize(new SanitizeInput(input.Content, attachments, report.Pseudonym,
            await directory.ReporterAsync(report.ReporterOrganizationId, ct), await directory.SnapshotForRouteAsync(routing.Route, routing.CeptoarCode, ct), options.Value.K));
        if (result.Refused)
        {
            var sanitizedReaders = (await router.RecipientsAsync(report, routing.IdentityDisclosure, plan, includeCoordinator: false, ct))
                .Where(r => r.ViewLevel == "sanitized").Select(r => r.OrganizationCode).ToList();
            if (sanitizedReaders.Count > 0)
                throw new InputException("identityDisclosure",
                    $"{result.RefusalReason} The report would reach {string.Join(", ", sanitizedReaders)}, who may only see a sanitized view. Allow them to know your identity, or choose a route whose hops may.");
        }

        var now = clock.GetUtcNow();
        var wasDraft = report.IsDraft;
        var submission = report.Submit(command.Kind, JsonSerializer.Serialize(input.Content, ReportValidator.Json), input.Content,
            result.View is null ? null : JsonSerializer.Serialize(result.View, ReportValidator.Json), result.RefusalReason,
            routing, plan.FirstHop, plan.Audience, viewer.UserId, now, plan.CrisisId);
        db.ReportSubmissions.Add(submission);
        if (wasDraft) db.ReporterIdentities.Add(vault.Seal(report.Id, await IdentityOfAsync(viewer, ct)));
        var action = submission.Kind switch { SubmissionKinds.First => "submitted", SubmissionKinds.Final => "final", _ => "updated" };
        db.ReportEvents.Add(new ReportEvent(report.Id, action, viewer.UserId, viewer.OrganizationId,
            wasDraft ? ReportStatus.Draft : report.Status, report.Status, null, now));
        await deadlines.ApplyAsync(report, ct);
        if (Interop.Projection.StixProjectionOutbox.ForReport(report, now) is { } projection) db.Outbox.Add(projection);
        // The reporter acts under its pseudonym even in the audit trail: the vault is the only link.
        await audit.AppendAsync(db, new AuditRecord("report." + action, ActorEmail: "reporter:" + report.Pseudonym,
            TargetType: "report", TargetId: report.Id.ToString("D"), Detail: $"submission {submission.Number} ({submission.Kind})"), ct);
        return submission;
    }

    private async Task<ReporterIdentityView> IdentityOfAsync(Viewer viewer, CancellationToken ct)
    {
        var who = await (from u in db.Users.AsNoTracking()
                         join o in db.Organizations.AsNoTracking() on u.OrganizationId equals o.Id
                         where u.Id == viewer.UserId
                         select new ReporterIdentityView(o.Id, o.Code, o.NameJa, o.NameEn, u.Id, u.Email!, u.DisplayName)).FirstAsync(ct);
        return who;
    }
}
