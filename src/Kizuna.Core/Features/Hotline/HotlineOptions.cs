namespace Kizuna.Core.Features.Hotline;

/// <summary>The hotline, bound from the <c>Hotline</c> section and validated at start-up.</summary>
public sealed class HotlineOptions
{
    public const string Section = "Hotline";

    /// <summary>Escalation per alert class (<c>Hotline:Escalation:cyber:T1</c> …); every class has one.</summary>
    public Dictionary<string, EscalationPolicy> Escalation { get; set; } = new(StringComparer.Ordinal)
    {
        [AlertClasses.Cyber] = new(),
        [AlertClasses.Disaster] = new(),
        [AlertClasses.Other] = new(),
    };

    /// <summary>Run the escalator on this node. Several nodes may: each step is a conditional update that only one wins.</summary>
    public bool EscalatorEnabled { get; set; } = true;

    /// <summary>How often the escalator looks for unacknowledged recipients.</summary>
    public TimeSpan EscalationPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the SSE stream sends a heartbeat comment when nothing happens.</summary>
    public TimeSpan StreamHeartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long an acknowledgement link in a mail stays valid.</summary>
    public TimeSpan AckLinkLifetime { get; set; } = TimeSpan.FromDays(7);

    public EscalationPolicy PolicyFor(string alertClass) => Escalation[alertClass];

    /// <summary>Start-up checks; an empty list means valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        foreach (var c in AlertClasses.All)
            if (!Escalation.ContainsKey(c)) p.Add($"Hotline:Escalation:{c} is missing.");
        foreach (var (name, e) in Escalation)
        {
            if (!AlertClasses.All.Contains(name)) p.Add($"Hotline:Escalation:{name} names no alert class; use {string.Join(", ", AlertClasses.All)}.");
            p.AddRange(e.Problems($"Hotline:Escalation:{name}"));
        }
        p.AddRange(EscalationPolicy.PollIntervalProblems("Hotline:EscalationPollInterval", EscalationPollInterval));
        if (StreamHeartbeat < TimeSpan.FromMilliseconds(100) || StreamHeartbeat > TimeSpan.FromMinutes(10)) p.Add("Hotline:StreamHeartbeat must be between 100 ms and 10 minutes.");
        if (AckLinkLifetime < TimeSpan.FromMinutes(10) || AckLinkLifetime > TimeSpan.FromDays(90)) p.Add("Hotline:AckLinkLifetime must be between 10 minutes and 90 days.");
        return p;
    }
}

/// <summary>
/// After <see cref="T1"/> without acknowledgement (or answer) mail the primary contacts, after
/// <see cref="T2"/> the backup contacts, after <see cref="T3"/> flag on the board; all counted from
/// sending. Shared by hotline alerts and crisis status requests.
/// </summary>
public sealed class EscalationPolicy
{
    public static readonly TimeSpan MaxT3 = TimeSpan.FromDays(7);

    public TimeSpan T1 { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan T2 { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan T3 { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>The level an unacknowledged recipient should have reached after <paramref name="elapsed"/>.</summary>
    public int DueLevel(TimeSpan elapsed) => elapsed >= T3 ? 3 : elapsed >= T2 ? 2 : elapsed >= T1 ? 1 : 0;

    /// <summary>Start-up checks under a configuration key (<paramref name="key"/>:T1 …): T1 &gt; 0, T1 &lt; T2 &lt; T3 ≤ 7 days.</summary>
    public IEnumerable<string> Problems(string key)
    {
        if (T1 <= TimeSpan.Zero) yield return $"{key}:T1 must be positive.";
        if (T2 <= T1) yield return $"{key}:T2 must be later than T1.";
        if (T3 <= T2) yield return $"{key}:T3 must be later than T2.";
        if (T3 > MaxT3) yield return $"{key}:T3 must be at most 7 days.";
    }

    /// <summary>An escalator's poll interval lies between 10 ms and 1 hour.</summary>
    public static IEnumerable<string> PollIntervalProblems(string key, TimeSpan interval)
    {
        if (interval < TimeSpan.FromMilliseconds(10) || interval > TimeSpan.FromHours(1)) yield return $"{key} must be between 10 ms and 1 hour.";
    }
}
