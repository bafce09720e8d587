namespace Kizuna.Core.Features.Exercises.Drills;

/// <summary>My organisation's row on a drill's chain.</summary>
public sealed record DrillMine(int Hop, bool Relays, DateTimeOffset? ReceivedAt, DateTimeOffset? AcknowledgedAt, string? Via, DateTimeOffset? RelayedAt);

/// <summary>A drill in a list. <see cref="Recipients"/> and <see cref="Acknowledged"/> only for those who see its report.</summary>
public sealed record DrillSummary(Guid Id, string Direction, string Title, string Status, string OriginCode, DateTimeOffset ScheduledAt,
    DateTimeOffset? StartedAt, DateTimeOffset? ClosesAt, DateTimeOffset? ClosedAt, int? Recipients, int? Acknowledged, DrillMine? Mine)
{
    /// <summary>Always true: every drill message is a drill (the field a client can key on).</summary>
    public bool Drill => true;
}

/// <summary>One drill as a viewer may see it, with what the viewer may do.</summary>
public sealed record DrillDetail(DrillSummary Summary, string Message, string OriginNameJa, string OriginNameEn, IReadOnlyList<string> Sectors, string? Route,
    bool CanAcknowledge, bool CanSeeReport, bool CanCancel);

/// <summary>Minimum, median and maximum of a set of durations, in seconds (null when there is none).</summary>
public sealed record TimeStats(int Count, double? MinSeconds, double? MedianSeconds, double? MaxSeconds)
{
    public static TimeStats Of(IEnumerable<double> seconds)
    {
        var s = seconds.Order().ToArray();
        if (s.Length == 0) return new TimeStats(0, null, null, null);
        var median = s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
        return new TimeStats(s.Length, s[0], median, s[^1]);
    }
}

/// <summary>One layer of the chain: 疎通確認率 = acknowledged ÷ recipients, and the time from receipt to acknowledgement.</summary>
public sealed record DrillLayer(int Hop, int Recipients, int Reached, int Acknowledged, double Rate, TimeStats Time);

/// <summary>One sector's rate (null sector: organisations without a sector, e.g. ministries).</summary>
public sealed record DrillSectorRate(string? SectorCode, int Recipients, int Acknowledged, double Rate, TimeStats Time);

/// <summary>A contact of a non-responding organisation (its primary and backup contacts from the directory).</summary>
public sealed record DrillContact(string Name, string Role, string? Email, string? Phone);

/// <summary>
/// An organisation that has not acknowledged, with the organisation that passes the message to it,
/// whether it has even received it (a non-responding relay above it stops it), and its contacts
/// when the viewer may see them (<see cref="Disclosure.DisclosurePolicy.CanSeeContacts"/>).
/// </summary>
public sealed record DrillNonResponder(string Code, string NameJa, string NameEn, int Hop, string? SectorCode, string ParentCode, bool Received,
    IReadOnlyList<DrillContact>? Contacts);

/// <summary>An earlier drill of the same direction, for comparison.</summary>
public sealed record DrillComparison(Guid Id, string Title, DateTimeOffset StartedAt, string Status, int Recipients, int Acknowledged, double Rate, double? MedianSeconds);

/// <summary>The drill report (訓練結果): overall and per layer and sector, the non-responders, and the last drills of the same direction.</summary>
public sealed record DrillReport(DrillSummary Drill, int Recipients, int Reached, int Acknowledged, double Rate, TimeStats Time,
    IReadOnlyList<DrillLayer> Layers, IReadOnlyList<DrillSectorRate> Sectors, IReadOnlyList<DrillNonResponder> NonResponders,
    IReadOnlyList<DrillComparison> Earlier);

/// <summary>A banner: a drill message that has reached the viewer's organisation and waits for its acknowledgement.</summary>
public sealed record DrillAwaiting(Guid Id, string Title, string OriginCode, bool Relays, DateTimeOffset ReceivedAt, DateTimeOffset? ClosesAt);
