namespace Kizuna.Core.Features.Exercises.Evaluation;

/// <summary>
/// The evaluation of an exercise (演習の評価) as one viewer may see it (<see cref="ExerciseEvaluationAccess"/>):
/// per inject its expectations with one outcome per expected organisation, per participant and per
/// sector the response times (min, median, max, in scenario minutes) and expectations met, and the
/// overall score. Built from the real records the injects created (<see cref="ExerciseEvaluator"/>).
/// </summary>
public sealed record ExerciseEvaluation(
    Guid ExerciseId, string Title, string Status, double Speed, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt,
    DateTimeOffset EvaluatedAt, double ScenarioMinutes, string Sight,
    int InjectsSent, int InjectsPending, int InjectsSkipped,
    IReadOnlyList<InjectEvaluation> Injects, IReadOnlyList<ParticipantEvaluation> Participants, IReadOnlyList<SectorEvaluation> Sectors,
    IReadOnlyList<RelayHopEvaluation> RelayHops, ResponseTimes Times, ExpectationScore Score);

/// <summary>
/// One inject: when it fell due and was sent, what it created, and its expectations (evaluated once it is sent).
/// <see cref="Title"/> is null where the viewer may not read the inject's words (<see cref="ExerciseAccess.ShowsWords"/>).
/// </summary>
public sealed record InjectEvaluation(Guid Id, int Number, string Kind, string? Title, string Status, double OffsetMinutes,
    DateTimeOffset? DueAt, DateTimeOffset? SentAt, string? ItemKind, Guid? ItemId, string? Note, IReadOnlyList<ExpectationEvaluation> Expectations);

/// <summary>
/// One expected response of an inject: its window (<see cref="WithinMinutes"/> of scenario time from the
/// send, <see cref="DeadlineAt"/> on the wall clock) and one outcome per organisation expected to respond.
/// </summary>
public sealed record ExpectationEvaluation(int Index, string Kind, int WithinMinutes, string? Sector, string? OrganizationCode, DateTimeOffset? DeadlineAt,
    int Met, int Missed, int Pending, int Removed, IReadOnlyList<OrganizationOutcome> Outcomes);

/// <summary>
/// One organisation's outcome for one expectation (<see cref="ExpectationOutcomes"/>): when it
/// responded (if it did) and how long that took in scenario minutes.
/// </summary>
public sealed record OrganizationOutcome(Guid OrganizationId, string Code, string NameJa, string NameEn, string? SectorCode, string Outcome,
    DateTimeOffset? RespondedAt, double? Minutes, bool Removed);

/// <summary>A participant organisation: its role and people, whether it was removed, its response times and its score.</summary>
public sealed record ParticipantEvaluation(Guid OrganizationId, string Code, string NameJa, string NameEn, string Kind, string? SectorCode,
    string Role, int People, DateTimeOffset? RemovedAt, ResponseTimes Times, ExpectationScore Score)
{
    public bool Removed => RemovedAt is not null;
}

/// <summary>The players of one sector (their first sector; <c>-</c> for none) together.</summary>
public sealed record SectorEvaluation(string SectorCode, string NameJa, string NameEn, int Organizations, int People, ResponseTimes Times, ExpectationScore Score);

/// <summary>The relays of the exercise's advisories at one hop of the chain: how many relay, how many did, and the time per hop (received → relayed).</summary>
public sealed record RelayHopEvaluation(int Hop, int Relaying, int Relayed, TimeStats Times);

/// <summary>
/// Response times in scenario minutes: to acknowledge an alert or advisory (from the inject's send), to
/// file a liaison report an inject expects (from the send), to relay an advisory (per hop: from its
/// arrival at the organisation) and to answer a status request (from the send).
/// </summary>
public sealed record ResponseTimes(TimeStats Acknowledge, TimeStats Report, TimeStats Relay, TimeStats Answer);

/// <summary>Min, median and max of a set of durations in scenario minutes (null when there are none).</summary>
public sealed record TimeStats(int Count, double? Min, double? Median, double? Max)
{
    public static readonly TimeStats Empty = new(0, null, null, null);

    public static TimeStats Of(IEnumerable<double> minutes)
    {
        var sorted = minutes.Order().ToArray();
        if (sorted.Length == 0) return Empty;
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new TimeStats(sorted.Length, Round(sorted[0]), Round(median), Round(sorted[^1]));
    }

    public static double Round(double minutes) => Math.Round(minutes, 2, MidpointRounding.AwayFromZero);
}

/// <summary>Expectations met, missed and pending (and those cut short by a removal, which count in no total); <see cref="Rate"/> is met ÷ total.</summary>
public sealed record ExpectationScore(int Met, int Missed, int Pending, int Removed)
{
    public static readonly ExpectationScore Zero = new(0, 0, 0, 0);

    public int Total => Met + Missed + Pending;
    public double? Rate => Total == 0 ? null : Math.Round((double)Met / Total, 4);

    public static ExpectationScore Of(IEnumerable<string> outcomes)
    {
        int met = 0, missed = 0, pending = 0, removed = 0;
        foreach (var o in outcomes)
        {
            switch (o)
            {
                case ExpectationOutcomes.Met: met++; break;
                case ExpectationOutcomes.Missed: missed++; break;
                case ExpectationOutcomes.Pending: pending++; break;
                default: removed++; break;
            }
        }
        return new ExpectationScore(met, missed, pending, removed);
    }
}

/// <summary>
/// The outcomes of an expectation for one organisation: <c>met</c> (responded within the window),
/// <c>missed</c> (responded late, or the window closed — by its end or the exercise's — without a
/// response), <c>pending</c> (no response yet, window still open), <c>removed</c> (the participant was
/// removed before responding while the window was open: evaluated up to its removal only).
/// </summary>
public static class ExpectationOutcomes
{
    public const string Met = "met";
    public const string Missed = "missed";
    public const string Pending = "pending";
    public const string Removed = "removed";
}

/// <summary>The sights as written in answers.</summary>
public static class ExerciseSights
{
    public static string Name(ExerciseSight sight) => sight switch
    {
        ExerciseSight.Full => "full",
        ExerciseSight.Board => "board",
        _ => "own",
    };
}
