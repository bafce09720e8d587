using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Exercises;

namespace Kizuna.Core.Features.Notices;

/// <summary>
/// A notice (お知らせ) posted by an organisation to an audience under a TLP marking: the simplest
/// shareable item, and the one the foundation's leak hunt seeds. Advisories and reports reuse the
/// same <see cref="Distribution"/>.
/// </summary>
public sealed class Notice : IShareable, IExerciseMarked
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 20_000;

    private Notice() { }

    /// <summary>The exercise that created this item (分野横断的演習), or null for real data; set once at creation (<see cref="ExerciseIsolation"/>).</summary>
    public Guid? ExerciseId { get; private set; }

    /// <summary>Marks a new item as exercise data; it can never become real data, nor move to another exercise.</summary>
    public void MarkExercise(Guid exerciseId)
    {
        if (ExerciseId is { } existing && existing != exerciseId) throw new InvalidOperationException("The item already belongs to another exercise.");
        ExerciseId = exerciseId;
    }

    public Notice(string title, string body, Distribution distribution, Guid authorUserId, DateTimeOffset now)
    {
        new InputCheck()
            .Required("title", title, MaxTitleLength)
            .Required("body", body, MaxBodyLength)
            .ThrowIfInvalid();
        Id = Guid.CreateVersion7();
        Title = title.Trim();
        Body = body;
        Distribution = distribution;
        AuthorUserId = authorUserId;
        PostedAt = now;
    }

    public Guid Id { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public Distribution Distribution { get; private set; } = null!;
    public Guid AuthorUserId { get; private set; }
    public DateTimeOffset PostedAt { get; private set; }
}
