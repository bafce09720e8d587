using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Crisis;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Hotline;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Notices;
using Kizuna.Core.Features.Provision;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Exercises;

/// <summary>One organisation an inject goes to: an active participant matched by the inject's audience.</summary>
public sealed record InjectTarget(Guid OrganizationId, string Code, string Kind, IReadOnlyList<string> Sectors, string Role);

/// <summary>What an inject created: <see cref="ExerciseInject.ItemKind"/> and <see cref="ExerciseInject.ItemId"/>.</summary>
public sealed record InjectItem(string Kind, Guid Id);

/// <summary>
/// Creates what an inject sends through the real use cases, marked as exercise data
/// (<see cref="IExerciseMarked"/>), inside the caller's transaction (the runner's, which also holds the
/// inject's pending→sent update). The audience is the exercise's active participants the inject names
/// (players by default): a removed participant is skipped. An input the use case refuses (a
/// <see cref="DomainException"/>) means the inject cannot be sent as written; the runner records why.
/// </summary>
public sealed class InjectExecutor(KizunaDb db, ViewerFactory viewers, PostNoticeHandler notices, SendHotlineAlertHandler alerts, HotlineDispatcher dispatcher,
    SaveAdvisoryDraftHandler advisoryDrafts, PublishAdvisoryHandler publish, SaveReportDraftHandler reportDrafts, SubmitReportHandler submit,
    DeclareCrisisHandler declare, SendCrisisRemindersHandler reminders, TimeProvider clock)
{
    /// <summary>The active participants an audience names: organisation codes (any role), sectors (their players), <c>players</c> (every player).</summary>
    public async Task<IReadOnlyList<InjectTarget>> TargetsAsync(Guid exerciseId, IReadOnlyList<InjectAudience> audience, CancellationToken ct)
    {
        var active = await (from p in db.ExerciseParticipants.AsNoTracking()
                            join o in db.Organizations.AsNoTracking() on p.OrganizationId equals o.Id
                            where p.ExerciseId == exerciseId && p.RemovedAt == null
                            select new { o.Id, o.Code, o.Kind, p.Role, Sectors = o.Sectors.OrderBy(s => s.Code).Select(s => s.Code).ToList() })
            .AsSplitQuery().ToListAsync(ct);
        var chosen = new List<InjectTarget>();
        foreach (var p in active)
        {
            var named = audience.Any(a => a.Kind switch
            {
                InjectAudienceKinds.Organization => a.Value == p.Code,
                InjectAudienceKinds.Sector => p.Role == ExerciseRoles.Player && p.Sectors.Contains(a.Value ?? ""),
                InjectAudienceKinds.Players => p.Role == ExerciseRoles.Player,
                _ => false,
            });
            if (named) chosen.Add(new InjectTarget(p.Id, p.Code, p.Kind, p.Sectors, p.Role));
        }
        return chosen.OrderBy(t => t.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>Sends one inject to its targets as <paramref name="runner"/> (an analyst of the running organisation); returns what it created.</summary>
    public async Task<InjectItem> SendAsync(Exercise exercise, ExerciseInject inject, IReadOnlyList<InjectTarget> targets, Viewer runner, CancellationToken ct)
        => inject.Kind switch
        {
            InjectKinds.Message => await MessageAsync(exercise, inject, targets, runner, ct),
            InjectKinds.Alert => await AlertAsync(exercise, inject, targets, runner, ct),
            InjectKinds.Advisory => await AdvisoryAsync(exercise, inject, targets, runner, ct),
            InjectKinds.LiaisonReport => await LiaisonReportAsync(exercise, inject, targets, ct),
            InjectKinds.CrisisDeclaration => await CrisisAsync(exercise, inject, targets, runner, ct),
            InjectKinds.StatusRequest => await StatusRequestAsync(exercise, inject, targets, runner, ct),
            _ => throw new InputException("kind", $"Unknown inject kind '{inject.Kind}'."),
        };

    private static List<AudienceInput> Named(IReadOnlyList<InjectTarget> targets)
        => targets.Select(t => new AudienceInput(AudienceKind.Organization, t.Code)).ToList();

    /// <summary>
    /// A scenario message: a notice (TLP:AMBER) to the named participants through <see cref="PostNoticeHandler.PostAsync"/>,
    /// named organisations only (never a sector entry that would reach non-participants), however many there are.
    /// </summary>
    private async Task<InjectItem> MessageAsync(Exercise exercise, ExerciseInject inject, IReadOnlyList<InjectTarget> targets, Viewer runner, CancellationToken ct)
    {
        var notice = await notices.PostAsync(inject.Title, inject.Body, Tlp.Amber, targets.Select(t => AudienceEntry.Organization(t.OrganizationId)).ToList(), exercise.Id, runner, ct);
        await db.SaveChangesAsync(ct);
        return new InjectItem("notice", notice.Id);
    }

    /// <summary>
    /// A simulated hotline alert (TLP:AMBER, class other, severity 3) to the targets through
    /// <see cref="SendHotlineAlertHandler"/>: each one acknowledges. Above the handler's client limit on
    /// audience entries, the same alert goes through its <see cref="HotlineDispatcher"/> with the targets as recipients.
    /// </summary>
    private async Task<InjectItem> AlertAsync(Exercise exercise, ExerciseInject inject, IReadOnlyList<InjectTarget> targets, Viewer runner, CancellationToken ct)
    {
        var recipients = targets.Where(t => t.OrganizationId != runner.OrganizationId).ToList();
        if (recipients.Count == 0) throw new InputException("audience", "The alert's audience holds no organisation other than the sender's.");
        if (recipients.Count <= PostNoticeHandler.MaxAudienceEntries)
        {
            var sent = await alerts.HandleAsync(new SendHotlineAlert(AlertClasses.Other, 3, inject.Title, inject.Body, "AMBER", Named(recipients), exercise.Id), runner, ct);
            return new InjectItem("alert", sent.Id);
        }
        if (!SendHotlineAlertHandler.MaySend(runner)) throw new ForbiddenException("Only analysts of the coordinator, or of a ministry for its sectors, send urgent alerts.");
        await ExerciseMembership.RequireAsync(db, exercise.Id, runner.OrganizationId, ct);
        var draft = new HotlineAlert(0, AlertClasses.Other, 3, inject.Title, inject.Body,
            new Distribution(Tlp.Amber, runner.OrganizationId, recipients.Select(t => AudienceEntry.Organization(t.OrganizationId))), runner.UserId, clock.GetUtcNow());
        draft.MarkExercise(exercise.Id);
        var alert = await dispatcher.CommitAsync(draft, recipients.Select(r => new HotlineRecipient(r.OrganizationId, r.Sectors.FirstOrDefault())).ToList(), runner, "hotline.sent", ct);
        return new InjectItem("alert", alert.Id);
    }

    /// <summary>An advisory (TLP:GREEN) to the named participants (above the form's limit: their sectors, kept among the members), published: the relay planner relays it down the chain and deliveries are acknowledged.</summary>
    private async Task<InjectItem> AdvisoryAsync(Exercise exercise, ExerciseInject inject, IReadOnlyList<InjectTarget> targets, Viewer runner, CancellationToken ct)
    {
        var content = new AdvisoryContent { Title = inject.Title, Summary = Short(inject.Body, 500), Body = inject.Body, Severity = 2 };
        // Above the advisory form's limit on audience entries, the targets' sectors: the relay planner keeps an
        // exercise advisory among the exercise's members, so it reaches the participants of those sectors only.
        var audience = targets.Count <= PostNoticeHandler.MaxAudienceEntries ? Named(targets)
            : targets.SelectMany(t => t.Sectors).Distinct().Order(StringComparer.Ordinal).Select(s => new AudienceInput(AudienceKind.Sector, s)).ToList();
        var advisory = await advisoryDrafts.CreateAsync(new AdvisoryInput(content, "GREEN", audience, exercise.Id), runner, ct);
        await publish.HandleAsync(advisory.Id, runner, ct);
        return new InjectItem("advisory", advisory.Id);
    }

    /// <summary>
    /// A simulated liaison report (情報連絡) filed in the name of the first target operator by one of its
    /// reporters, through its normal route (its ministry): the players upward must handle it.
    /// </summary>
    private async Task<InjectItem> LiaisonReportAsync(Exercise exercise, ExerciseInject inject, IReadOnlyList<InjectTarget> targets, CancellationToken ct)
    {
        var reporterOrg = targets.FirstOrDefault(t => t.Kind == OrganizationKinds.Operator && t.Sectors.Count > 0)
            ?? throw new InputException("audience", "A simulated liaison report needs an operator among the inject's audience to file it.");
        var users = await db.Users.AsNoTracking().Where(u => u.OrganizationId == reporterOrg.OrganizationId).OrderBy(u => u.Email).Select(u => new { u.Id, u.Roles }).ToListAsync(ct);
        var user = users.FirstOrDefault(u => u.Roles.Contains(OrgRoles.Reporter))
            ?? throw new InputException("audience", $"{reporterOrg.Code} has no reporter to file the simulated liaison report.");
        var viewer = await viewers.ForUserAsync(user.Id, ct) ?? throw new InputException("audience", $"{reporterOrg.Code}'s reporter is gone.");
        var eventType = await db.TaxonomyTerms.AsNoTracking().Where(t => !t.IsCategory && t.Scheme == TaxonomyTerm.EventType)
            .OrderBy(t => t.Code).Select(t => t.Code).FirstAsync(ct);
        var content = new ReportContent
        {
            SectorCode = reporterOrg.Sectors[0],
            EventTypes = [eventType],
            Title = inject.Title,
            Description = inject.Body,
            OccurredAt = clock.GetUtcNow(),
        };
        var report = await reportDrafts.CreateAsync(new ReportInput(content, ExerciseId: exercise.Id), viewer, ct);
        await submit.HandleAsync(new SubmitReport(report.Id, SubmissionKinds.First), viewer, ct);
        await db.SaveChangesAsync(ct);
        return new InjectItem("report", report.Id);
    }

    /// <summary>An exercise crisis over the target operators' sectors: status requests go to the exercise's participant operators of those sectors only (<see cref="ExerciseMembership"/>).</summary>
    private async Task<InjectItem> CrisisAsync(Exercise exercise, ExerciseInject inject, IReadOnlyList<InjectTarget> targets, Viewer runner, CancellationToken ct)
    {
        var operators = targets.Where(t => t.Kind == OrganizationKinds.Operator && t.Sectors.Count > 0).ToList();
        if (operators.Count == 0) throw new InputException("audience", "An exercise crisis needs at least one operator among the inject's audience.");
        var crisis = await declare.HandleAsync(new DeclareCrisis(operators.SelectMany(o => o.Sectors).Distinct().Order(StringComparer.Ordinal).ToList(),
            CrisisCauses.Unknown, null, exercise.Id), runner, ct);
        return new InjectItem("crisis", crisis.Id);
    }

    /// <summary>
    /// A status request round in the exercise's latest active crisis (declared first over the targets'
    /// sectors when the exercise has none): a reminder round to every operator that has not answered.
    /// </summary>
    private async Task<InjectItem> StatusRequestAsync(Exercise exercise, ExerciseInject inject, IReadOnlyList<InjectTarget> targets, Viewer runner, CancellationToken ct)
    {
        var crisisId = await db.CrisisDeclarations.AsNoTracking().OfExercise(exercise.Id).Where(c => c.Status == CrisisStates.Active)
            .OrderByDescending(c => c.DeclaredAt).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        if (crisisId is null)
            // The declaration itself asks every target operator for its status: that is the round.
            return await CrisisAsync(exercise, inject, targets, runner, ct);
        await reminders.HandleAsync(crisisId.Value, new SendCrisisReminders(), runner, ct);
        return new InjectItem("crisis", crisisId.Value);
    }

    private static string Short(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
