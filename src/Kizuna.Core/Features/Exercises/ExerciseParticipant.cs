using Kizuna.Core.Errors;

namespace Kizuna.Core.Features.Exercises;

/// <summary>
/// An organisation registered for an exercise, with the number of people taking part and its role
/// (<see cref="ExerciseRoles"/>). Removing a participant (even mid-exercise) keeps the row with
/// <see cref="RemovedAt"/> set: injects not yet sent no longer reach it, its evaluation stops at that
/// moment, and nothing it already did is lost. Invariant: one row per organisation and exercise.
/// </summary>
public sealed class ExerciseParticipant
{
    private ExerciseParticipant() { }

    public ExerciseParticipant(Guid exerciseId, Guid organizationId, string role, int people, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        ExerciseId = exerciseId;
        OrganizationId = organizationId;
        RegisteredAt = now;
        Change(role, people);
    }

    public Guid Id { get; private set; }
    public Guid ExerciseId { get; private set; }
    public Guid OrganizationId { get; private set; }
    /// <summary>One of <see cref="ExerciseRoles"/>.</summary>
    public string Role { get; private set; } = ExerciseRoles.Player;
    /// <summary>How many people of the organisation take part (the annual participation figures count them).</summary>
    public int People { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }
    public DateTimeOffset? RemovedAt { get; private set; }

    public bool IsActive => RemovedAt is null;

    public void Change(string role, int people)
    {
        new InputCheck()
            .That(ExerciseRoles.All.Contains(role), "role", $"Unknown role '{role}'; use {string.Join(", ", ExerciseRoles.All)}.")
            .That(people is >= 1 and <= ExerciseLimits.MaxPeoplePerParticipant, "people", $"The number of people runs from 1 to {ExerciseLimits.MaxPeoplePerParticipant}.")
            .ThrowIfInvalid("The participant is invalid.");
        Role = role;
        People = people;
    }

    public void Remove(DateTimeOffset now) => RemovedAt ??= now;

    public void Restore() => RemovedAt = null;
}

/// <summary>The roles in an exercise: players act, controllers run it and see the live board, observers watch.</summary>
public static class ExerciseRoles
{
    public const string Player = "player";
    public const string Controller = "controller";
    public const string Observer = "observer";

    public static readonly IReadOnlyList<string> All = [Player, Controller, Observer];
}
