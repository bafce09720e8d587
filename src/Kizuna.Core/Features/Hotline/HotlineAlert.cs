using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Exercises;

namespace Kizuna.Core.Features.Hotline;

/// <summary>
/// An urgent message on the hotline (ホットライン), in one of two directions
/// (<see cref="AlertDirections"/>): an alert (緊急連絡) <c>down</c> from the coordinator, or a ministry
/// for its sectors, to an audience; or a direct urgent report (緊急連絡（NISC直通）) <c>up</c> from an
/// operator to the coordinator and its sectors' ministries. Every recipient organisation (those the
/// audience admits, the sender excluded) must acknowledge it; one <see cref="AlertAcknowledgement"/>
/// row per recipient tracks that and the escalation. Invariants: immutable once sent;
/// <see cref="Sequence"/> is unique and grows with each alert sent (the event id of the live stream);
/// only an <c>up</c> report links a liaison report.
/// </summary>
public sealed class HotlineAlert : IShareable, IExerciseMarked
{
    private HotlineAlert() { }

    /// <summary>The exercise that created this item (分野横断的演習), or null for real data; set once at creation (<see cref="ExerciseIsolation"/>).</summary>
    public Guid? ExerciseId { get; private set; }

    /// <summary>Marks a new item as exercise data; it can never become real data, nor move to another exercise.</summary>
    public void MarkExercise(Guid exerciseId)
    {
        if (ExerciseId is { } existing && existing != exerciseId) throw new InvalidOperationException("The item already belongs to another exercise.");
        ExerciseId = exerciseId;
    }

    public HotlineAlert(long sequence, string alertClass, int severity, string title, string message, Distribution distribution, Guid senderUserId, DateTimeOffset now,
        string direction = AlertDirections.Down, Guid? linkedReportId = null)
    {
        if (!AlertDirections.All.Contains(direction)) throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown alert direction.");
        if (direction == AlertDirections.Down && linkedReportId is not null) throw new ArgumentException("Only a direct urgent report links a liaison report.", nameof(linkedReportId));
        new InputCheck()
            .That(AlertClasses.All.Contains(alertClass), "class", $"Unknown alert class '{alertClass}'; use {string.Join(", ", AlertClasses.All)}.")
            .That(severity is >= HotlineLimits.MinSeverity and <= HotlineLimits.MaxSeverity, "severity", $"Severity runs from {HotlineLimits.MinSeverity} (low) to {HotlineLimits.MaxSeverity} (critical).")
            .Required("title", title, HotlineLimits.MaxTitleLength)
            .Required("message", message, HotlineLimits.MaxMessageLength)
            .ThrowIfInvalid("The alert is invalid.");
        Id = Guid.CreateVersion7();
        Sequence = sequence;
        Class = alertClass;
        Severity = severity;
        Title = title.Trim();
        Message = message.Trim();
        Distribution = distribution;
        SenderUserId = senderUserId;
        CreatedAt = now;
        Direction = direction;
        LinkedReportId = linkedReportId;
    }

    /// <summary>A copy under another sequence number (the sender retries when another alert took its number).</summary>
    public HotlineAlert WithSequence(long sequence)
    {
        var copy = new HotlineAlert(sequence, Class, Severity, Title, Message,
            new Distribution(Distribution.Tlp, Distribution.OwnerOrganizationId, Distribution.Audience.Select(a => new AudienceEntry { Kind = a.Kind, Value = a.Value })),
            SenderUserId, CreatedAt, Direction, LinkedReportId);
        if (ExerciseId is { } exercise) copy.MarkExercise(exercise);
        return copy;
    }

    public Guid Id { get; private set; }
    /// <summary>Monotonic across all alerts: the SSE event id (<c>Last-Event-ID</c> resumes after it).</summary>
    public long Sequence { get; private set; }
    /// <summary>One of <see cref="AlertClasses"/>; it selects the escalation policy.</summary>
    public string Class { get; private set; } = "";
    /// <summary>1 low, 2 medium, 3 high, 4 critical.</summary>
    public int Severity { get; private set; }
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";
    public Distribution Distribution { get; private set; } = null!;
    public Guid SenderUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>One of <see cref="AlertDirections"/>.</summary>
    public string Direction { get; private set; } = AlertDirections.Down;
    /// <summary>For an <c>up</c> report: one of the sender's own liaison report series it refers to (read through the report rules, never opened by the link).</summary>
    public Guid? LinkedReportId { get; private set; }
}

/// <summary>The two directions of the hotline.</summary>
public static class AlertDirections
{
    /// <summary>An alert from the coordinator or a ministry to an audience (緊急連絡).</summary>
    public const string Down = "down";
    /// <summary>A direct urgent report from an operator to the coordinator and its sectors' ministries (上り・NISC直通).</summary>
    public const string Up = "up";

    public static readonly IReadOnlyList<string> All = [Down, Up];
}

/// <summary>The classes of urgent alert; each has its own escalation policy (<c>Hotline:Escalation:&lt;class&gt;</c>).</summary>
public static class AlertClasses
{
    public const string Cyber = "cyber";
    public const string Disaster = "disaster";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All = [Cyber, Disaster, Other];
}

/// <summary>Every limit of the hotline, in one place.</summary>
public static class HotlineLimits
{
    public const int MaxTitleLength = 200;
    public const int MaxMessageLength = 4_000;
    public const int MinSeverity = 1;
    public const int MaxSeverity = 4;

    /// <summary>At most this many unacknowledged alerts shown as banners at the top of every page (the newest; the rest are on /hotline).</summary>
    public const int MaxBanners = 5;
}

/// <summary>How an acknowledgement was given.</summary>
public static class AcknowledgementChannels
{
    public const string Ui = "ui";
    public const string Api = "api";
    public const string Link = "link";
}
