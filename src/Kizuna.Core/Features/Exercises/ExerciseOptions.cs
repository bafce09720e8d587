namespace Kizuna.Core.Features.Exercises;

/// <summary>Exercises (分野横断的演習), bound from the <c>Exercises</c> section and validated at start-up.</summary>
public sealed class ExerciseOptions
{
    public const string Section = "Exercises";

    /// <summary>Run the inject runner on this node. Several nodes may: each inject's send is a conditional update that only one wins.</summary>
    public bool RunnerEnabled { get; set; } = true;

    /// <summary>The longest the runner sleeps between looks (it sleeps until the next due inject, at most this long, and wakes early when an exercise starts).</summary>
    public TimeSpan MaxSleep { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest scenario document <c>PUT /api/v1/exercises/{id}/scenario</c> accepts, in bytes.</summary>
    public int MaxScenarioBytes { get; set; } = 512 * 1024;

    /// <summary>Start-up checks; an empty list means valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var found = new List<string>();
        if (MaxSleep < TimeSpan.FromMilliseconds(10) || MaxSleep > TimeSpan.FromMinutes(1)) found.Add("Exercises:MaxSleep runs from 10 ms to 1 minute.");
        if (MaxScenarioBytes is < 1024 or > 16 * 1024 * 1024) found.Add("Exercises:MaxScenarioBytes runs from 1 KiB to 16 MiB.");
        return found;
    }
}
