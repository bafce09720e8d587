using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Liaison.Anonymization;

namespace Kizuna.Core.Features.Liaison;

/// <summary>A row of a report list, built for one viewer: the title is the sanitized one unless the viewer has the full view.</summary>
public sealed record ReportSummary(
    Guid Id, string Pseudonym, string ViewLevel, string Status, string? Priority, string SectorCode, string Title, int Severity,
    IReadOnlyList<string> EventTypes, IReadOnlyList<string> CauseTypes, string Tlp, string Route, int SubmissionCount, bool FinalSubmitted,
    DateTimeOffset? FirstSubmittedAt, DateTimeOffset? LastSubmittedAt, DateTimeOffset? NextDueAt, string? NextDueKind, bool Overdue,
    /// <summary>The reporting organisation's code, for full-view readers only.</summary>
    string? ReporterCode,
    /// <summary>The exercise the report belongs to (shown with a 演習/EXERCISE badge); null for real reports.</summary>
    ExerciseRef? Exercise = null);

/// <summary>A report as one viewer may see it. Exactly one of <see cref="Content"/> and <see cref="Sanitized"/> is set.</summary>
public sealed record ReportDetail(
    Guid Id, string Pseudonym, string ViewLevel, string Status, string? Priority, string SectorCode, string Tlp,
    string Route, string? RouteCeptoarCode, string? FirstHopCode, string IdentityDisclosure, string Basis, string? LegalBasisCode,
    DateTimeOffset? NextDueAt, string? NextDueKind, bool Overdue,
    ReportContent? Content, SanitizedReport? Sanitized,
    /// <summary>Only for the reporting organisation: why onward sharing was refused, if it was.</summary>
    string? SharingRefusedReason,
    /// <summary>Only for the reporting organisation: the draft of the next submission.</summary>
    ReportInput? Draft,
    string? ReporterCode,
    bool MayReadIdentity,
    IReadOnlyList<SubmissionRef> Submissions,
    IReadOnlyList<EventView> Events,
    IReadOnlyList<MessageView> Messages,
    IReadOnlyList<AttachmentView> Attachments,
    IReadOnlyList<Guid> RelatedReportIds,
    ReportActions Actions,
    /// <summary>The crisis whose direct reporting route (別紙4-2) the 第1報 went under, which sent it to the coordinator at once; null in normal times.</summary>
    Guid? CrisisId,
    /// <summary>The exercise the report belongs to (its page shows the exercise banner); null for real reports.</summary>
    ExerciseRef? Exercise = null);

public sealed record SubmissionRef(int Number, string Kind, DateTimeOffset SubmittedAt);

/// <summary>A workflow step; <see cref="Actor"/> is an organisation code, or the pseudonym for the reporter's own steps when the viewer has the sanitized view.</summary>
public sealed record EventView(DateTimeOffset At, string Action, string Actor, string? FromStatus, string? ToStatus, string? Note);

public sealed record MessageView(Guid Id, DateTimeOffset At, string Author, bool FromReporter, string Body);

public sealed record AttachmentView(Guid Id, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt, bool Downloadable);

/// <summary>What the viewer may do next with the report.</summary>
public sealed record ReportActions(bool EditDraft, bool Submit, bool FollowUp, bool Attach, bool Receive, bool Forward, bool Triage, bool Close, bool Message);

/// <summary>One field that differs between two submissions.</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

/// <summary>The reporter's preview: the sanitized view (or the refusal), and what each organisation on the route will see.</summary>
public sealed record SanitizedPreview(SanitizedReport? View, string? RefusalReason, IReadOnlyList<RecipientView> Recipients);

public sealed record RecipientView(string OrganizationCode, string NameJa, string NameEn, string Role, string ViewLevel);
