namespace Kizuna.Core.Features.Exercises.Drills;

/// <summary>Drills (セプター訓練), bound from the <c>Drills</c> section and validated at start-up.</summary>
public sealed class DrillOptions
{
    public const string Section = "Drills";

    /// <summary>Run the drill scheduler on this node. Several nodes may: each start and close is a conditional update only one wins.</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How often the scheduler starts due drills and closes those past their deadline.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long acknowledgements count when the starter gives no duration.</summary>
    public TimeSpan DefaultDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The longest a drill may run.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How far ahead a drill may be scheduled.</summary>
    public TimeSpan MaxScheduleAhead { get; set; } = TimeSpan.FromDays(366);

    /// <summary>How long an acknowledgement link in a drill mail stays valid.</summary>
    public TimeSpan AckLinkLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How many earlier drills of the same direction the report compares with.</summary>
    public int CompareWithLast { get; set; } = 5;

    /// <summary>The most drills a list answers (newest first).</summary>
    public int MaxListed { get; set; } = 200;

    /// <summary>The most organisations one drill may reach.</summary>
    public int MaxRecipients { get; set; } = 20_000;

    /// <summary>At most this many unacknowledged drill messages as banners on every page (the newest; the rest are on /drills).</summary>
    public int MaxBanners { get; set; } = 3;

    /// <summary>Start-up checks; an empty list means valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromHours(1)) p.Add("Drills:PollInterval must be between 10 ms and 1 hour.");
        if (MaxDuration < TimeSpan.FromMinutes(1) || MaxDuration > TimeSpan.FromDays(366)) p.Add("Drills:MaxDuration must be between 1 minute and 366 days.");
        if (DefaultDuration < TimeSpan.FromMinutes(1) || DefaultDuration > MaxDuration) p.Add("Drills:DefaultDuration must be between 1 minute and Drills:MaxDuration.");
        if (MaxScheduleAhead < TimeSpan.FromMinutes(1) || MaxScheduleAhead > TimeSpan.FromDays(3660)) p.Add("Drills:MaxScheduleAhead must be between 1 minute and 10 years.");
        if (AckLinkLifetime < TimeSpan.FromMinutes(10) || AckLinkLifetime > TimeSpan.FromDays(90)) p.Add("Drills:AckLinkLifetime must be between 10 minutes and 90 days.");
        if (CompareWithLast is < 0 or > 100) p.Add("Drills:CompareWithLast must be between 0 and 100.");
        if (MaxListed is < 1 or > 10_000) p.Add("Drills:MaxListed must be between 1 and 10000.");
        if (MaxRecipients is < 1 or > 1_000_000) p.Add("Drills:MaxRecipients must be between 1 and 1000000.");
        if (MaxBanners is < 0 or > 20) p.Add("Drills:MaxBanners must be between 0 and 20.");
        return p;
    }
}
