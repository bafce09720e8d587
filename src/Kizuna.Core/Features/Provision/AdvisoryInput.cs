using System.Text.RegularExpressions;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Notices;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Provision;

/// <summary>
/// An advisory as a client writes it: the content, the TLP and the audience; with <see cref="ExerciseId"/>,
/// an advisory in that exercise (set when the draft is created, kept by every edit; <see cref="Exercises.ExerciseMembership"/>).
/// </summary>
public sealed record AdvisoryInput(AdvisoryContent Content, string Tlp, IReadOnlyList<AudienceInput> Audience, Guid? ExerciseId = null);

/// <summary>Checks advisory input and who may publish; every limit is in <see cref="AdvisoryLimits"/>.</summary>
public sealed partial class AdvisoryValidator(KizunaDb db, TimeProvider clock)
{
    /// <summary>The kinds of organisation that publish advisories (DESIGN §3): the coordinator, ministries, CEPTOARs and security bodies.</summary>
    public static readonly IReadOnlyList<string> PublisherKinds =
        [OrganizationKinds.Coordinator, OrganizationKinds.Ministry, OrganizationKinds.Ceptoar, OrganizationKinds.SecurityBody];

    public static bool MayPublish(Viewer viewer) => viewer.HasRole(OrgRoles.Analyst) && PublisherKinds.Contains(viewer.OrganizationKind);

    public static void RequirePublisher(Viewer viewer)
    {
        if (!MayPublish(viewer))
            throw new ForbiddenException("Only analysts of the coordinator, a ministry, a CEPTOAR or a security body write advisories.");
    }

    public async Task<Distribution> DistributionAsync(AdvisoryInput input, Viewer viewer, CancellationToken ct)
    {
        if (!TlpMarkings.TryParse(input.Tlp, out var tlp))
            throw new InputException("tlp", $"Unknown TLP '{input.Tlp}'; use CLEAR, GREEN, AMBER, AMBER+STRICT or RED.");
        if (input.Audience.Count > PostNoticeHandler.MaxAudienceEntries)
            throw new InputException("audience", $"At most {PostNoticeHandler.MaxAudienceEntries} audience entries.");
        if (input.Audience.Count == 0)
            throw new InputException("audience", "Choose an audience: sectors, kinds of organisation, trust tiers, named organisations, or the whole community.");
        var audience = await PostNoticeHandler.ResolveAudienceAsync(db, input.Audience, ct);
        return new Distribution(tlp, viewer.OrganizationId, audience);
    }

    /// <param name="exerciseId">The advisory's exercise (null: real): it links only reports of the same exercise, a real one only real reports.</param>
    public async Task<AdvisoryContent> ContentAsync(AdvisoryContent? content, Viewer viewer, bool publishing, CancellationToken ct, Guid? exerciseId = null)
    {
        if (content is null) throw new InputException("content", "'content' is required.");
        // JSON clients may send null for a list or a text: treat it as empty.
        var c = content with
        {
            Title = content.Title ?? "",
            Summary = content.Summary ?? "",
            Body = content.Body ?? "",
            Language = content.Language ?? AdvisoryLanguages.Japanese,
            RecommendedActions = content.RecommendedActions ?? [],
            AffectedProducts = content.AffectedProducts ?? [],
            Cves = content.Cves ?? [],
            Indicators = content.Indicators ?? [],
            RelatedReportIds = content.RelatedReportIds ?? [],
        };
        var check = new InputCheck()
            .Required("content.title", c.Title, AdvisoryLimits.MaxTitleLength)
            .MaxLength("content.summary", c.Summary, AdvisoryLimits.MaxSummaryLength)
            .MaxLength("content.body", c.Body, AdvisoryLimits.MaxBodyLength)
            .That(c.Severity is >= AdvisorySeverity.Min and <= AdvisorySeverity.Max, "content.severity", $"Severity runs from {AdvisorySeverity.Min} (info) to {AdvisorySeverity.Max} (critical).")
            .That(AdvisoryLanguages.All.Contains(c.Language), "content.language", $"Unknown language '{c.Language}'; use ja, en or ja+en.")
            .That(c.Indicators.Count <= AdvisoryLimits.MaxIndicators, "content.indicators", $"At most {AdvisoryLimits.MaxIndicators} indicators.")
            .That(c.RelatedReportIds.Count <= AdvisoryLimits.MaxRelatedReports, "content.relatedReportIds", $"At most {AdvisoryLimits.MaxRelatedReports} related reports.");
        if (publishing)
            check.That(!string.IsNullOrWhiteSpace(c.Summary) || !string.IsNullOrWhiteSpace(c.Body), "content.body", "Write a summary or a body before publishing.")
                .That(c.ResponseDeadline is null || c.ResponseDeadline > clock.GetUtcNow(), "content.responseDeadline", "The response deadline has passed; choose a later one or none.");
        CheckList(check, "content.recommendedActions", c.RecommendedActions);
        CheckList(check, "content.affectedProducts", c.AffectedProducts);
        CheckList(check, "content.cves", c.Cves);
        foreach (var cve in c.Cves)
            check.That(CvePattern().IsMatch(cve.Trim()), "content.cves", $"'{Short(cve)}' is not a CVE identifier (CVE-YYYY-NNNN).");
        if (c.Indicators.Count <= AdvisoryLimits.MaxIndicators)
            foreach (var i in c.Indicators) ReportValidator.CheckIndicator(i, check);
        var related = c.RelatedReportIds.Distinct().ToList();
        if (related.Count is > 0 and <= AdvisoryLimits.MaxRelatedReports)
        {
            // Only reports the author may see, and only their sanitized view: a report without one cannot be linked.
            var linkable = await DisclosurePolicy.Visible(db.Reports.AsNoTracking(), viewer)
                .Where(r => related.Contains(r.Id) && r.SanitizedJson != null && r.ExerciseId == exerciseId).Select(r => r.Id).ToListAsync(ct);
            foreach (var id in related.Except(linkable))
                check.Add("content.relatedReportIds", $"Report {id} cannot be linked: it does not exist, you may not see it, it has no sanitized view to share, or it belongs to {(exerciseId is null ? "an exercise" : "another exercise or to real data")}.");
        }
        check.ThrowIfInvalid("The advisory is invalid.");
        return c with
        {
            Title = c.Title.Trim(),
            Summary = c.Summary.Trim(),
            RecommendedActions = Clean(c.RecommendedActions),
            AffectedProducts = Clean(c.AffectedProducts),
            Cves = Clean(c.Cves).Select(v => v.ToUpperInvariant()).Distinct().ToList(),
            Indicators = c.Indicators.Select(i => i with { Value = i.Value.Trim() }).DistinctBy(i => (i.Type, i.Value)).ToList(),
            RelatedReportIds = related,
        };
    }

    private static void CheckList(InputCheck check, string field, IReadOnlyList<string> list)
    {
        check.That(list.Count <= AdvisoryLimits.MaxListEntries, field, $"At most {AdvisoryLimits.MaxListEntries} entries.");
        foreach (var e in list)
            check.That(e is not null && e.Length <= AdvisoryLimits.MaxListEntryLength, field, $"An entry is longer than {AdvisoryLimits.MaxListEntryLength} characters.");
    }

    private static List<string> Clean(IReadOnlyList<string> list) => list.Select(e => e.Trim()).Where(e => e.Length > 0).Distinct().ToList();

    private static string Short(string v) => v.Length > 40 ? v[..40] + "…" : v;

    [GeneratedRegex(@"^CVE-\d{4}-\d{4,}$", RegexOptions.IgnoreCase)]
    private static partial Regex CvePattern();
}
