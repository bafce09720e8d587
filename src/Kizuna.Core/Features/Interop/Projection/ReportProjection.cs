using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Liaison.Anonymization;
using Kizuna.Stix;
using Kizuna.Stix.Extraction;
using Kizuna.Stix.Objects;
using StixIdentity = Kizuna.Stix.Objects.Identity;

namespace Kizuna.Core.Features.Interop.Projection;

/// <summary>
/// A liaison report (情報連絡) as STIX 2.1, built from exactly one view of it:
/// <list type="bullet">
/// <item><see cref="Sanitized"/> — the sanitized view (秘匿化), what everyone outside the reporter's
/// chosen circle gets and the only view that ever reaches the TAXII store. The creator is a
/// pseudonymous <c>identity</c> whose id is derived from the report's pseudonym and whose name is the
/// pseudonym; nothing of the reporting organisation (name, code, id, people, addresses) is read.</item>
/// <item><see cref="Full"/> — the report as written, for those the disclosure policy gives the full
/// view (the reporter and whom its identity choice names); the creator is the organisation.</item>
/// </list>
/// Either way: a <c>report</c> (title, description with impact, actions and help needed, event and
/// cause types and severity as labels, <c>x_kizuna_sectors</c> = the report's sector), an
/// <c>observed-data</c> of the observables in its indicators and text (addresses, domains, URLs, file
/// hashes; e-mail addresses never), an <c>indicator</c> per observable, a <c>vulnerability</c> per CVE
/// id, all marked with the report's TLP. Pure: no database.
/// </summary>
public static class ReportProjection
{
    /// <summary>The id of the pseudonymous identity of a report's pseudonym.</summary>
    public static string PseudonymIdentityId(string pseudonym) => ProjectionParts.Id("identity", "pseudonym:" + pseudonym);

    /// <summary>The sanitized view as STIX; <paramref name="modified"/> is the version (the submission or the widening of the audience it is shared at).</summary>
    public static StixProjection Sanitized(IncidentReport report, SanitizedReport view, DateTimeOffset modified)
    {
        var created = ProjectionParts.Time(report.FirstSubmittedAt ?? modified);
        var version = ProjectionParts.Time(Later(modified, report.FirstSubmittedAt ?? modified));
        var creator = new StixIdentity
        {
            Id = PseudonymIdentityId(view.Pseudonym),
            Created = created,
            Modified = version,
            Name = view.Pseudonym,
            IdentityClass = "unknown",
            Description = "A pseudonymous reporter (秘匿化された報告元).",
            ObjectMarkingRefs = ProjectionParts.Marking(report.Distribution.Tlp),
        };
        return Build(report, creator, "sanitized", view.SectorCode, view.Title, view.Description, view.Impact, view.ActionsTaken, view.HelpNeeded,
            view.EventTypes, view.CauseTypes, view.Severity, view.OccurredAt, view.DetectedAt, view.RecoveredAt, view.Indicators, created, version);
    }

    /// <summary>The report as written (full view only), created by the reporting organisation.</summary>
    public static StixProjection Full(IncidentReport report, ReportContent content, Organization reporter, DateTimeOffset modified)
    {
        var created = ProjectionParts.Time(report.FirstSubmittedAt ?? modified);
        var version = ProjectionParts.Time(Later(modified, report.FirstSubmittedAt ?? modified));
        return Build(report, AdvisoryProjection.OrganizationIdentity(reporter), "full", content.SectorCode, content.Title, content.Description, content.Impact,
            content.ActionsTaken, content.HelpNeeded, content.EventTypes, content.CauseTypes, content.Severity,
            content.OccurredAt, content.DetectedAt, content.RecoveredAt, content.Indicators, created, version);
    }

    private static StixProjection Build(IncidentReport report, StixIdentity creator, string view, string sector, string title, string description,
        string impact, string actionsTaken, string helpNeeded, IReadOnlyList<string> eventTypes, IReadOnlyList<string> causeTypes, int severity,
        DateTimeOffset? occurredAt, DateTimeOffset? detectedAt, DateTimeOffset? recoveredAt, IReadOnlyList<Liaison.Indicator> typed,
        StixTimestamp created, StixTimestamp modified)
    {
        var tlp = report.Distribution.Tlp;
        var scope = $"liaison:{report.Id:D}";
        var found = ProjectionParts.Collect(typed, [], [title, description, impact, actionsTaken, helpNeeded])
            .Where(x => x.Kind != IndicatorKind.Email).ToList();
        var observables = found.Select(x => ProjectionParts.Observable(x, tlp)).OfType<StixCyberObservable>().DistinctBy(o => o.Id).ToList();
        var indicators = found.Where(x => x.Kind != IndicatorKind.Cve)
            .Select(x => ProjectionParts.Indicator(scope, x, creator.Id, tlp, created, modified, revoked: false)).ToList();
        var vulnerabilities = found.Where(x => x.Kind == IndicatorKind.Cve)
            .Select(x => ProjectionParts.Vulnerability(scope, x.Value, creator.Id, tlp, created, modified, revoked: false)).ToList();
        var first = occurredAt ?? detectedAt ?? created.Value;
        var last = Later(recoveredAt ?? detectedAt ?? first, first);
        List<StixObject> observed = observables.Count == 0 ? [] :
        [
            new ObservedData
            {
                Id = ProjectionParts.Id("observed-data", $"{scope}:observed-data"),
                CreatedByRef = creator.Id,
                Created = created,
                Modified = modified,
                FirstObserved = ProjectionParts.Time(first),
                LastObserved = ProjectionParts.Time(last),
                NumberObserved = 1,
                ObjectRefs = StixList.From(observables.Select(o => o.Id)),
                ObjectMarkingRefs = ProjectionParts.Marking(tlp),
            },
            .. observables,
        ];

        List<StixObject> children = [creator, .. observed, .. indicators, .. vulnerabilities];
        var types = new List<string> { "threat-report" };
        if (observed.Count > 0) types.Add("observed-data");
        if (indicators.Count > 0) types.Add("indicator");
        if (vulnerabilities.Count > 0) types.Add("vulnerability");
        var sections = new[]
        {
            description,
            string.IsNullOrWhiteSpace(impact) ? null : "影響 / Impact:\n" + impact,
            string.IsNullOrWhiteSpace(actionsTaken) ? null : "対応 / Actions taken:\n" + actionsTaken,
            string.IsNullOrWhiteSpace(helpNeeded) ? null : "支援要請 / Help needed:\n" + helpNeeded,
        };
        var stixReport = new Report
        {
            Id = ProjectionParts.Id("report", scope),
            CreatedByRef = creator.Id,
            Created = created,
            Modified = modified,
            Name = string.IsNullOrWhiteSpace(title) ? "情報連絡 / Liaison report" : title,
            Description = string.Join("\n\n", sections.Where(s => !string.IsNullOrWhiteSpace(s))),
            ReportTypes = StixList.From(types),
            Published = ProjectionParts.Time(report.LastSubmittedAt is { } at ? Later(at, created.Value) : created.Value),
            ObjectRefs = StixList.From(children.Select(c => c.Id)),
            Labels = StixList.From(eventTypes.Select(e => "event-type:" + e).Concat(causeTypes.Select(c => "cause-type:" + c)).Append($"severity:{severity}")
                .Concat(report.ExerciseId is null ? [] : [ExerciseIsolation.StixLabel])),
            ObjectMarkingRefs = ProjectionParts.Marking(tlp),
            CustomProperties = StixPropertyBag.Of((StixSectors.CustomProperty, new[] { sector }), ("x_kizuna_view", view)),
        };
        return StixProjection.Of(scope, modified, [stixReport, .. children], tlp, [sector]);
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
