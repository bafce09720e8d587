namespace Kizuna.Core.Features.Exercises.Evaluation;

/// <summary>
/// The controllers' live board (演習の進行状況): the injects sent and pending with their due and sent
/// times, each expectation's outcome per organisation, and the counters. The same numbers as the
/// evaluation, without the per-participant and per-sector statistics.
/// </summary>
public sealed record ExerciseBoard(Guid ExerciseId, string Title, string Status, double Speed, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt,
    DateTimeOffset At, double ScenarioMinutes, string Sight, int InjectsSent, int InjectsPending, int InjectsSkipped, ExpectationScore Score,
    IReadOnlyList<InjectEvaluation> Injects)
{
    public static ExerciseBoard From(ExerciseEvaluation e) => new(e.ExerciseId, e.Title, e.Status, e.Speed, e.StartedAt, e.EndedAt, e.EvaluatedAt,
        e.ScenarioMinutes, e.Sight, e.InjectsSent, e.InjectsPending, e.InjectsSkipped, e.Score, e.Injects);
}
