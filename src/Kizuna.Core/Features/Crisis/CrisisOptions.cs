using Kizuna.Core.Features.Hotline;

namespace Kizuna.Core.Features.Crisis;

/// <summary>Crisis mode (大規模IT障害対応時), bound from the <c>Crisis</c> section and validated at start-up.</summary>
public sealed class CrisisOptions
{
    public const string Section = "Crisis";

    /// <summary>
    /// Escalation of unanswered status requests (<c>Crisis:Escalation:T1</c> …), counted from the
    /// request: T1 mails the operator's primary contacts, T2 its backup contacts, T3 flags it on the
    /// crisis board.
    /// </summary>
    public EscalationPolicy Escalation { get; set; } = new() { T1 = TimeSpan.FromMinutes(30), T2 = TimeSpan.FromHours(2), T3 = TimeSpan.FromHours(4) };

    /// <summary>Run the status-request escalator on this node. Several nodes may: each step is a conditional update that only one wins.</summary>
    public bool EscalatorEnabled { get; set; } = true;

    /// <summary>How often the escalator looks for unanswered operators.</summary>
    public TimeSpan EscalationPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Start-up checks; an empty list means valid.</summary>
    public IReadOnlyList<string> Problems()
        => Escalation.Problems("Crisis:Escalation").Concat(EscalationPolicy.PollIntervalProblems("Crisis:EscalationPollInterval", EscalationPollInterval)).ToList();
}
