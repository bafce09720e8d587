using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Hotline;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Leases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Exercises;

/// <summary>What one round of the runner did, and when the next inject or completion falls due.</summary>
public sealed record RunnerRound(int Sent, int Skipped, int Completed, DateTimeOffset? NextAt);

/// <summary>
/// Plays running exercises (演習の進行): sends each inject when its <see cref="ExerciseInject.DueAt"/>
/// comes, through <see cref="InjectExecutor"/>. Each send is one transaction holding the inject's
/// pending→sent conditional update and everything the use case creates, so an inject is sent exactly
/// once: of two runners (threads, nodes, or a runner restarted mid-send) only one update matches, and a
/// send that fails rolls back whole and leaves the inject pending for the next round. An inject the use
/// case refuses (its audience has left, the author lost the analyst role, …) is skipped with the reason
/// in <see cref="ExerciseInject.Note"/>. The loop sleeps until the next due time (at most
/// <see cref="ExerciseOptions.MaxSleep"/>), woken early by <see cref="ExerciseWake"/>, under the lease
/// <see cref="LeaseName"/> (run anyway when the lease store is unreachable: the conditional update
/// keeps each send once). A restarted server resumes on schedule: the due times are in the database.
/// An exercise completes by itself once every inject is sent or skipped and the longest expected
/// response window of its sent injects (in scenario minutes, at its speed) has passed.
/// </summary>
public sealed class ExerciseRunner(IServiceScopeFactory scopes, IOptions<ExerciseOptions> options, TimeProvider clock, ILeaseProvider leases,
    ExerciseWake wake, HotlineSignal hotline, ILogger<ExerciseRunner> log) : BackgroundService
{
    /// <summary>The lease a round runs under (Redis key <c>{prefix}:lease:exercise-runner</c>).</summary>
    public const string LeaseName = "exercise-runner";

    /// <summary>The most injects one round sends (the rest follow in the next round, at once).</summary>
    public const int MaxPerRound = 200;

    private static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunnerEnabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            var woken = wake.Next;
            var sleep = options.Value.MaxSleep;
            try
            {
                RunnerRound? round = null;
                await leases.RunAsync(LeaseName, LeaseTtl, async ct => round = await RunOnceAsync(ct), runWhenUnavailable: true, log, stoppingToken);
                if (round is not null && round.Sent + round.Skipped >= MaxPerRound) sleep = TimeSpan.Zero;
                else if (round?.NextAt is { } next)
                {
                    var until = next - clock.GetUtcNow();
                    if (until < sleep) sleep = until < TimeSpan.Zero ? TimeSpan.Zero : until;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Exercise runner round failed; retrying after {Sleep}.", sleep);
            }
            if (sleep <= TimeSpan.Zero) continue;
            try { await Task.WhenAny(woken, Task.Delay(sleep, clock, stoppingToken)); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>One round: sends every due inject of running exercises (oldest first), completes the exercises that are done, and answers when the next thing falls due.</summary>
    public async Task<RunnerRound> RunOnceAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        List<Guid> due;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
            due = await (from i in db.ExerciseInjects.AsNoTracking()
                         join e in db.Exercises.AsNoTracking() on i.ExerciseId equals e.Id
                         where i.Status == InjectStates.Pending && i.DueAt != null && i.DueAt <= now && e.Status == ExerciseStates.Running
                         orderby i.DueAt, i.Number
                         select i.Id).Take(MaxPerRound).ToListAsync(ct);
        }
        int sent = 0, skipped = 0;
        foreach (var id in due)
        {
            switch (await SendAsync(id, ct))
            {
                case InjectStates.Sent: sent++; break;
                case InjectStates.Skipped: skipped++; break;
            }
        }
        var completed = await CompleteFinishedAsync(ct);
        return new RunnerRound(sent, skipped, completed, await NextAtAsync(ct));
    }

    /// <summary>
    /// Sends one inject in one transaction with its conditional update. Answers <c>sent</c>,
    /// <c>skipped</c> (the use case refused it; the reason is recorded), or null (not due any more:
    /// another runner sent it, the exercise ended, or a failure left it pending for the next round).
    /// </summary>
    public async Task<string?> SendAsync(Guid injectId, CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<KizunaDb>();
        var inject = await db.ExerciseInjects.AsNoTracking().FirstOrDefaultAsync(i => i.Id == injectId, ct);
        if (inject is null || inject.Status != InjectStates.Pending) return null;
        var exercise = await db.Exercises.AsNoTracking().FirstAsync(e => e.Id == inject.ExerciseId, ct);
        if (!exercise.IsRunning) return null;
        var executor = sp.GetRequiredService<InjectExecutor>();
        var targets = await executor.TargetsAsync(exercise.Id, inject.Audience, ct);
        var runner = await sp.GetRequiredService<ViewerFactory>().ForUserAsync(exercise.CreatedByUserId, ct);
        var now = clock.GetUtcNow();
        string? refusal = null;
        if (runner is null || runner.OrganizationId != exercise.OrganizationId || !runner.HasRole(OrgRoles.Analyst))
            refusal = "The exercise's author is no longer an analyst of the running organisation, so nothing can be sent in its name.";
        else if (targets.Count == 0)
            refusal = "No active participant matches the inject's audience (participants removed from the exercise are skipped).";
        else
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.ExerciseInjects.Where(i => i.Id == injectId && i.Status == InjectStates.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InjectStates.Sent).SetProperty(i => i.SentAt, now), ct);
            if (claimed == 0)
            {
                // Another runner sent it (or the exercise ended and skipped it) at the same moment.
                await tx.RollbackAsync(CancellationToken.None);
                return null;
            }
            try
            {
                var item = await executor.SendAsync(exercise, inject, targets, runner, ct);
                await db.ExerciseInjects.Where(i => i.Id == injectId)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.ItemKind, item.Kind).SetProperty(i => i.ItemId, item.Id), ct);
                db.ExerciseInjectRecipients.AddRange(targets.Select(t => new InjectRecipient(exercise.Id, injectId, t.OrganizationId, now)));
                await sp.GetRequiredService<AuditTrail>().AppendAsync(db, AuditRecord.By(Viewer.System, "exercise.inject-sent", "exercise", exercise.Id.ToString("D"),
                    $"#{inject.Number} {inject.Kind} → {item.Kind} {item.Id:D}, {targets.Count} organisations, {(now - inject.DueAt!.Value).TotalMilliseconds:0} ms late"), ct);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                hotline.Notify();
                return InjectStates.Sent;
            }
            catch (DomainException e)
            {
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                refusal = Explain(e);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await tx.RollbackAsync(CancellationToken.None);
                log.LogError(e, "Sending inject {Number} of exercise {Exercise} failed; it stays pending and is retried.", inject.Number, exercise.Id);
                return null;
            }
        }
        var note = refusal.Length > 1000 ? refusal[..999] + "…" : refusal;
        var marked = await db.ExerciseInjects.Where(i => i.Id == injectId && i.Status == InjectStates.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InjectStates.Skipped).SetProperty(i => i.SentAt, now).SetProperty(i => i.Note, note), ct);
        if (marked == 0) return null;
        await sp.GetRequiredService<AuditTrail>().AppendAsync(db, AuditRecord.By(Viewer.System, "exercise.inject-skipped", "exercise", exercise.Id.ToString("D"),
            $"#{inject.Number} {inject.Kind}: {note}"), ct);
        return InjectStates.Skipped;
    }

    private static string Explain(DomainException e)
        => e is InputException { Errors.Count: > 0 } input
            ? string.Join(" ", input.Errors.SelectMany(kv => kv.Value).Distinct())
            : e.Message;

    /// <summary>Completes the running exercises with nothing pending once the longest expected response window of their sent injects has passed.</summary>
    private async Task<int> CompleteFinishedAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
        var now = clock.GetUtcNow();
        var done = 0;
        foreach (var (exercise, endsAt) in await FinishTimesAsync(db, ct))
        {
            if (endsAt > now) continue;
            var changed = await db.Exercises.Where(e => e.Id == exercise && e.Status == ExerciseStates.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, ExerciseStates.Completed).SetProperty(e => e.EndedAt, now).SetProperty(e => e.UpdatedAt, now), ct);
            if (changed == 0) continue;
            done++;
            await scope.ServiceProvider.GetRequiredService<AuditTrail>().AppendAsync(db, AuditRecord.By(Viewer.System, "exercise.completed", "exercise", exercise.ToString("D"),
                "every inject sent or skipped and the expected response windows over"), ct);
        }
        return done;
    }

    /// <summary>Running exercises with no pending inject, and when each completes.</summary>
    private static async Task<List<(Guid Exercise, DateTimeOffset EndsAt)>> FinishTimesAsync(KizunaDb db, CancellationToken ct)
    {
        var finished = await db.Exercises.AsNoTracking()
            .Where(e => e.Status == ExerciseStates.Running
                // An exercise without injects is played free-form: its controllers complete it, never the runner.
                && db.ExerciseInjects.Any(i => i.ExerciseId == e.Id)
                && !db.ExerciseInjects.Any(i => i.ExerciseId == e.Id && i.Status == InjectStates.Pending))
            .Select(e => new { e.Id, e.Speed, e.StartedAt }).ToListAsync(ct);
        var result = new List<(Guid, DateTimeOffset)>();
        foreach (var e in finished)
        {
            var injects = await db.ExerciseInjects.AsNoTracking().Where(i => i.ExerciseId == e.Id)
                .Select(i => new { i.SentAt, i.Status, i.ExpectationsJson }).ToListAsync(ct);
            var endsAt = e.StartedAt ?? DateTimeOffset.MinValue;
            foreach (var i in injects.Where(i => i.SentAt is not null))
            {
                var window = i.Status == InjectStates.Sent
                    ? System.Text.Json.JsonSerializer.Deserialize<List<ExpectedResponse>>(i.ExpectationsJson, ExerciseJson.Options)?.Select(x => x.WithinMinutes).DefaultIfEmpty(0).Max() ?? 0
                    : 0;
                var end = i.SentAt!.Value + TimeSpan.FromTicks((long)(TimeSpan.FromMinutes(window).Ticks / e.Speed));
                if (end > endsAt) endsAt = end;
            }
            result.Add((e.Id, endsAt));
        }
        return result;
    }

    /// <summary>The next instant something falls due: a pending inject of a running exercise, or an exercise's completion.</summary>
    private async Task<DateTimeOffset?> NextAtAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
        var next = await (from i in db.ExerciseInjects.AsNoTracking()
                          join e in db.Exercises.AsNoTracking() on i.ExerciseId equals e.Id
                          where i.Status == InjectStates.Pending && i.DueAt != null && e.Status == ExerciseStates.Running
                          orderby i.DueAt
                          select i.DueAt).FirstOrDefaultAsync(ct);
        foreach (var (_, endsAt) in await FinishTimesAsync(db, ct))
            if (next is null || endsAt < next) next = endsAt;
        return next;
    }
}
