using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Liaison;

/// <summary>
/// Counts of liaison reports for one fiscal year (年度, April–March, JST) as the coordinator's annual
/// tables show them: by quarter (1Q = April–June), event type, cause type and sector. A report counts
/// once per category it names. Counts below the threshold are shown as "&lt;N" to everyone but the
/// coordinator, so that small cells cannot point at a reporter.
/// </summary>
public sealed record LiaisonStatistics(
    int FiscalYear, DateOnly From, DateOnly To, int Threshold, bool Suppressed,
    StatCell Total, IReadOnlyList<StatRow> ByQuarter, IReadOnlyList<StatRow> ByEventType, IReadOnlyList<StatRow> ByCauseType, IReadOnlyList<StatRow> BySector);

public sealed record StatRow(string Key, string NameJa, string NameEn, StatCell Count);

/// <summary>A count as shown: <see cref="Value"/> is null when suppressed, and <see cref="Display"/> is then "&lt;N".</summary>
public sealed record StatCell(int? Value, string Display);

public sealed class LiaisonStatisticsHandler(KizunaDb db, IOptions<LiaisonOptions> options)
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    public async Task<LiaisonStatistics> HandleAsync(int fiscalYear, Viewer viewer, CancellationToken ct = default)
    {
        if (fiscalYear is < 2000 or > 2100) throw new InputException("fy", $"'{fiscalYear}' is not a fiscal year (2000–2100).");
        var from = new DateTimeOffset(fiscalYear, 4, 1, 0, 0, 0, Jst);
        var to = from.AddYears(1);
        // Aggregates over every submitted report; no row leaves this method, only counts.
        var rows = await db.Reports.AsNoTracking()
            .Where(r => r.FirstSubmittedAt != null && r.FirstSubmittedAt >= from && r.FirstSubmittedAt < to)
            .Select(r => new { r.FirstSubmittedAt, r.SectorCode, r.EventTypes, r.CauseTypes })
            .ToListAsync(ct);
        var suppress = viewer.OrganizationKind != OrganizationKinds.Coordinator && !viewer.IsSystem;
        var threshold = options.Value.StatisticsThreshold;
        StatCell Cell(int n) => suppress && n > 0 && n < threshold ? new StatCell(null, $"<{threshold}") : new StatCell(n, n.ToString());

        var terms = await db.TaxonomyTerms.AsNoTracking().Where(t => !t.IsCategory).ToListAsync(ct);
        var sectors = await db.Sectors.AsNoTracking().OrderBy(s => s.SortOrder).ToListAsync(ct);
        var quarters = Enumerable.Range(1, 4).Select(q => new StatRow($"Q{q}", $"第{q}四半期", $"Q{q}",
            Cell(rows.Count(r => Quarter(r.FirstSubmittedAt!.Value) == q)))).ToList();
        var events = terms.Where(t => t.Scheme == TaxonomyTerm.EventType).OrderBy(t => t.SortOrder)
            .Select(t => new StatRow(t.Code, t.NameJa, t.NameEn, Cell(rows.Count(r => r.EventTypes.Contains(t.Code))))).ToList();
        var causes = terms.Where(t => t.Scheme == TaxonomyTerm.CauseType).OrderBy(t => t.SortOrder)
            .Select(t => new StatRow(t.Code, t.NameJa, t.NameEn, Cell(rows.Count(r => r.CauseTypes.Contains(t.Code))))).ToList();
        var bySector = sectors.Select(s => new StatRow(s.Code, s.NameJa, s.NameEn, Cell(rows.Count(r => r.SectorCode == s.Code)))).ToList();
        return new LiaisonStatistics(fiscalYear, DateOnly.FromDateTime(from.DateTime), DateOnly.FromDateTime(to.AddDays(-1).DateTime), threshold, suppress,
            Cell(rows.Count), quarters, events, causes, bySector);
    }

    /// <summary>1 for April–June (JST), 2 for July–September, 3 for October–December, 4 for January–March.</summary>
    public static int Quarter(DateTimeOffset at)
    {
        var month = at.ToOffset(Jst).Month;
        return month switch { >= 4 and <= 6 => 1, >= 7 and <= 9 => 2, >= 10 and <= 12 => 3, _ => 4 };
    }

    /// <summary>The fiscal year a moment falls in (JST): 2025 for 2025-04-01 … 2026-03-31.</summary>
    public static int FiscalYearOf(DateTimeOffset at)
    {
        var local = at.ToOffset(Jst);
        return local.Month >= 4 ? local.Year : local.Year - 1;
    }
}
