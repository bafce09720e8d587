using Kizuna.Core.Errors;

namespace Kizuna.Core.Features.Provision;

/// <summary>
/// One recipient organisation of a published advisory, and its hop in the relay chain (中継):
/// who passes the advisory to it (<see cref="ParentOrganizationId"/>, the publisher for the first
/// hop), when it reached the organisation, when someone there first opened it, when the
/// organisation acknowledged it and, for a relaying organisation, when it passed it on.
/// Invariant: an organisation receives an advisory only after its parent has received and relayed it.
/// </summary>
public sealed class AdvisoryDelivery
{
    private AdvisoryDelivery() { }

    public AdvisoryDelivery(Guid advisoryId, Guid organizationId, Guid parentOrganizationId, int hop, string? sectorCode, string rule, bool relays)
    {
        Id = Guid.CreateVersion7();
        AdvisoryId = advisoryId;
        OrganizationId = organizationId;
        ParentOrganizationId = parentOrganizationId;
        Hop = hop;
        SectorCode = sectorCode;
        Rule = rule;
        Relays = relays;
    }

    public Guid Id { get; private set; }
    public Guid AdvisoryId { get; private set; }
    public Guid OrganizationId { get; private set; }
    /// <summary>The organisation that passes the advisory on to this one (the publisher on hop 1).</summary>
    public Guid ParentOrganizationId { get; private set; }
    /// <summary>1 for organisations the publisher reaches directly, 2 for those one relay further, …</summary>
    public int Hop { get; private set; }
    /// <summary>The sector the organisation is counted under on the reach board (its first sector), or null.</summary>
    public string? SectorCode { get; private set; }
    /// <summary>Why the organisation receives it: <c>organization</c>, <c>sector:finance</c>, <c>kind:operator</c>, <c>tier:tier1</c>, <c>community</c>, or <c>relay</c>.</summary>
    public string Rule { get; private set; } = "";
    /// <summary>True when the organisation passes the advisory on to others.</summary>
    public bool Relays { get; private set; }
    public DateTimeOffset? ReceivedAt { get; private set; }
    /// <summary>The latest revision that reached the organisation.</summary>
    public int ReceivedRevision { get; private set; }
    public DateTimeOffset? OpenedAt { get; private set; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }
    public Guid? AcknowledgedByUserId { get; private set; }
    public DateTimeOffset? RelayedAt { get; private set; }
    public Guid? RelayedByUserId { get; private set; }
    /// <summary>A note the relaying organisation (typically a CEPTOAR) adds for those it relays to.</summary>
    public string? RelayNote { get; private set; }

    public bool IsReceived => ReceivedAt is not null;
    public bool AwaitsRelease => Relays && ReceivedAt is not null && RelayedAt is null;

    public void Receive(int revision, DateTimeOffset now)
    {
        ReceivedAt ??= now;
        ReceivedRevision = Math.Max(ReceivedRevision, revision);
    }

    public void Open(DateTimeOffset now)
    {
        if (ReceivedAt is null) throw new ConflictException("The advisory has not reached this organisation yet.");
        OpenedAt ??= now;
    }

    public void Acknowledge(Guid userId, DateTimeOffset now)
    {
        if (ReceivedAt is null) throw new ConflictException("The advisory has not reached this organisation yet.");
        OpenedAt ??= now;
        if (AcknowledgedAt is not null) return;
        AcknowledgedAt = now;
        AcknowledgedByUserId = userId;
    }

    /// <summary>Passes the advisory on; <paramref name="userId"/> is null for an automatic relay.</summary>
    public void Relay(Guid? userId, string? note, DateTimeOffset now)
    {
        if (!Relays) throw new ConflictException("This organisation relays this advisory to no one.");
        if (ReceivedAt is null) throw new ConflictException("The advisory has not reached this organisation yet.");
        if (RelayedAt is not null) throw new ConflictException("The advisory has already been relayed.");
        new InputCheck().MaxLength("note", note, AdvisoryLimits.MaxNoteLength).ThrowIfInvalid();
        RelayedAt = now;
        RelayedByUserId = userId;
        RelayNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
    }
}

/// <summary>That a user has read an advisory up to a revision (a correction makes it unread again).</summary>
public sealed class AdvisoryRead
{
    private AdvisoryRead() { }

    public AdvisoryRead(Guid advisoryId, Guid userId, int revision, DateTimeOffset now)
    {
        AdvisoryId = advisoryId;
        UserId = userId;
        Revision = revision;
        ReadAt = now;
    }

    public Guid AdvisoryId { get; private set; }
    public Guid UserId { get; private set; }
    public int Revision { get; private set; }
    public DateTimeOffset ReadAt { get; private set; }

    public void ReadAgain(int revision, DateTimeOffset now)
    {
        Revision = Math.Max(Revision, revision);
        ReadAt = now;
    }
}

/// <summary>
/// A recipient's structured answer. An anonymous answer (only <see cref="FeedbackKinds.Seen"/>)
/// keeps no organisation or user, only the sectors, and its time truncated to the day, so the
/// publisher cannot match it to an organisation's other steps.
/// </summary>
public sealed class AdvisoryFeedback
{
    private AdvisoryFeedback() { }

    public AdvisoryFeedback(Guid advisoryId, string kind, string? comment, Guid? organizationId, Guid? userId, string? sectorCodes, DateTimeOffset at)
    {
        new InputCheck()
            .That(FeedbackKinds.All.Contains(kind), "kind", $"Unknown feedback '{kind}'; use {string.Join(", ", FeedbackKinds.All)}.")
            .MaxLength("comment", comment, AdvisoryLimits.MaxCommentLength)
            .That(organizationId is not null || kind == FeedbackKinds.Seen, "anonymous", "Only 'seen in our environment' may be given anonymously.")
            .That(organizationId is not null || string.IsNullOrWhiteSpace(comment), "comment", "An anonymous answer carries no comment: free text can name its writer.")
            .ThrowIfInvalid("The feedback is invalid.");
        // A version-7 id carries the millisecond it was made: an anonymous answer gets a random one.
        Id = organizationId is null ? Guid.NewGuid() : Guid.CreateVersion7();
        AdvisoryId = advisoryId;
        Kind = kind;
        Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        OrganizationId = organizationId;
        UserId = userId;
        SectorCodes = sectorCodes;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid AdvisoryId { get; private set; }
    public string Kind { get; private set; } = "";
    public string? Comment { get; private set; }
    /// <summary>Null for an anonymous answer.</summary>
    public Guid? OrganizationId { get; private set; }
    public Guid? UserId { get; private set; }
    /// <summary>The answering organisation's sectors, comma-separated (kept for analytics, also when anonymous).</summary>
    public string? SectorCodes { get; private set; }
    public DateTimeOffset At { get; private set; }
    public bool IsAnonymous => OrganizationId is null;
}
