using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;

namespace Kizuna.Core.Features.Hotline;

/// <summary>
/// An urgent alert (ホットライン緊急連絡) from the coordinator, or a ministry for its sectors, to an
/// audience. Every recipient organisation (those the audience admits, the sender excluded) must
/// acknowledge it; one <see cref="AlertAcknowledgement"/> row per recipient tracks that and the
/// escalation. Invariants: immutable once sent; <see cref="Sequence"/> is unique and grows with
/// each alert sent (the event id of the live stream).
/// </summary>
public sealed class HotlineAlert : IShareable
{
    private HotlineAlert() { }

    public HotlineAlert(long sequence, string alertClass, int severity, string title, string message, Distribution distribution, Guid senderUserId, DateTimeOffset now)
    {
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
