using Kizuna.Stix;

namespace Kizuna.Core.Features.Provision;

/// <summary>
/// What of an advisory may leave Kizuna by each channel, by TLP 2.0 — one place for the mail, the
/// webhook, the feeds, the newsletter and the relay chain (docs/provision.md has the table).
/// Who receives anything at all is the disclosure policy's decision; this only limits how much.
/// </summary>
public static class TlpChannels
{
    /// <summary>The levels that may pass through relays: CLEAR, GREEN and AMBER. RED goes to named recipients only; AMBER+STRICT never beyond the recipient organisation.</summary>
    public static readonly IReadOnlyList<Tlp> Relayed = [Tlp.Clear, Tlp.Green, Tlp.Amber];

    public static bool MayRelay(Tlp tlp) => Relayed.Contains(tlp);

    /// <summary>The title may stand in a mail subject, a newsletter entry and a member feed (up to AMBER).</summary>
    public static bool TitleMayLeave(Tlp tlp) => tlp <= Tlp.Amber;

    /// <summary>The summary may travel in a mail body or a newsletter (CLEAR and GREEN only).</summary>
    public static bool SummaryMayLeave(Tlp tlp) => tlp <= Tlp.Green;

    /// <summary>The content goes to the organisation's own webhooks up to AMBER; above, only references.</summary>
    public static bool ContentMayGoToWebhook(Tlp tlp) => tlp <= Tlp.Amber;

    /// <summary>The levels the public Atom feed carries: CLEAR only (GREEN never goes to a public channel).</summary>
    public static readonly IReadOnlyList<Tlp> PublicFeed = [Tlp.Clear];

    /// <summary>The levels a member's Atom feed carries (AMBER+STRICT and RED never leave by feed).</summary>
    public static readonly IReadOnlyList<Tlp> MemberFeed = Relayed;
}
