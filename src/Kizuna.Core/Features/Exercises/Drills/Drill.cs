using Kizuna.Core.Errors;

namespace Kizuna.Core.Features.Exercises.Drills;

/// <summary>
/// A drill (セプター訓練): a marked test message that travels the real chain, hop by hop, and that
/// every organisation on it must acknowledge. <c>down</c> runs the relay chain (coordinator →
/// ministries → CEPTOARs → operators) from the coordinator or a ministry; <c>up</c> runs an
/// operator's test liaison (テスト情報連絡) along its report route to the coordinator. One
/// <see cref="DrillRecipient"/> row per organisation on the chain records when the message reached
/// it and when it acknowledged. Drill data lives in these tables only, never among reports or
/// advisories, so it is apart from every real statistic by construction.
/// Invariants: the status only moves forward (scheduled → running → closed, or to cancelled before
/// closing); <see cref="Status"/> is a concurrency token, so two workers never both start or close it.
/// </summary>
public sealed class Drill
{
    private Drill() { }

    public Drill(string direction, string title, string message, IReadOnlyList<string> sectors, string? route,
        DateTimeOffset? scheduledAt, TimeSpan duration, Guid originOrganizationId, Guid userId, DateTimeOffset now)
    {
        new InputCheck()
            .That(DrillDirections.All.Contains(direction), "direction", $"Unknown direction '{direction}'; use {string.Join(" or ", DrillDirections.All)}.")
            .Required("title", title, DrillLimits.MaxTitleLength)
            .Required("message", message, DrillLimits.MaxMessageLength)
            .That(sectors.Count <= DrillLimits.MaxSectors, "sectors", $"At most {DrillLimits.MaxSectors} sectors.")
            .ThrowIfInvalid("The drill is invalid.");
        Id = Guid.CreateVersion7();
        Direction = direction;
        Title = title.Trim();
        Message = message.Trim();
        Sectors = sectors.Count == 0 ? null : string.Join(',', sectors);
        Route = route;
        ScheduledAt = scheduledAt ?? now;
        Duration = duration;
        OriginOrganizationId = originOrganizationId;
        CreatedByUserId = userId;
        CreatedAt = now;
        Status = DrillStates.Scheduled;
    }

    public Guid Id { get; private set; }
    /// <summary>One of <see cref="DrillDirections"/>.</summary>
    public string Direction { get; private set; } = DrillDirections.Down;
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";
    /// <summary>The chosen sectors (comma-separated codes) of a down drill; null for the whole chain (or, for a ministry, all its sectors).</summary>
    public string? Sectors { get; private set; }
    /// <summary>The report route of an up drill (<c>ministry</c>, <c>ceptoar</c>, <c>coordinator</c>); null for a down drill.</summary>
    public string? Route { get; private set; }
    /// <summary>One of <see cref="DrillStates"/>; a concurrency token.</summary>
    public string Status { get; private set; } = DrillStates.Scheduled;
    /// <summary>When the drill starts (the creation time for a drill started at once).</summary>
    public DateTimeOffset ScheduledAt { get; private set; }
    /// <summary>How long after the start acknowledgements count; the worker closes the drill then.</summary>
    public TimeSpan Duration { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    /// <summary>The deadline: <see cref="StartedAt"/> + <see cref="Duration"/>, set at the start.</summary>
    public DateTimeOffset? ClosesAt { get; private set; }
    /// <summary>When the drill closed or was cancelled.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }
    /// <summary>The organisation that started the drill (coordinator or ministry down, operator up).</summary>
    public Guid OriginOrganizationId { get; private set; }
    public Guid CreatedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<string> SectorCodes => Sectors is null ? [] : Sectors.Split(',');

    public bool IsRunning => Status == DrillStates.Running;
}

/// <summary>The two directions of a drill.</summary>
public static class DrillDirections
{
    /// <summary>Down the relay chain (情報提供の経路).</summary>
    public const string Down = "down";
    /// <summary>Up an operator's report route (情報連絡の経路).</summary>
    public const string Up = "up";

    public static readonly IReadOnlyList<string> All = [Down, Up];
}

/// <summary>The states of a drill.</summary>
public static class DrillStates
{
    public const string Scheduled = "scheduled";
    public const string Running = "running";
    public const string Closed = "closed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Scheduled, Running, Closed, Cancelled];
}

/// <summary>The report routes an up drill may take (as a liaison report's routes).</summary>
public static class DrillRoutes
{
    public const string Ministry = "ministry";
    public const string Ceptoar = "ceptoar";
    public const string Coordinator = "coordinator";

    public static readonly IReadOnlyList<string> All = [Ministry, Ceptoar, Coordinator];
}

/// <summary>How an acknowledgement was given.</summary>
public static class DrillChannels
{
    public const string Ui = "ui";
    public const string Api = "api";
    public const string Mail = "mail";
}

/// <summary>Every fixed limit of drills, in one place (the configurable ones are in <see cref="DrillOptions"/>).</summary>
public static class DrillLimits
{
    public const int MaxTitleLength = 200;
    public const int MaxMessageLength = 4_000;
    public const int MaxSectors = 30;

    /// <summary>The prefix of every drill message's subject in every channel (mail subject, banner, webhook title).</summary>
    public const string SubjectPrefix = "【訓練 DRILL】";

    /// <summary>The STIX label a drill message carries.</summary>
    public const string StixLabel = "kizuna-drill";
}
