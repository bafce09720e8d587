using System.Security.Cryptography;
using System.Text.Json;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Liaison;

/// <summary>Creates a report draft, or updates the draft of a report (the next 続報 or 最終報 once submitted).</summary>
public sealed class SaveReportDraftHandler(KizunaDb db, ReportValidator validator, ReportAccess access, Deadlines deadlines, TimeProvider clock)
{
    public async Task<IncidentReport> CreateAsync(ReportInput input, Viewer viewer, CancellationToken ct = default)
    {
        if (!viewer.HasRole(OrgRoles.Reporter) && !viewer.HasRole(OrgRoles.OrgAdmin))
            throw new ForbiddenException("Only reporters file liaison reports.");
        if (input.ExerciseId is { } exerciseId) await ExerciseMembership.RequireAsync(db, exerciseId, viewer.OrganizationId, ct);
        var pseudonym = NewPseudonym();
        // A random pseudonym could, once in millions, spell the reporter's code; the sanitizer would then refuse it.
        while (pseudonym.Contains(viewer.OrganizationCode, StringComparison.OrdinalIgnoreCase)) pseudonym = NewPseudonym();
        var report = new IncidentReport(viewer.OrganizationId, viewer.UserId, pseudonym, clock.GetUtcNow());
        if (input.ExerciseId is { } exercise) report.MarkExercise(exercise);
        db.Reports.Add(report);
        await ApplyAsync(report, input, viewer, ct);
        return report;
    }

    public async Task<IncidentReport> UpdateAsync(Guid id, ReportInput input, Viewer viewer, CancellationToken ct = default)
    {
        var report = await access.FindAsync(id, viewer, ct);
        ReportAccess.RequireReporter(report, viewer);
        ExerciseMembership.RequireSame(report.ExerciseId, input.ExerciseId);
        await ApplyAsync(report, input with { ExerciseId = report.ExerciseId }, viewer, ct);
        return report;
    }

    private async Task ApplyAsync(IncidentReport report, ReportInput input, Viewer viewer, CancellationToken ct)
    {
        var check = new InputCheck();
        ReportValidator.Shape(input.Content, check);
        var routing = await validator.RoutingAsync(input, viewer.OrganizationId, check, ct);
        check.ThrowIfInvalid("The report draft is invalid.");
        report.SaveDraft(JsonSerializer.Serialize(input, ReportValidator.Json), input.Content, routing, clock.GetUtcNow());
        if (report.IsDraft) await deadlines.ApplyAsync(report, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A fresh random pseudonym: R- and 10 characters of Crockford base32 (50 bits), never derived from the reporter.</summary>
    public static string NewPseudonym()
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        Span<byte> bytes = stackalloc byte[10];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[10];
        for (var i = 0; i < 10; i++) chars[i] = alphabet[bytes[i] & 31];
        return "R-" + new string(chars);
    }
}

/// <summary>Deadlines under a legal basis: the 第1報 within hours of detection, the 最終報 within days.</summary>
public sealed class Deadlines(KizunaDb db)
{
    public async Task ApplyAsync(IncidentReport report, CancellationToken ct)
    {
        if (report.Basis != ReportBases.Legal || report.LegalBasisCode is null || report.DetectedAt is null || report.FinalSubmitted)
        {
            report.SetDeadline(null, null);
            return;
        }
        var law = await db.LegalBases.AsNoTracking().FirstAsync(l => l.Code == report.LegalBasisCode, ct);
        if (report.SubmissionCount == 0) report.SetDeadline(report.DetectedAt.Value.AddHours(law.FirstReportDueHours), SubmissionKinds.First);
        else report.SetDeadline(report.DetectedAt.Value.AddDays(law.FinalReportDueDays), SubmissionKinds.Final);
    }
}
