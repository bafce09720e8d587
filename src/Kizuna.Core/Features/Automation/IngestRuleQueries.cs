using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Interop;
using Kizuna.Stix;
using Kizuna.Stix.Extraction;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Automation;

/// <summary>A rule as the API and pages show it.</summary>
public sealed record IngestRuleView(Guid Id, string Name, bool Enabled, int Order, IReadOnlyList<string> SourceCollections, IReadOnlyList<string> Types,
    IReadOnlyList<string> Sectors, string? MaxTlp, string? TextContains, IReadOnlyList<string> ContributorOrganizations,
    string? CopyToSector, IReadOnlyList<string> AddTags, string? NotifyOrganization, string OwnerOrganizationCode, DateTimeOffset UpdatedAt,
    int Runs, int CopiesRefused, DateTimeOffset? LastRunAt);

/// <summary>
/// What a rule would do with one of the newest objects the viewer may see. <see cref="Copy"/> is one of
/// <c>none</c> (no copy action), <c>same-collection</c>, <c>would-copy</c>, <c>already-there</c>,
/// <c>refused-wider</c>; <see cref="NotifiedMaySee"/> is null without a notify action.
/// </summary>
public sealed record RulePreviewRow(string StixId, string Type, string? Name, string? Label, string Collection, string Tlp, DateTimeOffset DateAdded, string Copy, bool? NotifiedMaySee);

public sealed record RulePreview(int Tried, IReadOnlyList<RulePreviewRow> Matches);

/// <summary>Reads rules within the viewer's <see cref="RuleScope"/>, and previews a rule against the newest objects the viewer may see.</summary>
public sealed class IngestRuleQueries(KizunaDb db, RuleEditors editors, TaxiiCollections collections, TimeProvider clock, IOptions<AutomationOptions> options)
{
    public async Task<IReadOnlyList<IngestRuleView>> ListAsync(Viewer viewer, CancellationToken ct = default)
    {
        var scope = await editors.RequireAsync(viewer, ct);
        var rules = (await db.IngestRules.AsNoTracking().OrderBy(r => r.Order).ThenBy(r => r.CreatedAt).ToListAsync(ct)).Where(scope.Covers).ToList();
        return await ToViewsAsync(rules, viewer, ct);
    }

    public async Task<IngestRuleView> GetAsync(Viewer viewer, Guid id, CancellationToken ct = default)
    {
        var scope = await editors.RequireAsync(viewer, ct);
        var rule = await db.IngestRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null || !scope.Covers(rule)) throw new NotFoundException("There is no such rule you may see.");
        return (await ToViewsAsync([rule], viewer, ct))[0];
    }

    /// <summary>
    /// Tries a rule (saved or not) against the newest <see cref="AutomationOptions.PreviewObjects"/>
    /// latest versions the viewer may see; changes nothing.
    /// </summary>
    public async Task<RulePreview> PreviewAsync(IngestRuleSpec spec, Viewer viewer, CancellationToken ct = default)
    {
        var scope = await editors.RequireAsync(viewer, ct);
        var rule = new IngestRule(spec, viewer.OrganizationId, viewer.UserId, 0, clock.GetUtcNow());
        await editors.CheckAsync(rule, scope, viewer, ct);
        var records = await DisclosurePolicy.Visible(db.StixObjects.AsNoTracking(), viewer).Where(r => r.IsLatest)
            .OrderByDescending(r => r.Sequence).Take(options.Value.PreviewObjects).ToListAsync(ct);
        var all = await collections.AllAsync(ct);
        var byId = all.ToDictionary(c => c.Id);
        var contributors = (await db.Organizations.AsNoTracking().Where(o => rule.ContributorOrganizations.Contains(o.Code)).Select(o => o.Id).ToListAsync(ct)).ToHashSet();
        var notify = rule.NotifyOrganization is { } code
            ? await db.Organizations.AsNoTracking().Where(o => o.Code == code)
                .Select(o => new { o.Id, o.Code, o.Kind, o.TrustTier, Sectors = o.Sectors.Select(s => s.Code).ToList() }).FirstAsync(ct)
            : null;
        var notifyViewer = notify is null ? null : Viewer.ForOrganization(notify.Id, notify.Code, notify.Kind, notify.Sectors, notify.TrustTier);
        var target = rule.CopyToSector is { } sector ? all.FirstOrDefault(c => c.Kind == TaxiiCollectionKinds.Sector && c.Alias == "sector-" + sector) : null;

        // Versions already in the target that the viewer may see (one read; a hidden copy answers "would-copy", as ingest answers "new").
        var targetIds = target is null ? [] : records.Select(r => r.StixId).Distinct().ToList();
        var there = target is null ? [] : (await DisclosurePolicy.Visible(db.StixObjects.AsNoTracking(), viewer)
                .Where(x => x.CollectionId == target.Id && targetIds.Contains(x.StixId)).Select(x => new { x.StixId, x.Version }).ToListAsync(ct))
            .Select(x => (x.StixId, x.Version)).ToHashSet();
        var rows = new List<RulePreviewRow>();
        foreach (var r in records)
        {
            if (!byId.TryGetValue(r.CollectionId, out var source) || !RuleMatch.Holds(rule, r, source, contributors)) continue;
            IShareable seen = r;
            var copy = "none";
            if (target is not null)
            {
                var d = CopyRule.DistributionIn(target, r);
                if (target.Id == source.Id) copy = "same-collection";
                else if (d is null || !CopyRule.NeverWider(r.Distribution, d)) copy = "refused-wider";
                else
                {
                    copy = there.Contains((r.StixId, r.Version)) ? "already-there" : "would-copy";
                    seen = new Shadow(d);
                }
            }
            bool? sees = notifyViewer is null || copy == "refused-wider" ? null : DisclosurePolicy.CanSee(notifyViewer, seen);
            rows.Add(new RulePreviewRow(r.StixId, r.Type, RuleMatch.NameOf(r) is { } n ? IndicatorExtractor.DefangText(n) : null, r.Label is null ? null : IndicatorExtractor.DefangText(r.Label), source.Alias, TlpMarkings.Label(r.Distribution.Tlp), r.DateAdded, copy, sees));
        }
        return new RulePreview(records.Count, rows);
    }

    /// <summary>The views, with run counts over the records the viewer may see only (a count of runs over hidden objects would tell of them).</summary>
    private async Task<IReadOnlyList<IngestRuleView>> ToViewsAsync(IReadOnlyList<IngestRule> rules, Viewer viewer, CancellationToken ct)
    {
        var ids = rules.Select(r => r.Id).ToList();
        var visible = DisclosurePolicy.Visible(db.StixObjects.AsNoTracking(), viewer).Select(r => r.Id);
        var runs = db.IngestRuleRuns.AsNoTracking().Where(x => ids.Contains(x.RuleId) && visible.Contains(x.RecordId));
        var owners = rules.Select(r => r.OwnerOrganizationId).Distinct().ToList();
        var codes = await db.Organizations.AsNoTracking().Where(o => owners.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Code, ct);
        var stats = (await runs.GroupBy(x => x.RuleId)
            .Select(g => new { g.Key, Runs = g.Count(), Refused = g.Count(x => x.Outcome == IngestRuleOutcomes.CopyRefused), Last = g.Max(x => x.At) }).ToListAsync(ct))
            .ToDictionary(x => x.Key);
        return rules.Select(r =>
        {
            var s = r.ToSpec();
            var st = stats.GetValueOrDefault(r.Id);
            return new IngestRuleView(r.Id, r.Name, r.Enabled, r.Order, r.SourceCollections, r.Types, r.Sectors, s.MaxTlp, r.TextContains,
                r.ContributorOrganizations, r.CopyToSector, r.AddTags, r.NotifyOrganization, codes.GetValueOrDefault(r.OwnerOrganizationId, "?"), r.UpdatedAt,
                st?.Runs ?? 0, st?.Refused ?? 0, st?.Last);
        }).ToList();
    }

    private sealed record Shadow(Distribution Distribution) : IShareable;
}
