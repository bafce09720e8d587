using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Liaison;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Hotline;

/// <summary>
/// A direct urgent report as an operator writes it: class, severity, title, message, TLP (AMBER
/// when omitted; RED allowed) and, optionally, one of its own liaison report series it refers to.
/// With <see cref="ExerciseId"/> it belongs to that exercise and reaches only its members
/// (<see cref="ExerciseMembership"/>); a linked report must then be of the same exercise.
/// </summary>
public sealed record RaiseUrgentReport(string Class, int Severity, string Title, string Message, string? Tlp = null, Guid? ReportId = null, Guid? ExerciseId = null);

/// <summary>
/// Raises a direct urgent report (緊急連絡（NISC直通）, the 4th plan's direct line) from an operator
/// up to the coordinator. The audience is fixed by the rule, never chosen: the coordinator and the
/// ministries responsible today for the operator's sectors (<see cref="LiaisonDirectory"/>), named
/// one by one so the disclosure policy admits exactly them (and TLP:RED works). Each of them must
/// acknowledge it and is escalated as for alerts; the operator, as sender, sees the board. Only
/// members of an operator who may report (reporter, analyst or org admin) raise one.
/// </summary>
public sealed class RaiseUrgentReportHandler(KizunaDb db, LiaisonDirectory directory, HotlineDispatcher dispatcher, TimeProvider clock)
{
    public static bool MayRaise(Viewer viewer)
        => viewer.OrganizationKind == OrganizationKinds.Operator
           && (viewer.HasRole(OrgRoles.Reporter) || viewer.HasRole(OrgRoles.Analyst) || viewer.HasRole(OrgRoles.OrgAdmin));

    public async Task<HotlineAlert> HandleAsync(RaiseUrgentReport command, Viewer viewer, CancellationToken ct = default)
    {
        if (!MayRaise(viewer)) throw new ForbiddenException("Only members of an operator (reporter, analyst or org admin) raise a direct urgent report.");
        var tlpText = string.IsNullOrWhiteSpace(command.Tlp) ? "AMBER" : command.Tlp;
        if (!TlpMarkings.TryParse(tlpText, out var tlp))
            throw new InputException("tlp", $"Unknown TLP '{command.Tlp}'; use CLEAR, GREEN, AMBER, AMBER+STRICT or RED.");
        var members = await ExerciseMembership.MembersIfAsync(db, command.ExerciseId, viewer.OrganizationId, ct);
        if (command.ReportId is { } reportId)
        {
            // Only a report the sender may see, and one its own organisation reported, of the same exercise (or real, as the message).
            var own = await DisclosurePolicy.Visible(db.Reports.AsNoTracking(), viewer)
                .AnyAsync(r => r.Id == reportId && r.ReporterOrganizationId == viewer.OrganizationId && r.ExerciseId == command.ExerciseId, ct);
            if (!own) throw new InputException("reportId", command.ExerciseId is null
                ? "Link one of your organisation's own liaison reports (a real one: an exercise report is linked only from the exercise)."
                : "Link one of your organisation's own liaison reports in this exercise.");
        }

        var sectors = await db.Organizations.AsNoTracking().Where(o => o.Id == viewer.OrganizationId)
            .SelectMany(o => o.Sectors.Select(s => s.Code)).ToListAsync(ct);
        var audience = new List<Guid> { (await directory.CoordinatorAsync(ct)).Id };
        foreach (var sector in sectors.Order(StringComparer.Ordinal)) audience.AddRange(await directory.MinistriesOfAsync(sector, ct));
        audience = audience.Where(id => id != viewer.OrganizationId).Where(id => members is null || members.Contains(id)).Distinct().ToList();
        if (audience.Count == 0)
            throw new InputException(ExerciseMembership.Field, "Neither the coordinator nor a ministry of your sectors takes part in this exercise: nobody would receive this report.");
        var distribution = new Distribution(tlp, viewer.OrganizationId, audience.Select(AudienceEntry.Organization));
        var draft = new HotlineAlert(0, command.Class ?? "", command.Severity, command.Title ?? "", command.Message ?? "", distribution, viewer.UserId,
            clock.GetUtcNow(), AlertDirections.Up, command.ReportId);
        if (command.ExerciseId is { } exerciseId) draft.MarkExercise(exerciseId);

        var firstSectors = await db.Organizations.AsNoTracking().Where(o => audience.Contains(o.Id))
            .Select(o => new { o.Id, Sector = o.Sectors.OrderBy(s => s.Code).Select(s => s.Code).FirstOrDefault() })
            .ToDictionaryAsync(o => o.Id, o => o.Sector, ct);
        var recipients = audience.Select(id => new HotlineRecipient(id, firstSectors.GetValueOrDefault(id))).ToList();
        return await dispatcher.CommitAsync(draft, recipients, viewer, "hotline.reported", ct);
    }
}
