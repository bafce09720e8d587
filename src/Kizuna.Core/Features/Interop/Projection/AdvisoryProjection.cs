using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Provision;
using Kizuna.Stix.Extraction;
using Kizuna.Stix.Objects;
using StixIdentity = Kizuna.Stix.Objects.Identity;

namespace Kizuna.Core.Features.Interop.Projection;

/// <summary>
/// An advisory (情報提供) as STIX 2.1: a <c>report</c> (number and title, summary and body, published,
/// report types, <c>x_kizuna_sectors</c> = the sectors of its audience) referring to an
/// <c>identity</c> of the issuing organisation (its <c>created_by_ref</c> and that of every object),
/// <c>indicator</c>s of the advisory's indicator entries and of the indicators found in its title,
/// summary, body, recommended actions and affected products (<see cref="IndicatorExtractor"/>),
/// <c>vulnerability</c>s of its CVE ids (listed or found), a <c>course-of-action</c> per recommended
/// action with a <c>mitigates</c> relationship to each vulnerability, all marked with the advisory's
/// TLP. A withdrawn advisory's objects are <c>revoked</c>. Ids are derived from the advisory id, so
/// each revision (its <c>modified</c> = the advisory's last change) is a new version of the same objects.
/// Pure: no database.
/// </summary>
public static class AdvisoryProjection
{
    public static StixProjection Project(Advisory advisory, Organization publisher)
    {
        var content = advisory.Content;
        var tlp = advisory.Distribution.Tlp;
        var scope = $"advisory:{advisory.Id:D}";
        var created = ProjectionParts.Time(advisory.PublishedAt ?? advisory.CreatedAt);
        var modified = ProjectionParts.Time(advisory.UpdatedAt > (advisory.PublishedAt ?? advisory.CreatedAt) ? advisory.UpdatedAt : advisory.PublishedAt ?? advisory.CreatedAt);
        var revoked = advisory.Status == AdvisoryStatus.Withdrawn;
        var sectors = advisory.Distribution.Audience.Where(a => a.Kind == AudienceKind.Sector).Select(a => a.Value).Distinct().ToList();

        var identity = OrganizationIdentity(publisher);
        var found = ProjectionParts.Collect(content.Indicators, content.Cves,
            [content.Title, content.Summary, content.Body, .. content.RecommendedActions, .. content.AffectedProducts]);
        var indicators = found.Where(x => x.Kind != IndicatorKind.Cve)
            .Select(x => ProjectionParts.Indicator(scope, x, identity.Id, tlp, created, modified, revoked)).ToList();
        var vulnerabilities = found.Where(x => x.Kind == IndicatorKind.Cve)
            .Select(x => ProjectionParts.Vulnerability(scope, x.Value, identity.Id, tlp, created, modified, revoked)).ToList();
        var actions = content.RecommendedActions.Where(a => !string.IsNullOrWhiteSpace(a)).Select((a, i) => new CourseOfAction
        {
            Id = ProjectionParts.Id("course-of-action", $"{scope}:course-of-action:{i}"),
            CreatedByRef = identity.Id,
            Created = created,
            Modified = modified,
            Revoked = revoked ? true : null,
            Name = a.Trim().Length > 200 ? a.Trim()[..200] : a.Trim(),
            Description = a.Trim(),
            ObjectMarkingRefs = ProjectionParts.Marking(tlp),
        }).ToList();
        var mitigations = actions.SelectMany(c => vulnerabilities.Select(v => new Relationship
        {
            Id = ProjectionParts.Id("relationship", $"{scope}:mitigates:{c.Id}:{v.Id}"),
            CreatedByRef = identity.Id,
            Created = created,
            Modified = modified,
            Revoked = revoked ? true : null,
            RelationshipType = "mitigates",
            SourceRef = c.Id,
            TargetRef = v.Id,
            ObjectMarkingRefs = ProjectionParts.Marking(tlp),
        })).ToList();

        List<StixObject> children = [identity, .. indicators, .. vulnerabilities, .. actions, .. mitigations];
        var types = new List<string> { "threat-report" };
        if (vulnerabilities.Count > 0) types.Add("vulnerability");
        if (indicators.Count > 0) types.Add("indicator");
        var report = new Report
        {
            Id = ProjectionParts.Id("report", scope),
            CreatedByRef = identity.Id,
            Created = created,
            Modified = modified,
            Revoked = revoked ? true : null,
            Name = advisory.Number is null ? advisory.Title : $"{advisory.Number} {advisory.Title}",
            Description = string.Join("\n\n", new[] { content.Summary, content.Body }.Where(s => !string.IsNullOrWhiteSpace(s))),
            ReportTypes = StixList.From(types),
            Published = created,
            ObjectRefs = StixList.From(children.Select(c => c.Id)),
            // An exercise advisory says so wherever it is expressed in STIX (it never reaches the TAXII store).
            Labels = advisory.ExerciseId is null ? [$"severity:{advisory.Severity}"] : [$"severity:{advisory.Severity}", ExerciseIsolation.StixLabel],
            Lang = content.Language is AdvisoryLanguages.Japanese or AdvisoryLanguages.English ? content.Language : null,
            ObjectMarkingRefs = ProjectionParts.Marking(tlp),
            CustomProperties = advisory.Number is { } number
                ? StixPropertyBag.Of((StixSectors.CustomProperty, sectors), ("x_kizuna_advisory_number", number), ("x_kizuna_revision", advisory.Revision))
                : StixPropertyBag.Of((StixSectors.CustomProperty, sectors)),
        };
        return StixProjection.Of(scope, modified, [report, .. children], tlp, sectors, publicIds: [identity.Id]);
    }

    /// <summary>
    /// The identity of an organisation of the directory (its code and both names; never a person). It
    /// carries no marking: the issuing organisation is not secret, and the store keeps it at TLP:CLEAR
    /// so every reader of any of its advisories can resolve the <c>created_by_ref</c>.
    /// </summary>
    public static StixIdentity OrganizationIdentity(Organization org) => new()
    {
        Id = ProjectionParts.Id("identity", $"organization:{org.Id:D}"),
        Created = ProjectionParts.Time(org.CreatedAt),
        Modified = ProjectionParts.Time(org.CreatedAt),
        Name = org.NameJa == org.NameEn ? org.NameEn : $"{org.NameJa} / {org.NameEn}",
        IdentityClass = "organization",
        CustomProperties = StixPropertyBag.Of(("x_kizuna_organization_code", org.Code)),
    };
}
