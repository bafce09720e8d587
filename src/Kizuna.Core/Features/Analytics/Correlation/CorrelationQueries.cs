using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Paging;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Analytics.Correlation;

/// <summary>
/// Findings and lookups over the correlation index (相関分析), computed on request and built for one viewer.
/// The privacy rule, applied in one place (<see cref="Count"/>): an item the viewer may see (by
/// <see cref="DisclosurePolicy.Visible{T}"/> on the item itself) is listed; an item it may not see is only
/// ever part of a per-sector count, shown when at least <see cref="CorrelationOptions.MinimumCount"/> such
/// items are in that sector and otherwise withheld as if there were none; TLP:RED and AMBER+STRICT items it
/// may not see count for nothing. A value is only named in a finding when the viewer may see one of its
/// items. Windows are whole UTC days, so moving a window's edge cannot time an invisible item.
/// </summary>
public sealed class CorrelationQueries(KizunaDb db, IOptionsMonitor<CorrelationOptions> options, TimeProvider clock)
{
    public const int DefaultWindowDays = 7;

    private CorrelationOptions O => options.CurrentValue;

    /// <summary>
    /// The window from <paramref name="from"/> and <paramref name="to"/> (either may be missing), or the last
    /// <paramref name="days"/> days, rounded out to whole UTC days. Absurd windows answer 400.
    /// </summary>
    public CorrelationWindow Window(DateTimeOffset? from, DateTimeOffset? to, int? days)
    {
        var now = clock.GetUtcNow();
        var max = O.MaxWindowDays;
        var check = new InputCheck();
        check.That(days is null || days is >= 1 && days <= max, "days", $"'days' must be between 1 and {max}; it was {days}.");
        check.That(days is null || from is null || to is null, "days", "Give 'days' or both 'from' and 'to', not all three.");
        check.That(from is null || from.Value.Year >= 2000, "from", "'from' must be in the year 2000 or later.");
        check.That(to is null || to.Value <= now.AddDays(1), "to", "'to' cannot be more than a day in the future.");
        check.ThrowIfInvalid("The time window is invalid.");
        var end = CeilDay(to ?? (from is { } f && days is { } d1 ? f.AddDays(d1) : now));
        var start = FloorDay(from ?? end.AddDays(-(days ?? DefaultWindowDays)));
        if (start >= end) throw new InputException("from", "'from' must be before 'to'.");
        if ((end - start).TotalDays > max) throw new InputException("to", $"The window spans {(int)(end - start).TotalDays} days; at most {max} are allowed.");
        return new CorrelationWindow(start, end);
    }

    /// <summary>Finding (a): values the viewer may see in one item that were seen in two or more sectors within the window.</summary>
    public async Task<FindingsPage<SharedObservableFinding>> SharedAsync(Viewer viewer, CorrelationWindow w, PageRequest page, CancellationToken ct = default)
    {
        // One bounded read of the window; keys in one sector only are dropped before asking the policy anything.
        var rows = await ReadAsync(InWindow(w), ct);
        var multi = rows.Rows.Where(r => r.SectorCode != "").GroupBy(r => r.KeyId)
            .Where(g => g.Select(r => r.SectorCode).Distinct().Skip(1).Any())
            .OrderByDescending(g => g.Max(r => r.At)).Take(O.MaxCandidateKeys + 1).Select(g => g.Key).ToHashSet();
        var truncated = rows.Truncated || multi.Count > O.MaxCandidateKeys;
        rows = (rows.Rows.Where(r => multi.Contains(r.KeyId)).ToList(), truncated);
        var visible = await VisibleAsync(viewer, rows.Rows, ct);

        var findings = new List<SharedObservableFinding>();
        foreach (var g in rows.Rows.GroupBy(r => r.KeyId))
        {
            var seen = g.Where(r => visible.Contains(r.ItemId)).ToList();
            if (seen.Count == 0) continue; // the value itself is only named to someone who may see one of its items
            var bySector = Count(g.Where(r => r.SectorCode != ""), visible);
            if (bySector.Count < 2) continue;
            findings.Add(new SharedObservableFinding(g.Key, g.First().Type, g.First().Value, bySector.Count, bySector,
                seen.OrderByDescending(r => r.At).Select(Ref).ToList(), seen.Max(r => r.At)));
        }
        return PageOf(w, findings.OrderByDescending(f => f.LastSeen).ThenBy(f => f.KeyId).ToList(), page, truncated);
    }

    /// <summary>Finding (b): event and cause types reported in <see cref="CorrelationOptions.MinWaveSectors"/> or more sectors within the window, from liaison reports alone.</summary>
    public async Task<FindingsPage<WaveFinding>> WavesAsync(Viewer viewer, CorrelationWindow w, PageRequest page, CancellationToken ct = default)
    {
        var limit = O.MaxScannedOccurrences;
        var reports = await db.Reports.AsNoTracking().RealOnly()
            .Where(r => r.Status != ReportStatus.Draft && r.FirstSubmittedAt >= w.From && r.FirstSubmittedAt < w.To)
            .OrderByDescending(r => r.FirstSubmittedAt)
            .Select(r => new { r.Id, r.SectorCode, r.Pseudonym, r.EventTypes, r.CauseTypes, r.Distribution.Tlp, At = r.FirstSubmittedAt!.Value })
            .Take(limit + 1)
            .ToListAsync(ct);
        var truncated = reports.Count > limit;
        if (truncated) reports.RemoveAt(reports.Count - 1);
        var visible = await VisibleAsync(viewer, reports.Select(r => new Row(Guid.Empty, "", "", CorrelatedItemKinds.Report, r.Id, "", null, r.At, r.Tlp)).ToList(), ct);
        var terms = await db.TaxonomyTerms.AsNoTracking().Where(t => t.Scheme == TaxonomyTerm.EventType || t.Scheme == TaxonomyTerm.CauseType)
            .Select(t => new { t.Scheme, t.Code, t.NameJa, t.NameEn }).ToListAsync(ct);
        var rows = reports.SelectMany(r =>
                r.EventTypes.Select(c => (Dimension: TaxonomyTerm.EventType, Code: c, r))
                    .Concat(r.CauseTypes.Select(c => (Dimension: TaxonomyTerm.CauseType, Code: c, r))))
            .ToList();
        var findings = new List<WaveFinding>();
        foreach (var g in rows.GroupBy(x => (x.Dimension, x.Code)))
        {
            var occurrences = g.Select(x => new Row(Guid.Empty, "", "", CorrelatedItemKinds.Report, x.r.Id, x.r.SectorCode, x.r.Pseudonym, x.r.At, x.r.Tlp)).ToList();
            var bySector = Count(occurrences, visible);
            if (bySector.Count < O.MinWaveSectors) continue;
            var term = terms.FirstOrDefault(t => t.Scheme == g.Key.Dimension && t.Code == g.Key.Code);
            findings.Add(new WaveFinding(g.Key.Dimension, g.Key.Code, term?.NameJa ?? g.Key.Code, term?.NameEn ?? g.Key.Code, bySector.Count, bySector,
                occurrences.Where(o => visible.Contains(o.ItemId)).OrderByDescending(o => o.At).Select(Ref).ToList()));
        }
        return PageOf(w, findings.OrderByDescending(f => f.Sectors).ThenBy(f => f.Dimension).ThenBy(f => f.Code).ToList(), page, truncated);
    }

    /// <summary>Finding (c): groups of reports the viewer may see that share observables (connected components, cut to <see cref="CorrelationOptions.MaxClusterSize"/>).</summary>
    public async Task<FindingsPage<ClusterFinding>> ClustersAsync(Viewer viewer, CorrelationWindow w, PageRequest page, CancellationToken ct = default)
    {
        var overCommon = db.OverCommonObservables.Select(x => x.KeyId);
        var rows = await ReadAsync(InWindow(w).Where(o => o.ItemKind == CorrelatedItemKinds.Report && !overCommon.Contains(o.KeyId)), ct);
        var visible = await VisibleAsync(viewer, rows.Rows, ct);
        var seen = rows.Rows.Where(r => visible.Contains(r.ItemId)).ToList();
        var shared = seen.GroupBy(r => r.KeyId).Where(g => g.Select(r => r.ItemId).Distinct().Count() >= 2).ToList();

        var parent = new Dictionary<Guid, Guid>();
        Guid Find(Guid x)
        {
            while (parent.TryGetValue(x, out var p) && p != x) x = parent[x] = parent.GetValueOrDefault(p, p);
            return x;
        }
        foreach (var g in shared)
        {
            var items = g.Select(r => r.ItemId).Distinct().ToList();
            foreach (var i in items) parent.TryAdd(i, i);
            var root = Find(items[0]);
            foreach (var i in items.Skip(1)) parent[Find(i)] = root;
        }
        var itemRows = seen.GroupBy(r => r.ItemId).ToDictionary(g => g.Key, g => g.First());
        var clusters = new List<ClusterFinding>();
        foreach (var component in parent.Keys.GroupBy(Find))
        {
            var members = component.Select(id => itemRows[id]).OrderByDescending(r => r.At).ToList();
            var cut = members.Count > O.MaxClusterSize;
            var kept = cut ? members.Take(O.MaxClusterSize).ToList() : members;
            var keptIds = kept.Select(k => k.ItemId).ToHashSet();
            var keys = shared.Where(g => g.Count(r => keptIds.Contains(r.ItemId)) >= 2)
                .Select(g => new SharedKey(g.Key, g.First().Type, g.First().Value, g.Count(r => keptIds.Contains(r.ItemId))))
                .OrderByDescending(k => k.Items).ThenBy(k => k.Value).Take(50).ToList();
            clusters.Add(new ClusterFinding(members.Count, cut, kept.Select(k => k.SectorCode).Where(s => s != "").Distinct().Order().ToList(),
                kept.Select(Ref).ToList(), keys));
        }
        return PageOf(w, clusters.OrderByDescending(c => c.Size).ThenByDescending(c => c.Items[0].At).ToList(), page, rows.Truncated);
    }

    /// <summary>What the viewer may learn about a value it names: usable by any member, never a precise oracle for items it may not see.</summary>
    public async Task<ObservableLookup> LookupAsync(Viewer viewer, string? type, string? value, CorrelationWindow w, CancellationToken ct = default)
    {
        if (!ObservableNormalizer.TryNormalize(type, value, out var key, out var error))
            throw new InputException(!string.IsNullOrWhiteSpace(type) && !ObservableTypes.Accepted.Contains(type.Trim().ToLowerInvariant()) ? "type" : "value", error);
        return await DescribeAsync(viewer, key.Id, key.Type, key.Display, w, ct);
    }

    /// <summary>One value by its key id, for a viewer who may see one of its items within the window (404 otherwise: the id alone must not name a value).</summary>
    public async Task<ObservableLookup> ObservableAsync(Viewer viewer, Guid keyId, CorrelationWindow w, CancellationToken ct = default)
    {
        var rows = await ReadAsync(InWindow(w).Where(o => o.KeyId == keyId), ct);
        var visible = await VisibleAsync(viewer, rows.Rows, ct);
        var first = rows.Rows.FirstOrDefault(r => visible.Contains(r.ItemId))
            ?? throw new NotFoundException("No observable you may see has this key in the window.");
        return Describe(first.KeyId, first.Type, first.Value, w, rows.Rows, visible,
            await db.CorrelationWarnings.AnyAsync(x => x.KeyId == keyId, ct), await db.OverCommonObservables.AnyAsync(x => x.KeyId == keyId, ct));
    }

    private async Task<ObservableLookup> DescribeAsync(Viewer viewer, Guid keyId, string type, string value, CorrelationWindow w, CancellationToken ct)
    {
        var rows = await ReadAsync(InWindow(w).Where(o => o.KeyId == keyId), ct);
        var visible = await VisibleAsync(viewer, rows.Rows, ct);
        return Describe(keyId, type, value, w, rows.Rows, visible,
            await db.CorrelationWarnings.AnyAsync(x => x.KeyId == keyId, ct), await db.OverCommonObservables.AnyAsync(x => x.KeyId == keyId, ct));
    }

    private ObservableLookup Describe(Guid keyId, string type, string value, CorrelationWindow w, IReadOnlyList<Row> rows, HashSet<Guid> visible, bool warned, bool overCommon)
        => new(keyId, type, value, w, warned, overCommon, O.MinimumCount, Count(rows.Where(r => r.SectorCode != ""), visible),
            rows.Where(r => visible.Contains(r.ItemId)).OrderByDescending(r => r.At).Select(Ref).ToList());

    /// <summary>The index's size; the over-common values themselves only for the coordinator's analysts and administrators.</summary>
    public async Task<CorrelationStatus> StatusAsync(Viewer viewer, CancellationToken ct = default)
    {
        var coordinator = viewer.IsSystem || viewer.OrganizationKind == OrganizationKinds.Coordinator && (viewer.HasRole(OrgRoles.Analyst) || viewer.HasRole(OrgRoles.OrgAdmin));
        var list = coordinator
            ? await db.OverCommonObservables.AsNoTracking().OrderByDescending(o => o.MarkedAt).Take(PageRequest.MaxPageSize)
                .Select(o => new OverCommonView(o.KeyId, o.Type, o.Value, o.MarkedAt, o.Skipped)).ToListAsync(ct)
            : null;
        return new CorrelationStatus(await db.ObservableOccurrences.LongCountAsync(o => !o.IsExercise, ct), await db.OverCommonObservables.CountAsync(ct),
            await db.CorrelationWarnings.CountAsync(ct), O.MaxOccurrencesPerKey, list);
    }

    /// <summary>
    /// The one privacy rule of correlation: per sector, the viewer's visible items exactly, the rest only as a
    /// count of at least <see cref="CorrelationOptions.MinimumCount"/> (null otherwise), TLP:RED and
    /// AMBER+STRICT never counted unseen. Sectors with nothing to tell are left out.
    /// </summary>
    private List<SectorCount> Count(IEnumerable<Row> rows, HashSet<Guid> visible)
    {
        var min = O.MinimumCount;
        var result = new List<SectorCount>();
        foreach (var s in rows.GroupBy(r => r.SectorCode).OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var items = s.DistinctBy(r => r.ItemId).ToList();
            var seen = items.Count(r => visible.Contains(r.ItemId));
            var others = items.Count(r => !visible.Contains(r.ItemId) && r.Tlp < Tlp.AmberStrict);
            int? shown = others >= min ? others : null;
            if (seen > 0 || shown is not null) result.Add(new SectorCount(s.Key, seen, shown));
        }
        return result;
    }

    private IQueryable<ObservableOccurrence> InWindow(CorrelationWindow w)
        => db.ObservableOccurrences.AsNoTracking().Where(o => !o.IsExercise && o.At >= w.From && o.At < w.To);

    private sealed record Row(Guid KeyId, string Type, string Value, string ItemKind, Guid ItemId, string SectorCode, string? Pseudonym, DateTimeOffset At, Tlp Tlp);

    private async Task<(List<Row> Rows, bool Truncated)> ReadAsync(IQueryable<ObservableOccurrence> q, CancellationToken ct)
    {
        var limit = O.MaxScannedOccurrences;
        var rows = await q.OrderByDescending(o => o.At)
            .Select(o => new Row(o.KeyId, o.Type, o.Value, o.ItemKind, o.ItemId, o.SectorCode, o.Pseudonym, o.At, o.Tlp))
            .Take(limit + 1).ToListAsync(ct);
        var truncated = rows.Count > limit;
        if (truncated) rows.RemoveAt(rows.Count - 1);
        return (rows, truncated);
    }

    /// <summary>Which of the rows' items the viewer may see, asked of the policy on the items themselves.</summary>
    private async Task<HashSet<Guid>> VisibleAsync(Viewer viewer, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        var result = new HashSet<Guid>();
        foreach (var kind in rows.GroupBy(r => r.ItemKind))
        {
            // Inlined as constants in chunks: both databases then seek the primary key (SQLite plans a JSON-array parameter as a scan).
            foreach (var chunk in kind.Select(r => r.ItemId).Distinct().Chunk(1_000))
            {
                var ids = chunk.ToList();
                var seen = kind.Key switch
                {
                    CorrelatedItemKinds.Report => await DisclosurePolicy.Visible(db.Reports.AsNoTracking(), viewer).Where(r => EF.Constant(ids).Contains(r.Id)).Select(r => r.Id).ToListAsync(ct),
                    CorrelatedItemKinds.Advisory => await DisclosurePolicy.Visible(db.Advisories.AsNoTracking(), viewer).Where(a => EF.Constant(ids).Contains(a.Id)).Select(a => a.Id).ToListAsync(ct),
                    CorrelatedItemKinds.StixObject => await DisclosurePolicy.Visible(db.StixObjects.AsNoTracking(), viewer).Where(o => EF.Constant(ids).Contains(o.Id)).Select(o => o.Id).ToListAsync(ct),
                    _ => [],
                };
                result.UnionWith(seen);
            }
        }
        return result;
    }

    private static CorrelatedItemRef Ref(Row r) => new(r.ItemKind, r.ItemId, r.SectorCode, r.Pseudonym, TlpMarkings.Label(r.Tlp), r.At, r.ItemKind switch
    {
        CorrelatedItemKinds.Report => $"/reports/{r.ItemId:D}",
        CorrelatedItemKinds.Advisory => $"/advisories/{r.ItemId:D}",
        _ => "/intel",
    });

    private FindingsPage<T> PageOf<T>(CorrelationWindow w, IReadOnlyList<T> all, PageRequest page, bool truncated)
        => new(w, all.Skip(page.Skip).Take(page.PageSize).ToList(), page.Page, page.PageSize, all.Count, truncated, O.MinimumCount);

    private static DateTimeOffset FloorDay(DateTimeOffset t)
    {
        var u = t.ToUniversalTime();
        return new DateTimeOffset(u.Year, u.Month, u.Day, 0, 0, 0, TimeSpan.Zero);
    }

    private static DateTimeOffset CeilDay(DateTimeOffset t)
    {
        var floor = FloorDay(t);
        return floor == t.ToUniversalTime() ? floor : floor.AddDays(1);
    }
}
