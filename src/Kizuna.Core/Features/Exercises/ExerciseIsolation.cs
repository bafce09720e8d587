namespace Kizuna.Core.Features.Exercises;

/// <summary>
/// An item an exercise may create: a liaison report, advisory, hotline alert, crisis declaration or
/// notice. <see cref="ExerciseId"/> is null for real data and set, once, at creation for exercise data.
/// </summary>
public interface IExerciseMarked
{
    Guid? ExerciseId { get; }
}

/// <summary>
/// The one rule that keeps exercise data apart from real data (DESIGN §3, issue 8): every real
/// statistic, analytic, correlation, TAXII collection, feed and newsletter reads through
/// <see cref="RealOnly{T}"/>; a view that explicitly asks for exercise data uses
/// <see cref="OfExercise{T}"/>.
/// </summary>
public static class ExerciseIsolation
{
    /// <summary>Real data only: nothing an exercise created.</summary>
    public static IQueryable<T> RealOnly<T>(this IQueryable<T> query) where T : class, IExerciseMarked
        => query.Where(x => x.ExerciseId == null);

    /// <summary>The data of one exercise only.</summary>
    public static IQueryable<T> OfExercise<T>(this IQueryable<T> query, Guid exerciseId) where T : class, IExerciseMarked
        => query.Where(x => x.ExerciseId == exerciseId);

    /// <summary>The prefix every channel puts before an exercise item's subject (mail subject, banner, webhook title).</summary>
    public const string SubjectPrefix = "【演習 EXERCISE】";

    /// <summary>The STIX label an exercise item carries wherever it is expressed in STIX.</summary>
    public const string StixLabel = "kizuna-exercise";
}
