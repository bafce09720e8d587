using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Exercises;

/// <summary>
/// How to start an exercise whose scheduled start has passed: <c>send-now</c> sends the injects
/// already due at once, <c>skip</c> skips them (with a note); without a choice the start is refused
/// with 409 listing them.
/// </summary>
public sealed record StartExercise(string? Late = null);

public static class LateChoices
{
    public const string SendNow = "send-now";
    public const string Skip = "skip";

    public static readonly IReadOnlyList<string> All = [SendNow, Skip];
}

/// <summary>
/// Starts, cancels and completes exercises. Starting fixes every inject's wall-clock due time:
/// <c>DueAt = start + Offset / Speed</c>, where the start is the scheduled start when it has passed
/// (the scenario keeps its planned clock; injects already due are "late") and now otherwise. The
/// runner (<see cref="ExerciseRunner"/>) then sends them. Ending skips every inject still pending.
/// </summary>
public sealed class RunExerciseHandler(KizunaDb db, ExerciseAccess access, AuditTrail audit, TimeProvider clock, ExerciseWake wake)
{
    public async Task<Exercise> StartAsync(Guid id, StartExercise command, Viewer viewer, CancellationToken ct = default)
    {
        var exercise = await access.FindManagedAsync(id, viewer, ct);
        if (exercise.Status != ExerciseStates.Draft) throw new ConflictException($"The exercise is {exercise.Status}; only a draft can start.");
        var late = command.Late?.Trim();
        if (late is { Length: > 0 } && !LateChoices.All.Contains(late))
            throw new InputException("late", $"Unknown choice '{late}'; use {string.Join(" or ", LateChoices.All)}.");
        var injects = await db.ExerciseInjects.Where(i => i.ExerciseId == id).OrderBy(i => i.Number).ToListAsync(ct);
        if (injects.Count == 0) throw new InputException("injects", "The scenario has no inject: add at least one before starting.");
        if (!await db.ExerciseParticipants.AnyAsync(p => p.ExerciseId == id && p.RemovedAt == null && p.Role == ExerciseRoles.Player, ct))
            throw new InputException("participants", "The exercise has no player: register at least one participant as player before starting.");

        var now = clock.GetUtcNow();
        var anchor = exercise.ScheduledStartAt is { } scheduled && scheduled < now ? scheduled : now;
        exercise.Start(anchor);
        foreach (var i in injects) i.Schedule(exercise.DueAt(i.Offset));
        var overdue = injects.Where(i => i.DueAt < now).ToList();
        if (overdue.Count > 0 && late is not { Length: > 0 })
            throw new ConflictException($"The scheduled start {anchor:u} has passed and {overdue.Count} inject(s) are already due: "
                + string.Join("; ", overdue.Select(i => $"#{i.Number} {i.Title} (due {i.DueAt:u})"))
                + ". Start again with {\"late\": \"send-now\"} to send them at once, or {\"late\": \"skip\"} to skip them.");
        foreach (var i in overdue)
        {
            if (late == LateChoices.Skip) i.MarkSkipped($"Skipped at the start: due {i.DueAt:u}, before the exercise started at {now:u}.", now);
            else i.Schedule(now);
        }
        await audit.AppendAsync(db, AuditRecord.By(viewer, "exercise.started", "exercise", id.ToString("D"),
            $"{injects.Count} injects at {exercise.Speed}×" + (overdue.Count > 0 ? $", {overdue.Count} late ({late})" : "")), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The exercise was started or ended at the same moment by someone else.");
        }
        wake.Notify();
        return exercise;
    }

    public Task<Exercise> CancelAsync(Guid id, Viewer viewer, CancellationToken ct = default) => EndAsync(id, ExerciseStates.Cancelled, viewer, ct);

    public async Task<Exercise> CompleteAsync(Guid id, Viewer viewer, CancellationToken ct = default)
    {
        var exercise = await access.FindManagedAsync(id, viewer, ct);
        if (exercise.Status != ExerciseStates.Running) throw new ConflictException($"The exercise is {exercise.Status}; only a running exercise completes.");
        return await EndAsync(id, ExerciseStates.Completed, viewer, ct);
    }

    private async Task<Exercise> EndAsync(Guid id, string state, Viewer viewer, CancellationToken ct)
    {
        var exercise = await access.FindManagedAsync(id, viewer, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        exercise.End(state, clock.GetUtcNow());
        var skipped = await SkipPendingAsync(db, id, state == ExerciseStates.Cancelled ? "Not sent: the exercise was cancelled." : "Not sent: the exercise was completed before it fell due.", clock.GetUtcNow(), ct);
        await audit.AppendAsync(db, AuditRecord.By(viewer, $"exercise.{state}", "exercise", id.ToString("D"), $"{skipped} pending injects skipped"), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The exercise was ended at the same moment by someone else.");
        }
        await tx.CommitAsync(ct);
        return exercise;
    }

    /// <summary>Skips every inject still pending (a conditional update: one the runner sends at this moment stays sent).</summary>
    public static Task<int> SkipPendingAsync(KizunaDb db, Guid exerciseId, string note, DateTimeOffset now, CancellationToken ct)
        => db.ExerciseInjects.Where(i => i.ExerciseId == exerciseId && i.Status == InjectStates.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InjectStates.Skipped).SetProperty(i => i.SentAt, now).SetProperty(i => i.Note, note), ct);
}

/// <summary>Wakes the local <see cref="ExerciseRunner"/> (an exercise started): it recomputes its sleep at once. Other nodes wake within <see cref="ExerciseOptions.MaxSleep"/>.</summary>
public sealed class ExerciseWake
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Notify"/>: take it before a round, so a wake-up during the round is not lost.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
