using Kizuna.Core.Errors;

namespace Kizuna.Core.Features.Exercises;

/// <summary>
/// A cross-sector exercise (分野横断的演習): a scenario of timed injects (<see cref="ExerciseInject"/>)
/// played to registered participants (<see cref="ExerciseParticipant"/>), in real time or accelerated
/// (<see cref="Speed"/>). Everything an inject creates (liaison reports, advisories, alerts, crisis
/// declarations, notices) carries this exercise's id in its <c>ExerciseId</c> column, which keeps it
/// out of every real statistic, analytic, feed and TAXII collection (<see cref="ExerciseIsolation"/>).
/// Invariants: the scenario (injects, speed) can change only while the exercise is a draft; a running
/// exercise only moves forward (running → completed or cancelled).
/// </summary>
public sealed class Exercise
{
    private Exercise() { }

    public Exercise(string title, string? description, double speed, DateTimeOffset? scheduledStartAt, Guid organizationId, Guid userId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        CreatedByUserId = userId;
        CreatedAt = now;
        Status = ExerciseStates.Draft;
        Edit(title, description, speed, scheduledStartAt, now);
    }

    public Guid Id { get; private set; }
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    /// <summary>One of <see cref="ExerciseStates"/>; a concurrency token, so two racing starts or ends cannot both win.</summary>
    public string Status { get; private set; } = ExerciseStates.Draft;
    /// <summary>Scenario minutes per wall-clock minute: 1 is real time, 60 plays an hour of scenario in a minute.</summary>
    public double Speed { get; private set; } = 1;
    /// <summary>When the exercise is planned to start (display and the annual figures' fiscal year before it runs).</summary>
    public DateTimeOffset? ScheduledStartAt { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    /// <summary>The organisation that runs the exercise (the coordinator, or a ministry for its sectors).</summary>
    public Guid OrganizationId { get; private set; }
    public Guid CreatedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public bool IsRunning => Status == ExerciseStates.Running;

    public void Edit(string title, string? description, double speed, DateTimeOffset? scheduledStartAt, DateTimeOffset now)
    {
        if (Status != ExerciseStates.Draft) throw new ConflictException("Only a draft exercise can be changed.");
        new InputCheck()
            .Required("title", title, ExerciseLimits.MaxTitleLength)
            .MaxLength("description", description, ExerciseLimits.MaxDescriptionLength)
            .That(speed is >= ExerciseLimits.MinSpeed and <= ExerciseLimits.MaxSpeed, "speed", $"Speed runs from {ExerciseLimits.MinSpeed} (real time) to {ExerciseLimits.MaxSpeed}× accelerated.")
            .ThrowIfInvalid("The exercise is invalid.");
        Title = title.Trim();
        Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        Speed = speed;
        ScheduledStartAt = scheduledStartAt;
        UpdatedAt = now;
    }

    /// <summary>The scenario time of a wall-clock instant: offset from the start, multiplied by <see cref="Speed"/>.</summary>
    public TimeSpan ScenarioElapsed(DateTimeOffset at)
        => StartedAt is { } s && at > s ? TimeSpan.FromTicks((long)((at - s).Ticks * Speed)) : TimeSpan.Zero;

    /// <summary>The wall-clock instant at which a scenario offset falls due.</summary>
    public DateTimeOffset DueAt(TimeSpan offset)
        => (StartedAt ?? throw new InvalidOperationException("The exercise has not started.")) + TimeSpan.FromTicks((long)(offset.Ticks / Speed));

    public void Start(DateTimeOffset now)
    {
        if (Status != ExerciseStates.Draft) throw new ConflictException($"The exercise is {Status}; only a draft can start.");
        Status = ExerciseStates.Running;
        StartedAt = now;
        UpdatedAt = now;
    }

    public void End(string state, DateTimeOffset now)
    {
        if (state is not (ExerciseStates.Completed or ExerciseStates.Cancelled)) throw new ArgumentOutOfRangeException(nameof(state), state, "An exercise ends completed or cancelled.");
        if (Status is ExerciseStates.Completed or ExerciseStates.Cancelled) throw new ConflictException($"The exercise has already ended ({Status}).");
        Status = state;
        EndedAt = now;
        UpdatedAt = now;
    }
}

/// <summary>The states of an exercise.</summary>
public static class ExerciseStates
{
    public const string Draft = "draft";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Draft, Running, Completed, Cancelled];
}

/// <summary>Every limit on exercises, in one place (tested).</summary>
public static class ExerciseLimits
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxInjectTitleLength = 200;
    public const int MaxInjectBodyLength = 8000;
    public const int MaxInjects = 500;
    public const int MaxParticipants = 5000;
    public const int MaxPeoplePerParticipant = 10000;
    public const int MaxExpectationsPerInject = 20;
    /// <summary>The entries of one inject's audience (organisation codes and sectors, each looked up when written); <c>players</c> names every player at once.</summary>
    public const int MaxAudienceEntries = 200;
    public const double MinSpeed = 1;
    public const double MaxSpeed = 600;
    /// <summary>The longest scenario: 30 days of scenario time.</summary>
    public static readonly TimeSpan MaxOffset = TimeSpan.FromDays(30);
}
