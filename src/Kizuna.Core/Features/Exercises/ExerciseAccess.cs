using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Liaison;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Exercises;

/// <summary>What a viewer may do with one exercise.</summary>
public static class ExerciseAccessLevels
{
    /// <summary>Analysts of the running organisation and of an active controller participant: author, run, see every inject.</summary>
    public const string Manage = "manage";
    /// <summary>Other members of the running organisation or of a controller, and observers: every inject already sent.</summary>
    public const string Observe = "observe";
    /// <summary>Players (also after removal): the exercise and the injects sent to their organisation.</summary>
    public const string Play = "play";
}

/// <summary>
/// Who may see or run an exercise (分野横断的演習). The exercise is not a shared item with a TLP: it
/// exists only for the running organisation and the registered participants; everyone else gets 404.
/// Authoring is for analysts of the coordinator, or of a ministry for its own sectors.
/// </summary>
public sealed class ExerciseAccess(KizunaDb db, LiaisonDirectory sectors)
{
    public static bool MayCreate(Viewer viewer)
        => viewer.HasRole(OrgRoles.Analyst) && viewer.OrganizationKind is OrganizationKinds.Coordinator or OrganizationKinds.Ministry;

    /// <summary>
    /// The part the viewer's organisation plays in the exercise, given its own participant row (or null);
    /// null when the exercise does not exist for it. The one place that says who is runner, controller,
    /// observer or player: removed participants of any role count as players (what reached them stays theirs to see).
    /// </summary>
    public static ExercisePart? PartOf(Exercise exercise, ExerciseParticipant? own, Viewer viewer)
    {
        if (viewer.IsSystem || exercise.OrganizationId == viewer.OrganizationId) return ExercisePart.Runner;
        if (own is null || own.OrganizationId != viewer.OrganizationId || own.ExerciseId != exercise.Id) return null;
        if (!own.IsActive) return ExercisePart.Player;
        return own.Role switch
        {
            ExerciseRoles.Controller => ExercisePart.Controller,
            ExerciseRoles.Observer => ExercisePart.Observer,
            _ => ExercisePart.Player,
        };
    }

    /// <summary>The viewer's access to the exercise, or null (the exercise does not exist for it): analysts of the runner and of a controller manage it.</summary>
    public static string? LevelOf(Exercise exercise, ExerciseParticipant? own, Viewer viewer)
        => PartOf(exercise, own, viewer) switch
        {
            null => null,
            ExercisePart.Runner when viewer.IsSystem => ExerciseAccessLevels.Manage,
            ExercisePart.Runner or ExercisePart.Controller => viewer.HasRole(OrgRoles.Analyst) ? ExerciseAccessLevels.Manage : ExerciseAccessLevels.Observe,
            ExercisePart.Observer => ExerciseAccessLevels.Observe,
            _ => ExerciseAccessLevels.Play,
        };

    /// <summary>
    /// Whether a viewer with <paramref name="level"/> sees an inject at all: managers every inject (the unsent
    /// scenario too); observers the injects already sent; players those sent to their organisation
    /// (<paramref name="reachedViewer"/>). The one rule for the inject list, the timeline, the board and the after-action report.
    /// </summary>
    public static bool Shows(string level, ExerciseInject inject, bool reachedViewer)
        => level == ExerciseAccessLevels.Manage
           || (inject.Status == InjectStates.Sent && (level == ExerciseAccessLevels.Observe || reachedViewer));

    /// <summary>
    /// Whether the viewer sees an inject's own words (title, body) and the controllers' note: a simulated liaison
    /// report's words only the managers and the organisation that filed it (<paramref name="filedByViewer"/>); the
    /// others reach the report through its own page, as the sanitized view they are entitled to. Notes are the managers'.
    /// </summary>
    public static bool ShowsWords(string level, ExerciseInject inject, bool filedByViewer)
        => level == ExerciseAccessLevels.Manage || inject.Kind != InjectKinds.LiaisonReport || filedByViewer;

    /// <summary>The simulated liaison reports among the injects' items that <paramref name="organizationId"/> filed.</summary>
    public async Task<IReadOnlySet<Guid>> FiledByAsync(IEnumerable<ExerciseInject> injects, Guid organizationId, CancellationToken ct)
    {
        var reports = injects.Where(i => i.ItemKind == "report" && i.ItemId is not null).Select(i => i.ItemId!.Value).Distinct().ToList();
        return reports.Count == 0 ? new HashSet<Guid>()
            : (await db.Reports.AsNoTracking().Where(r => reports.Contains(r.Id) && r.ReporterOrganizationId == organizationId).Select(r => r.Id).ToListAsync(ct)).ToHashSet();
    }

    /// <summary>The viewer's access level on an exercise (null: none), loading its own participant row.</summary>
    public async Task<string?> LevelOfAsync(Exercise exercise, Viewer viewer, CancellationToken ct)
    {
        var own = viewer.IsSystem ? null
            : await db.ExerciseParticipants.AsNoTracking().FirstOrDefaultAsync(p => p.ExerciseId == exercise.Id && p.OrganizationId == viewer.OrganizationId, ct);
        return LevelOf(exercise, own, viewer);
    }

    /// <summary>The exercises the viewer may see at all: its organisation's and those it is registered for.</summary>
    public IQueryable<Exercise> Visible(Viewer viewer) => VisibleIn(db, viewer);

    /// <summary>
    /// <see cref="Visible"/> over any context: the exercises that exist for the viewer (its organisation runs them or is
    /// registered for them, also after removal). An item marked with another exercise does not exist for it either.
    /// </summary>
    public static IQueryable<Exercise> VisibleIn(KizunaDb db, Viewer viewer)
        => viewer.IsSystem ? db.Exercises
            : db.Exercises.Where(e => e.OrganizationId == viewer.OrganizationId
                || db.ExerciseParticipants.Any(p => p.ExerciseId == e.Id && p.OrganizationId == viewer.OrganizationId));

    /// <summary>The exercise (tracked) and the viewer's access to it; 404 when it may not see it.</summary>
    public async Task<(Exercise Exercise, string Level)> FindAsync(Guid id, Viewer viewer, CancellationToken ct)
    {
        var exercise = await db.Exercises.FirstOrDefaultAsync(e => e.Id == id, ct);
        var own = exercise is null ? null : await db.ExerciseParticipants.AsNoTracking().FirstOrDefaultAsync(p => p.ExerciseId == id && p.OrganizationId == viewer.OrganizationId, ct);
        if (exercise is null || LevelOf(exercise, own, viewer) is not { } level) throw new NotFoundException("No such exercise.");
        return (exercise, level);
    }

    /// <summary>The exercise for managing (authoring, start, cancel): 404 when invisible, 403 when only watched or played.</summary>
    public async Task<Exercise> FindManagedAsync(Guid id, Viewer viewer, CancellationToken ct)
    {
        var (exercise, level) = await FindAsync(id, viewer, ct);
        if (level != ExerciseAccessLevels.Manage) throw new ForbiddenException("Only analysts of the running organisation or of a controller manage this exercise.");
        return exercise;
    }

    /// <summary>A ministry runs exercises over its own sectors: players and observers must be in one of them, and sector audiences name them.</summary>
    public async Task<IReadOnlySet<string>?> MinistrySectorsAsync(Exercise exercise, CancellationToken ct)
    {
        var kind = await db.Organizations.AsNoTracking().Where(o => o.Id == exercise.OrganizationId).Select(o => o.Kind).FirstAsync(ct);
        return kind == OrganizationKinds.Ministry ? await sectors.SectorsOfMinistryAsync(exercise.OrganizationId, ct) : null;
    }
}
