using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Exercises;
using Kizuna.Stix;

namespace Kizuna.Core.Features.Liaison;

/// <summary>
/// A liaison report series (情報連絡): a draft, then immutable submissions (第1報, 続報, 最終報),
/// moving through the workflow submitted → received → forwarded → triaged → closed. The reporting
/// organisation owns it; its <see cref="Distribution"/> names the hops that may see it, which get
/// the sanitized view unless <see cref="IdentityDisclosure"/> lets them see more.
/// </summary>
public sealed class IncidentReport : IShareable, IExerciseMarked
{
    private IncidentReport() { }

    /// <summary>The exercise that created this item (分野横断的演習), or null for real data; set once at creation (<see cref="ExerciseIsolation"/>).</summary>
    public Guid? ExerciseId { get; private set; }

    /// <summary>Marks a new item as exercise data; it can never become real data, nor move to another exercise.</summary>
    public void MarkExercise(Guid exerciseId)
    {
        if (ExerciseId is { } existing && existing != exerciseId) throw new InvalidOperationException("The item already belongs to another exercise.");
        ExerciseId = exerciseId;
    }

    public IncidentReport(Guid reporterOrganizationId, Guid userId, string pseudonym, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        ReporterOrganizationId = reporterOrganizationId;
        CreatedByUserId = userId;
        Pseudonym = pseudonym;
        Status = ReportStatus.Draft;
        Distribution = new Distribution(Tlp.Amber, reporterOrganizationId, [AudienceEntry.Organization(reporterOrganizationId)]);
        CreatedAt = UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    /// <summary>Stable for this series, unlinkable to any other report.</summary>
    public string Pseudonym { get; private set; } = "";
    public Guid ReporterOrganizationId { get; private set; }
    public Guid CreatedByUserId { get; private set; }
    public string Status { get; private set; } = ReportStatus.Draft;
    public string? Priority { get; private set; }
    public Distribution Distribution { get; private set; } = null!;

    // The routing choices, fixed at the first submission.
    public string Route { get; private set; } = ReportRoutes.Ministry;
    public string? RouteCeptoarCode { get; private set; }
    public Guid? FirstHopOrganizationId { get; private set; }
    public string IdentityDisclosure { get; private set; } = IdentityDisclosures.Ministry;
    public string Basis { get; private set; } = ReportBases.Voluntary;
    public string? LegalBasisCode { get; private set; }

    /// <summary>The draft being written (a serialized <see cref="ReportContent"/>), or null.</summary>
    public string? DraftJson { get; private set; }

    // Denormalized from the latest submission (or the draft) for lists, filters and statistics.
    public string SectorCode { get; private set; } = "";
    public string Title { get; private set; } = "";
    public int Severity { get; private set; }
    public List<string> EventTypes { get; private set; } = [];
    public List<string> CauseTypes { get; private set; } = [];
    public DateTimeOffset? OccurredAt { get; private set; }
    public DateTimeOffset? DetectedAt { get; private set; }
    public DateTimeOffset? FirstSubmittedAt { get; private set; }
    public DateTimeOffset? LastSubmittedAt { get; private set; }
    public int SubmissionCount { get; private set; }
    public bool FinalSubmitted { get; private set; }
    /// <summary>The latest sanitized view (serialized), or null when onward sharing was refused.</summary>
    public string? SanitizedJson { get; private set; }
    public string? SharingRefusedReason { get; private set; }
    /// <summary>When the next submission is due under the legal basis, if any.</summary>
    public DateTimeOffset? NextDueAt { get; private set; }
    public string? NextDueKind { get; private set; }
    public List<Guid> RelatedReportIds { get; private set; } = [];
    /// <summary>
    /// The crisis (大規模IT障害対応時, 別紙4-2) whose direct reporting route the 第1報 went under: the
    /// coordinator joined the audience at once. Null for a report sent in normal times.
    /// </summary>
    public Guid? CrisisId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public bool IsDraft => Status == ReportStatus.Draft;

    public void SaveDraft(string draftJson, ReportContent content, ReportRouting routing, DateTimeOffset now)
    {
        if (Status == ReportStatus.Closed) throw new ConflictException("The report is closed.");
        DraftJson = draftJson;
        if (IsDraft)
        {
            ApplyRouting(routing);
            Denormalize(content);
        }
        UpdatedAt = now;
    }

    private void ApplyRouting(ReportRouting r)
    {
        Route = r.Route;
        RouteCeptoarCode = r.CeptoarCode;
        IdentityDisclosure = r.IdentityDisclosure;
        Basis = r.Basis;
        LegalBasisCode = r.LegalBasisCode;
        Distribution = new Distribution(r.Tlp, ReporterOrganizationId, [AudienceEntry.Organization(ReporterOrganizationId)]);
    }

    /// <summary>Records a submission. The first one fixes the route and opens the report to its hops.</summary>
    public ReportSubmission Submit(string kind, string contentJson, ReportContent content, string? sanitizedJson, string? refusedReason,
        ReportRouting routing, Guid firstHop, IEnumerable<Guid> audience, Guid userId, DateTimeOffset now, Guid? crisisId = null)
    {
        if (Status == ReportStatus.Closed) throw new ConflictException("The report is closed; nothing more can be submitted.");
        if (FinalSubmitted) throw new ConflictException("The final report (最終報) was already submitted.");
        var expected = IsDraft ? SubmissionKinds.First : kind;
        if (IsDraft && kind != SubmissionKinds.First) throw new ConflictException("The first submission of a report is its 第1報 (kind 'first').");
        if (!IsDraft && kind == SubmissionKinds.First) throw new ConflictException("The 第1報 was already submitted; send a 続報 ('update') or 最終報 ('final').");
        if (IsDraft)
        {
            ApplyRouting(routing);
            FirstHopOrganizationId = firstHop;
            Distribution = new Distribution(routing.Tlp, ReporterOrganizationId, audience.Distinct().Select(AudienceEntry.Organization));
            Status = ReportStatus.Submitted;
            FirstSubmittedAt = now;
            CrisisId = crisisId;
        }
        SubmissionCount++;
        LastSubmittedAt = now;
        FinalSubmitted = expected == SubmissionKinds.Final;
        SanitizedJson = sanitizedJson;
        SharingRefusedReason = refusedReason;
        DraftJson = null;
        Denormalize(content);
        UpdatedAt = now;
        return new ReportSubmission(Id, SubmissionCount, expected, contentJson, sanitizedJson, userId, now);
    }

    private void Denormalize(ReportContent c)
    {
        SectorCode = c.SectorCode;
        Title = c.Title;
        Severity = c.Severity;
        EventTypes = c.EventTypes.ToList();
        CauseTypes = c.CauseTypes.ToList();
        OccurredAt = c.OccurredAt;
        DetectedAt = c.DetectedAt;
    }

    public void SetDeadline(DateTimeOffset? dueAt, string? kind)
    {
        NextDueAt = dueAt;
        NextDueKind = kind;
    }

    public bool IsOverdue(DateTimeOffset now) => NextDueAt is { } due && due < now && Status != ReportStatus.Closed;

    /// <summary>The first hop acknowledges receipt.</summary>
    public void Receive(DateTimeOffset now)
    {
        if (Status != ReportStatus.Submitted) throw new ConflictException($"Only a submitted report can be received; this one is {Status}.");
        Status = ReportStatus.Received;
        UpdatedAt = now;
    }

    /// <summary>The first hop forwards the report to the coordinator, who joins the audience.</summary>
    public void Forward(Guid coordinatorId, DateTimeOffset now)
    {
        if (Status is not (ReportStatus.Submitted or ReportStatus.Received))
            throw new ConflictException($"Only a submitted or received report can be forwarded; this one is {Status}.");
        if (Route == ReportRoutes.Coordinator) throw new ConflictException("This report went to the coordinator directly.");
        Distribution = new Distribution(Distribution.Tlp, ReporterOrganizationId,
            // Fresh entries: the tracked ones belong to the replaced owned Distribution and EF deletes them with it.
            Distribution.Audience.Select(a => new AudienceEntry { Kind = a.Kind, Value = a.Value }).Append(AudienceEntry.Organization(coordinatorId))
                .DistinctBy(a => (a.Kind, a.Value)).ToList());
        Status = ReportStatus.Forwarded;
        UpdatedAt = now;
    }

    public void Triage(string? priority, IEnumerable<Guid> related, DateTimeOffset now)
    {
        if (Status is ReportStatus.Draft or ReportStatus.Closed) throw new ConflictException($"A {Status} report cannot be triaged.");
        if (Route != ReportRoutes.Coordinator && Status is ReportStatus.Submitted or ReportStatus.Received)
            throw new ConflictException("The first hop has not forwarded this report to the coordinator yet.");
        Priority = priority;
        RelatedReportIds = related.Where(r => r != Id).Distinct().ToList();
        Status = ReportStatus.Triaged;
        UpdatedAt = now;
    }

    public void Close(DateTimeOffset now)
    {
        if (Status is ReportStatus.Draft or ReportStatus.Closed) throw new ConflictException($"A {Status} report cannot be closed.");
        Status = ReportStatus.Closed;
        NextDueAt = null;
        NextDueKind = null;
        UpdatedAt = now;
    }
}

/// <summary>The routing and sharing choices of a report.</summary>
public sealed record ReportRouting(string Route, string? CeptoarCode, string IdentityDisclosure, string Basis, string? LegalBasisCode, Tlp Tlp);
