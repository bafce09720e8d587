using Kizuna.Core.Disclosure;

namespace Kizuna.Core.Features.Exercises.Evaluation;

/// <summary>
/// The after-action report of an exercise (評価・事後報告): a summary, the participation (organisations and
/// people by role and by sector), the evaluation (per sector, per participant, expectations met and
/// missed) and the timeline. Built for one viewer: a player's report holds its own organisation only.
/// </summary>
public sealed record AfterActionReport(ExerciseSummary Summary, Participation Participation, ExerciseEvaluation Evaluation, IReadOnlyList<TimelineEntry> Timeline);

public sealed record ExerciseSummary(Guid ExerciseId, string Title, string? Description, string Status, double Speed, DateTimeOffset? ScheduledStartAt,
    DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, int Injects, ExpectationScore Score, bool Final);

/// <summary>Who took part: organisations and people, by role and by sector (players by their first sector). Removed participants count where they took part before removal.</summary>
public sealed record Participation(int Organizations, int People, int Removed, IReadOnlyList<ParticipationRow> ByRole, IReadOnlyList<ParticipationRow> BySector);

public sealed record ParticipationRow(string Key, string NameJa, string NameEn, int Organizations, int People);

/// <summary>One moment of the exercise: <c>started</c>, <c>inject-sent</c>, <c>inject-skipped</c>, <c>removed</c> (a participant), <c>ended</c>.</summary>
public sealed record TimelineEntry(DateTimeOffset At, double ScenarioMinutes, string Kind, string Text);

/// <summary>Builds the after-action report from the evaluation, for a viewer admitted by <see cref="ExerciseEvaluationAccess"/>.</summary>
public sealed class AfterActionReportHandler(ExerciseEvaluationAccess access, ExerciseEvaluator evaluator)
{
    public async Task<AfterActionReport> HandleAsync(Guid exerciseId, Viewer viewer, CancellationToken ct = default)
    {
        var (exercise, sight) = await access.FindAsync(exerciseId, viewer, ExerciseEvaluationView.Evaluation, ct);
        var e = await evaluator.EvaluateAsync(exercise, sight, viewer, ct);
        var tookPart = e.Participants.Where(p => p.RemovedAt is null || exercise.StartedAt is null || p.RemovedAt > exercise.StartedAt).ToList();
        var byRole = ExerciseRoles.All.Select(r => new ParticipationRow(r, RoleName(r).Ja, RoleName(r).En,
            tookPart.Count(p => p.Role == r), tookPart.Where(p => p.Role == r).Sum(p => p.People))).ToList();
        var bySector = e.Sectors.Select(s => new ParticipationRow(s.SectorCode, s.NameJa, s.NameEn, s.Organizations, s.People)).ToList();
        if (sight == ExerciseSight.Own)
            bySector = tookPart.Where(p => p.Role == ExerciseRoles.Player)
                .Select(p => new ParticipationRow(p.SectorCode ?? "-", p.SectorCode ?? "-", p.SectorCode ?? "-", 1, p.People)).ToList();
        var participation = new Participation(tookPart.Count, tookPart.Sum(p => p.People), e.Participants.Count(p => p.Removed), byRole, bySector);

        double Scenario(DateTimeOffset at) => TimeStats.Round(exercise.ScenarioElapsed(at).TotalMinutes);
        var timeline = new List<TimelineEntry>();
        if (exercise.StartedAt is { } started) timeline.Add(new(started, 0, "started", "演習開始 / Exercise started"));
        foreach (var i in e.Injects.Where(i => i.SentAt is not null))
            timeline.Add(new(i.SentAt!.Value, Scenario(i.SentAt.Value), i.Status == InjectStates.Skipped ? "inject-skipped" : "inject-sent", $"#{i.Number} {i.Title}"));
        foreach (var p in e.Participants.Where(p => p.RemovedAt is not null))
            timeline.Add(new(p.RemovedAt!.Value, Scenario(p.RemovedAt.Value), "removed", $"{p.Code} {p.NameJa} / {p.NameEn}"));
        if (exercise.EndedAt is { } ended) timeline.Add(new(ended, Scenario(ended), "ended", exercise.Status == ExerciseStates.Cancelled ? "演習中止 / Exercise cancelled" : "演習終了 / Exercise completed"));
        timeline = timeline.OrderBy(t => t.At).ThenBy(t => t.Kind == "ended" ? 1 : 0).ToList();

        var summary = new ExerciseSummary(exercise.Id, exercise.Title, exercise.Description, exercise.Status, exercise.Speed, exercise.ScheduledStartAt,
            exercise.StartedAt, exercise.EndedAt, e.Injects.Count, e.Score, exercise.Status is ExerciseStates.Completed or ExerciseStates.Cancelled);
        return new AfterActionReport(summary, participation, e, timeline);
    }

    public static (string Ja, string En) RoleName(string role) => role switch
    {
        ExerciseRoles.Player => ("プレイヤー", "Players"),
        ExerciseRoles.Controller => ("コントローラー", "Controllers"),
        ExerciseRoles.Observer => ("オブザーバー", "Observers"),
        _ => (role, role),
    };
}
