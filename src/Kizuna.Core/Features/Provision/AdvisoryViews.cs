using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Notices;

namespace Kizuna.Core.Features.Provision;

/// <summary>A row of an advisory list, for one viewer.</summary>
public sealed record AdvisorySummary(
    Guid Id, string? Number, string Status, int Revision, string Title, int Severity, string Tlp, string PublisherCode,
    DateTimeOffset? PublishedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ResponseDeadline,
    /// <summary>The viewer has not read the current revision.</summary>
    bool Unread,
    /// <summary>The viewer's organisation holds it for release (manual relay).</summary>
    bool AwaitsRelease,
    bool Acknowledged,
    /// <summary>The exercise the advisory belongs to (shown with a 演習/EXERCISE badge); null for real advisories.</summary>
    ExerciseRef? Exercise = null);

/// <summary>An advisory as one viewer may read it.</summary>
public sealed record AdvisoryDetail(
    Guid Id, string? Number, string Status, int Revision, string Tlp, IReadOnlyList<AudienceInput> Audience,
    string PublisherCode, string PublisherNameJa, string PublisherNameEn,
    AdvisoryContent Content,
    /// <summary>The body rendered through the Markdown sanitizer.</summary>
    string BodyHtml,
    DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, DateTimeOffset? WithdrawnAt, string? WithdrawalReason,
    IReadOnlyList<RevisionView> Revisions,
    /// <summary>Related liaison reports the viewer may see, by their sanitized view only.</summary>
    IReadOnlyList<RelatedReportView> RelatedReports,
    /// <summary>Notes the relays above the viewer's organisation added on the way down.</summary>
    IReadOnlyList<RelayNoteView> RelayNotes,
    MyDeliveryView? MyDelivery,
    IReadOnlyList<FeedbackView> MyFeedback,
    AdvisoryActions Actions,
    /// <summary>The exercise the advisory belongs to (its page shows the exercise banner); null for real advisories.</summary>
    ExerciseRef? Exercise = null);

public sealed record RevisionView(int Number, string Kind, DateTimeOffset At, string? Note);

public sealed record RelatedReportView(Guid Id, string Pseudonym, string SanitizedTitle, string SectorCode);

public sealed record RelayNoteView(string OrganizationCode, string NameJa, string NameEn, DateTimeOffset At, string Note);

public sealed record MyDeliveryView(int Hop, string ParentCode, DateTimeOffset? ReceivedAt, int ReceivedRevision, DateTimeOffset? OpenedAt,
    DateTimeOffset? AcknowledgedAt, bool Relays, int RelaysTo, DateTimeOffset? RelayedAt, string? RelayNote, bool AwaitsRelease);

public sealed record FeedbackView(Guid Id, string Kind, string? Comment, string? OrganizationCode, string? SectorCodes, bool Anonymous, DateTimeOffset At);

/// <summary>What the viewer may do next.</summary>
public sealed record AdvisoryActions(bool Edit, bool Publish, bool Correct, bool Withdraw, bool Relay, bool Acknowledge, bool Feedback, bool Reach);

/// <summary>"Who will see this?": the recipients grouped by hop and sector, with the rule that admits each.</summary>
public sealed record RecipientsView(Guid AdvisoryId, string Status, string Tlp, bool RelayAllowed, int Total, IReadOnlyList<RecipientView> Recipients);

public sealed record RecipientView(string Code, string NameJa, string NameEn, string Kind, string? SectorCode, int Hop, string ParentCode, string Rule, bool Relays);

/// <summary>
/// The reach board: how far an advisory got, per hop and per sector, and who has not opened it.
/// <see cref="Total"/>, <see cref="ByHop"/>, <see cref="BySector"/> and <see cref="Feedback"/> count
/// every recipient in scope; <see cref="Organizations"/> is one page of the rows in <see cref="State"/>,
/// of <see cref="OrganizationCount"/> such rows in all.
/// </summary>
public sealed record ReachBoard(
    Guid AdvisoryId, string? Number, string Title, string Tlp, DateTimeOffset? PublishedAt, string Scope,
    ReachCounts Total, IReadOnlyList<HopReach> ByHop, IReadOnlyList<SectorReach> BySector,
    IReadOnlyList<ReachRow> Organizations, IReadOnlyList<FeedbackCount> Feedback,
    string State, int Page, int PageSize, int OrganizationCount)
{
    public int PageCount => OrganizationCount == 0 ? 1 : (OrganizationCount + PageSize - 1) / PageSize;
}

/// <summary>
/// Which organisations the reach board lists. Not received: no delivery yet; not opened / not
/// acknowledged: received but not (yet) opened / acknowledged; awaiting release: a relay that
/// received it and has not passed it on. One organisation may be in several.
/// </summary>
public static class ReachStates
{
    public const string All = "all";
    public const string NotReceived = "not-received";
    public const string NotOpened = "not-opened";
    public const string NotAcknowledged = "not-acknowledged";
    public const string AwaitingRelease = "awaiting-release";
    public static readonly IReadOnlyList<string> Known = [All, NotReceived, NotOpened, NotAcknowledged, AwaitingRelease];
}

public sealed record ReachCounts(int Recipients, int Received, int Opened, int Acknowledged, int AwaitingRelease);

/// <summary>Per hop: counts and the time from publication until the advisory reached the layer (median and slowest).</summary>
public sealed record HopReach(int Hop, ReachCounts Counts, TimeSpan? MedianToReach, TimeSpan? MaxToReach);

public sealed record SectorReach(string? SectorCode, ReachCounts Counts);

/// <summary>One organisation on the reach board. <see cref="Rule"/> (why it receives the advisory) is the publisher's only: null on a relay's board.</summary>
public sealed record ReachRow(string Code, string NameJa, string NameEn, string Kind, string? SectorCode, int Hop, string ParentCode, string? Rule,
    DateTimeOffset? ReceivedAt, DateTimeOffset? OpenedAt, DateTimeOffset? AcknowledgedAt, DateTimeOffset? RelayedAt, bool AwaitsRelease);

/// <summary>Answers of one kind; anonymous "seen" answers are counted by sector only where enough organisations of that sector received it.</summary>
public sealed record FeedbackCount(string Kind, string? SectorCode, bool Anonymous, int Count, IReadOnlyList<string> Organizations);
