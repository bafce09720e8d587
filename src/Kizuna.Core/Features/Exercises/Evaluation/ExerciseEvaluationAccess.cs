using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Exercises.Evaluation;

/// <summary>How much of an exercise's evaluation a viewer sees (<see cref="ExerciseEvaluationAccess"/>).</summary>
public enum ExerciseSight
{
    /// <summary>Its own organisation's results only (a player).</summary>
    Own,
    /// <summary>The live board of every organisation, not the evaluation or the after-action report (an observer).</summary>
    Board,
    /// <summary>Everything (the running organisation and the controllers).</summary>
    Full,
}

/// <summary>What the viewer asks for: the live board, or the evaluation and after-action report.</summary>
public enum ExerciseEvaluationView
{
    Board,
    Evaluation,
}

/// <summary>
/// The one rule for who sees an exercise's evaluation, live board and after-action report (評価・事後報告):
/// the organisation that runs the exercise and its controller participants see everything; observers
/// see the live board (a 403 on the evaluation and report); a player sees only its own organisation's
/// results (a participant removed mid-exercise, whatever its role, sees only its own results up to its
/// removal); everyone else gets 404, as if the exercise did not exist. Who plays which part is decided
/// once, by <see cref="ExerciseAccess.PartOf"/>.
/// The system viewer (workers) sees everything. Platform admins get no extra sight.
/// </summary>
public sealed class ExerciseEvaluationAccess(KizunaDb db)
{
    public async Task<(Exercise Exercise, ExerciseSight Sight)> FindAsync(Guid id, Viewer viewer, ExerciseEvaluationView view, CancellationToken ct = default)
    {
        var exercise = await db.Exercises.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        var participant = exercise is null || viewer.IsSystem ? null
            : await db.ExerciseParticipants.AsNoTracking().FirstOrDefaultAsync(p => p.ExerciseId == id && p.OrganizationId == viewer.OrganizationId, ct);
        var sight = exercise is null ? null : SightOf(exercise, participant, viewer);
        if (exercise is null || sight is null) throw new NotFoundException("No such exercise.");
        if (sight == ExerciseSight.Board && view == ExerciseEvaluationView.Evaluation)
            throw new ForbiddenException("Observers see the live board only; the evaluation and the after-action report are for the controllers.");
        return (exercise, sight.Value);
    }

    /// <summary>
    /// The sight a viewer has on an exercise, given its own participant row (or null): the rule itself, without
    /// the database. Who is runner, controller, observer or player is <see cref="ExerciseAccess.PartOf"/>'s answer.
    /// </summary>
    public static ExerciseSight? SightOf(Exercise exercise, ExerciseParticipant? participant, Viewer viewer)
        => SightOf(ExerciseAccess.PartOf(exercise, participant, viewer));

    /// <summary>The sight that goes with a part in the exercise (null: none, the exercise does not exist for the viewer).</summary>
    public static ExerciseSight? SightOf(ExercisePart? part) => part switch
    {
        ExercisePart.Runner or ExercisePart.Controller => ExerciseSight.Full,
        ExercisePart.Observer => ExerciseSight.Board,
        ExercisePart.Player => ExerciseSight.Own,
        _ => null,
    };

    /// <summary>The viewer's sight on each of the exercises (absent: none), for links on lists and pages; never throws.</summary>
    public async Task<IReadOnlyDictionary<Guid, ExerciseSight>> SightsAsync(IReadOnlyCollection<Guid> ids, Viewer viewer, CancellationToken ct = default)
    {
        var exercises = await db.Exercises.AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync(ct);
        var own = viewer.IsSystem ? [] : await db.ExerciseParticipants.AsNoTracking()
            .Where(p => ids.Contains(p.ExerciseId) && p.OrganizationId == viewer.OrganizationId).ToListAsync(ct);
        var result = new Dictionary<Guid, ExerciseSight>();
        foreach (var e in exercises)
            if (SightOf(e, own.FirstOrDefault(p => p.ExerciseId == e.Id), viewer) is { } sight) result[e.Id] = sight;
        return result;
    }
}
