using Kizuna.Core.Data;
using Kizuna.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Exercises;

/// <summary>
/// Who acts in an exercise (演習の参加者), the one rule every use case applies to an item marked with
/// an exercise: an organisation creates items for an exercise only while it is <c>running</c> and the
/// organisation is its running organisation or an active participant (<see cref="ExerciseParticipant.RemovedAt"/>
/// null); and an exercise item reaches only the exercise's members (the running organisation and the
/// active participants), never an organisation outside it.
/// </summary>
public static class ExerciseMembership
{
    /// <summary>The field bad input is reported on.</summary>
    public const string Field = "exerciseId";

    /// <summary>
    /// The running exercise <paramref name="organizationId"/> may create items for; an
    /// <see cref="InputException"/> on <c>exerciseId</c> when it does not exist, is not running, or the
    /// organisation is not one of its members.
    /// </summary>
    public static async Task<Exercise> RequireAsync(KizunaDb db, Guid exerciseId, Guid organizationId, CancellationToken ct)
    {
        var exercise = await db.Exercises.AsNoTracking().FirstOrDefaultAsync(e => e.Id == exerciseId, ct);
        // An exercise the organisation is not part of answers like one that does not exist: its existence is not disclosed.
        var member = exercise is not null && (exercise.OrganizationId == organizationId
            || await db.ExerciseParticipants.AnyAsync(p => p.ExerciseId == exerciseId && p.OrganizationId == organizationId && p.RemovedAt == null, ct));
        if (exercise is null || !member)
            throw new InputException(Field, "Your organisation takes no part in this exercise; items can be created only for an exercise you run or play in.");
        if (!exercise.IsRunning)
            throw new InputException(Field, $"The exercise is {exercise.Status}; items can be created only while it is running.");
        return exercise;
    }

    /// <summary>
    /// <see cref="RequireAsync"/> for an optional exercise: null for real data (nothing to check),
    /// otherwise the exercise's members.
    /// </summary>
    public static async Task<IReadOnlySet<Guid>?> MembersIfAsync(KizunaDb db, Guid? exerciseId, Guid organizationId, CancellationToken ct)
    {
        if (exerciseId is not { } id) return null;
        await RequireAsync(db, id, organizationId, ct);
        return await MembersAsync(db, id, ct);
    }

    /// <summary>The organisations an exercise item may reach: the running organisation and the active participants.</summary>
    public static async Task<IReadOnlySet<Guid>> MembersAsync(KizunaDb db, Guid exerciseId, CancellationToken ct)
    {
        var members = (await db.ExerciseParticipants.AsNoTracking()
            .Where(p => p.ExerciseId == exerciseId && p.RemovedAt == null).Select(p => p.OrganizationId).ToListAsync(ct)).ToHashSet();
        if (await db.Exercises.AsNoTracking().Where(e => e.Id == exerciseId).Select(e => (Guid?)e.OrganizationId).FirstOrDefaultAsync(ct) is { } runner)
            members.Add(runner);
        return members;
    }

    /// <summary>The running exercises an organisation may create items for (it runs them or plays in them), newest first: the choice on the forms.</summary>
    public static async Task<IReadOnlyList<ExerciseRef>> RunningForAsync(KizunaDb db, Guid organizationId, CancellationToken ct)
        => await db.Exercises.AsNoTracking()
            .Where(e => e.Status == ExerciseStates.Running && (e.OrganizationId == organizationId
                || db.ExerciseParticipants.Any(p => p.ExerciseId == e.Id && p.OrganizationId == organizationId && p.RemovedAt == null)))
            .OrderByDescending(e => e.StartedAt).Select(e => new ExerciseRef(e.Id, e.Title)).ToListAsync(ct);

    /// <summary>An existing item keeps its exercise: an input naming another one (or naming one for a real item) is refused.</summary>
    public static void RequireSame(Guid? itemExerciseId, Guid? inputExerciseId)
    {
        if (inputExerciseId is null || inputExerciseId == itemExerciseId) return;
        throw new InputException(Field, itemExerciseId is null
            ? "A real item cannot move into an exercise; create a new one in the exercise."
            : "An item stays in the exercise it was created in.");
    }
}
