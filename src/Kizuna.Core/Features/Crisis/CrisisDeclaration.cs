using Kizuna.Core.Errors;
using Kizuna.Core.Features.Exercises;

namespace Kizuna.Core.Features.Crisis;

/// <summary>
/// A declared large-scale failure (大規模IT障害対応時, 別紙4-2): the coordinator switches a set of
/// sectors (optionally limited to prefectures) from the normal structure into the crisis structure.
/// Parties that join by <see cref="Cause"/> enter the crisis room, and every operator of the affected
/// sectors is asked for its service status (<see cref="CrisisRecipient"/>). Invariants: the sectors,
/// regions and cause never change after declaration; once stood down a crisis stays stood down and
/// takes no more answers or reminders.
/// </summary>
public sealed class CrisisDeclaration : IExerciseMarked
{
    private CrisisDeclaration() { }

    /// <summary>The exercise that created this item (分野横断的演習), or null for real data; set once at creation (<see cref="ExerciseIsolation"/>).</summary>
    public Guid? ExerciseId { get; private set; }

    /// <summary>Marks a new item as exercise data; it can never become real data, nor move to another exercise.</summary>
    public void MarkExercise(Guid exerciseId)
    {
        if (ExerciseId is { } existing && existing != exerciseId) throw new InvalidOperationException("The item already belongs to another exercise.");
        ExerciseId = exerciseId;
    }

    public CrisisDeclaration(IEnumerable<string> sectors, IEnumerable<string> regions, string cause, Guid userId, Guid organizationId, DateTimeOffset now)
    {
        if (!CrisisCauses.All.Contains(cause)) throw new InputException("cause", $"Unknown cause '{cause}'; use {string.Join(", ", CrisisCauses.All)}.");
        Id = Guid.CreateVersion7();
        Sectors = sectors.Distinct().Order(StringComparer.Ordinal).ToList();
        Regions = regions.Distinct().Order(StringComparer.Ordinal).ToList();
        if (Sectors.Count == 0) throw new InputException("sectors", "Choose at least one sector.");
        Cause = cause;
        Status = CrisisStates.Active;
        DeclaredAt = now;
        DeclaredByUserId = userId;
        DeclaredByOrganizationId = organizationId;
    }

    public Guid Id { get; private set; }
    /// <summary>Codes of the affected sectors (重要インフラ分野).</summary>
    public List<string> Sectors { get; private set; } = [];
    /// <summary>Prefecture codes (<c>JP-13</c>) the crisis is limited to; empty: the whole country.</summary>
    public List<string> Regions { get; private set; } = [];
    /// <summary>One of <see cref="CrisisCauses"/>; it decides which parties join the crisis room.</summary>
    public string Cause { get; private set; } = "";
    /// <summary><see cref="CrisisStates.Active"/> or <see cref="CrisisStates.StoodDown"/>.</summary>
    public string Status { get; private set; } = "";
    public DateTimeOffset DeclaredAt { get; private set; }
    public Guid DeclaredByUserId { get; private set; }
    public Guid DeclaredByOrganizationId { get; private set; }
    public DateTimeOffset? StoodDownAt { get; private set; }
    public Guid? StoodDownByUserId { get; private set; }

    public bool IsActive => Status == CrisisStates.Active;

    /// <summary>Throws a conflict when the crisis has been stood down.</summary>
    public void RequireActive()
    {
        if (!IsActive) throw new ConflictException("The crisis has been stood down; it takes no more answers or reminders.");
    }

    /// <summary>Returns the sectors to normal (平時). A second stand-down is a conflict.</summary>
    public void StandDown(Guid userId, DateTimeOffset now)
    {
        if (!IsActive) throw new ConflictException("The crisis has already been stood down.");
        Status = CrisisStates.StoodDown;
        StoodDownAt = now;
        StoodDownByUserId = userId;
    }
}

/// <summary>The cause classes of a crisis; each adds its own parties to the crisis room.</summary>
public static class CrisisCauses
{
    /// <summary>Cyber attack: incident-handling agencies (事案対処省庁) join.</summary>
    public const string Cyber = "cyber";
    /// <summary>Disaster: disaster-management ministries (防災関係府省庁) join.</summary>
    public const string Disaster = "disaster";
    /// <summary>Not yet known: no extra parties.</summary>
    public const string Unknown = "unknown";

    public static readonly IReadOnlyList<string> All = [Cyber, Disaster, Unknown];
}

/// <summary>The states of a crisis.</summary>
public static class CrisisStates
{
    public const string Active = "active";
    public const string StoodDown = "stood-down";
}

/// <summary>The status values an operator gives per critical service.</summary>
public static class ServiceStatuses
{
    public const string Normal = "normal";
    public const string Degraded = "degraded";
    public const string Down = "down";
    public const string Unknown = "unknown";

    public static readonly IReadOnlyList<string> All = [Normal, Degraded, Down, Unknown];
}

/// <summary>Every limit of crisis mode, in one place.</summary>
public static class CrisisLimits
{
    public const int MaxSectors = 20;
    public const int MaxRegions = 47;
    public const int MaxServicesPerAnswer = 50;
    public const int MaxNeedsLength = 2_000;
    public const int MaxList = 200;
}
