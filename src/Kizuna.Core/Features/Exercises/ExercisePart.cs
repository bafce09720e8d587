namespace Kizuna.Core.Features.Exercises;

/// <summary>
/// The part an organisation plays in one exercise (演習での立場), as <see cref="ExerciseAccess.PartOf"/>
/// decides it: the one answer both access rules (authoring and running, <see cref="ExerciseAccess"/>;
/// evaluation, board and after-action report, <see cref="Evaluation.ExerciseEvaluationAccess"/>) start from.
/// </summary>
public enum ExercisePart
{
    /// <summary>The organisation that runs the exercise (and the system viewer).</summary>
    Runner,
    /// <summary>An active controller participant.</summary>
    Controller,
    /// <summary>An active observer participant.</summary>
    Observer,
    /// <summary>A player, and any participant removed from the exercise: what reached it stays its own to see.</summary>
    Player,
}
