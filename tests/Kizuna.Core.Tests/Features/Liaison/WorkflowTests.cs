using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Liaison;
using Kizuna.Stix;

namespace Kizuna.Core.Tests.Features.Liaison;

/// <summary>
/// The liaison workflow as a state machine on <see cref="IncidentReport"/>: which step is allowed in
/// which status, what a submission fixes, and when a deadline makes a report overdue.
/// </summary>
public sealed class WorkflowTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Reporter = Guid.NewGuid(), Ministry = Guid.NewGuid(), Coordinator = Guid.NewGuid();

    private static ReportContent Content(string title = "Outage") => new()
    {
        SectorCode = "finance", EventTypes = ["system-unavailable"], Title = title, Description = "d", SeverityDuration = 2, SeveritySafety = 3,
        DetectedAt = Now.AddHours(-2),
    };

    private static ReportRouting Routing(string route = ReportRoutes.Ministry, string disclosure = IdentityDisclosures.Ministry)
        => new(route, null, disclosure, ReportBases.Voluntary, null, Tlp.Amber);

    private static IncidentReport Submitted(string route = ReportRoutes.Ministry)
    {
        var report = new IncidentReport(Reporter, Guid.NewGuid(), "R-0000000000", Now);
        var firstHop = route == ReportRoutes.Coordinator ? Coordinator : Ministry;
        report.Submit(SubmissionKinds.First, "{}", Content(), null, null, Routing(route), firstHop, [Reporter, firstHop], Guid.NewGuid(), Now);
        return report;
    }

    private static ReportSubmission Submit(IncidentReport r, string kind, string title = "Outage")
        => r.Submit(kind, "{}", Content(title), null, null, Routing(), Ministry, [Reporter, Ministry], Guid.NewGuid(), Now.AddMinutes(r.SubmissionCount));

    [Fact]
    public void Submit_FirstReport_OpensToFirstHopAndFixesSeverity()
    {
        var report = Submitted();
        Assert.Equal(ReportStatus.Submitted, report.Status);
        Assert.Equal(Ministry, report.FirstHopOrganizationId);
        Assert.Equal(3, report.Severity);
        Assert.Equal(1, report.SubmissionCount);
        Assert.Contains(report.Distribution.Audience, a => a.Kind == AudienceKind.Organization && a.Value == Ministry.ToString("D"));
        Assert.DoesNotContain(report.Distribution.Audience, a => a.Value == Coordinator.ToString("D"));
    }

    [Fact]
    public void Submit_UpdateOnDraft_Conflict()
    {
        var report = new IncidentReport(Reporter, Guid.NewGuid(), "R-0000000000", Now);
        Assert.Throws<ConflictException>(() => Submit(report, SubmissionKinds.Update));
        Assert.Equal(0, report.SubmissionCount);
        Assert.True(report.IsDraft);
    }

    [Fact]
    public void Submit_SecondFirstReport_Conflict()
        => Assert.Throws<ConflictException>(() => Submit(Submitted(), SubmissionKinds.First));

    [Fact]
    public void Submit_UpdateThenFinal_NumberedSnapshotsThenNothingMore()
    {
        var report = Submitted();
        var update = Submit(report, SubmissionKinds.Update, "v2");
        var final = Submit(report, SubmissionKinds.Final, "v3");
        Assert.Equal((2, SubmissionKinds.Update), (update.Number, update.Kind));
        Assert.Equal((3, SubmissionKinds.Final), (final.Number, final.Kind));
        Assert.True(report.FinalSubmitted);
        Assert.Equal("v3", report.Title);
        Assert.Throws<ConflictException>(() => Submit(report, SubmissionKinds.Final));
        Assert.Throws<ConflictException>(() => Submit(report, SubmissionKinds.Update));
        Assert.Equal(3, report.SubmissionCount);
    }

    [Fact]
    public void Workflow_ReceiveForwardTriageClose_InOrder()
    {
        var report = Submitted();
        report.Receive(Now);
        Assert.Throws<ConflictException>(() => report.Receive(Now));
        report.Forward(Coordinator, Now);
        Assert.Equal(ReportStatus.Forwarded, report.Status);
        Assert.Contains(report.Distribution.Audience, a => a.Value == Coordinator.ToString("D"));
        Assert.Throws<ConflictException>(() => report.Forward(Coordinator, Now));
        var related = Guid.NewGuid();
        report.Triage("high", [related, report.Id, related], Now);
        Assert.Equal(ReportStatus.Triaged, report.Status);
        Assert.Equal([related], report.RelatedReportIds);
        report.Triage("critical", [], Now);
        Assert.Equal("critical", report.Priority);
        report.Close(Now);
        Assert.Equal(ReportStatus.Closed, report.Status);
        Assert.Throws<ConflictException>(() => report.Close(Now));
        Assert.Throws<ConflictException>(() => report.Triage("low", [], Now));
        Assert.Throws<ConflictException>(() => Submit(report, SubmissionKinds.Final));
        Assert.Throws<ConflictException>(() => report.SaveDraft("{}", Content(), Routing(), Now));
    }

    [Fact]
    public void Triage_BeforeForward_Conflict()
    {
        var report = Submitted();
        Assert.Throws<ConflictException>(() => report.Triage("high", [], Now));
        report.Receive(Now);
        Assert.Throws<ConflictException>(() => report.Triage("high", [], Now));
        Assert.Equal(ReportStatus.Received, report.Status);
    }

    [Fact]
    public void Workflow_CoordinatorRoute_TriagedWithoutForwardAndCannotBeForwarded()
    {
        var report = Submitted(ReportRoutes.Coordinator);
        Assert.Throws<ConflictException>(() => report.Forward(Coordinator, Now));
        report.Triage("normal", [], Now);
        Assert.Equal(ReportStatus.Triaged, report.Status);
    }

    [Fact]
    public void Workflow_Draft_CannotBeReceivedTriagedOrClosed()
    {
        var report = new IncidentReport(Reporter, Guid.NewGuid(), "R-0000000000", Now);
        Assert.Throws<ConflictException>(() => report.Receive(Now));
        Assert.Throws<ConflictException>(() => report.Forward(Coordinator, Now));
        Assert.Throws<ConflictException>(() => report.Triage("low", [], Now));
        Assert.Throws<ConflictException>(() => report.Close(Now));
        Assert.Equal(ReportStatus.Draft, report.Status);
    }

    [Fact]
    public void IsOverdue_DeadlinePassed_TrueUntilClosed()
    {
        var report = Submitted();
        report.SetDeadline(Now.AddHours(-1), SubmissionKinds.Final);
        Assert.True(report.IsOverdue(Now));
        Assert.False(report.IsOverdue(Now.AddHours(-2)));
        report.Receive(Now);
        report.Forward(Coordinator, Now);
        report.Close(Now);
        Assert.False(report.IsOverdue(Now));
        Assert.Null(report.NextDueAt);
    }

    [Theory]
    [InlineData("2026-04-01T00:00:00+09:00", 2026, 1)]
    [InlineData("2026-03-31T23:59:59+09:00", 2025, 4)]
    [InlineData("2026-03-31T15:00:00Z", 2026, 1)]
    [InlineData("2026-09-30T14:59:59Z", 2026, 2)]
    [InlineData("2026-10-01T00:00:00+09:00", 2026, 3)]
    [InlineData("2027-01-15T00:00:00+09:00", 2026, 4)]
    public void FiscalYearAndQuarter_JapaneseCalendar_AprilStartsTheYear(string at, int fiscalYear, int quarter)
    {
        var moment = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(fiscalYear, LiaisonStatisticsHandler.FiscalYearOf(moment));
        Assert.Equal(quarter, LiaisonStatisticsHandler.Quarter(moment));
    }

    [Fact]
    public void NewPseudonym_Random_FormatAndUnlinkable()
    {
        var names = Enumerable.Range(0, 200).Select(_ => SaveReportDraftHandler.NewPseudonym()).ToList();
        Assert.All(names, n => Assert.Matches("^R-[0-9A-HJKMNP-TV-Z]{10}$", n));
        Assert.Equal(names.Count, names.Distinct().Count());
    }
}
