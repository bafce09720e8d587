namespace Kizuna.Core.Features.Provision.Newsletter;

/// <summary>The newsletter scheduler, bound from the <c>Newsletter</c> section and validated at start-up.</summary>
public sealed class NewsletterOptions
{
    public const string Section = "Newsletter";

    /// <summary>Draft issues on schedule on this node (several nodes may; the unique number keeps one issue per period).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The drafting days when none are configured: the 1st and the 16th.</summary>
    public static readonly IReadOnlyList<int> DefaultDaysOfMonth = [1, 16];

    /// <summary>
    /// Days of the month (Japan time, 1–28) on which the issue for the period just ended is drafted;
    /// unset means <see cref="DefaultDaysOfMonth"/>. (Left unset by default because the configuration
    /// binder appends configured array items to a default array instead of replacing it.)
    /// </summary>
    public int[]? DaysOfMonth { get; set; }

    public IReadOnlyList<int> EffectiveDaysOfMonth => DaysOfMonth is { Length: > 0 } d ? d : DefaultDaysOfMonth;

    /// <summary>How often the scheduler looks whether an issue is due.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Start-up checks; an empty list means valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        var days = EffectiveDaysOfMonth;
        if (days.Count > 28) p.Add("Newsletter:DaysOfMonth may name at most 28 days.");
        if (days.Any(d => d is < 1 or > 28)) p.Add("Newsletter:DaysOfMonth must be days 1 to 28 (every month has them).");
        if (days.Distinct().Count() != days.Count) p.Add("Newsletter:DaysOfMonth must not repeat a day.");
        if (CheckInterval < TimeSpan.FromSeconds(1) || CheckInterval > TimeSpan.FromHours(1)) p.Add("Newsletter:CheckInterval must be between 1 second and 1 hour.");
        return p;
    }
}
