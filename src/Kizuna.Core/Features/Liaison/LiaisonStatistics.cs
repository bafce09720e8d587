using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Analytics.Trends;

namespace Kizuna.Core.Features.Liaison;

/// <summary>
/// Counts of liaison reports for one fiscal year (年度, April–March, JST) as the coordinator's annual
/// tables show them: by quarter (1Q = April–June), event type, cause type and sector. A report counts
/// once per category it names. A view of <see cref="AnnualFigures"/> (the one place that counts):
/// sectors limited to the viewer's statistics scope, counts below the threshold shown as "&lt;N" to
/// everyone but the coordinator, so that small cells cannot point at a reporter.
/// </summary>
public sealed record LiaisonStatistics(
    int FiscalYear, DateOnly From, DateOnly To, int Threshold, bool Suppressed,
    StatCell Total, IReadOnlyList<StatRow> ByQuarter, IReadOnlyList<StatRow> ByEventType, IReadOnlyList<StatRow> ByCauseType, IReadOnlyList<StatRow> BySector);

public sealed record StatRow(string Key, string NameJa, string NameEn, StatCell Count);

/// <summary>A count as shown: <see cref="Value"/> is null when suppressed, and <see cref="Display"/> is then "&lt;N" (or "*" when hidden to protect another count).</summary>
public sealed record StatCell(int? Value, string Display);

public sealed class LiaisonStatisticsHandler(AnnualFiguresHandler annual)
{
    public async Task<LiaisonStatistics> HandleAsync(int fiscalYear, Viewer viewer, CancellationToken ct = default)
    {
        var figures = await annual.HandleAsync(fiscalYear, viewer, ct);
        static IReadOnlyList<StatRow> Totals(AnnualTable t) => t.Rows.Select(r => new StatRow(r.Key, r.NameJa, r.NameEn, r.Total)).ToList();
        var quarters = figures.Reports.Quarters.Select((c, i) => new StatRow($"Q{i + 1}", $"第{i + 1}四半期", $"Q{i + 1}", c)).ToList();
        return new LiaisonStatistics(fiscalYear, figures.From, figures.To, figures.Threshold, figures.Suppressed,
            figures.Reports.Total, quarters, Totals(figures.ByEventType), Totals(figures.ByCauseType), Totals(figures.BySector));
    }

    /// <summary>1 for April–June (JST), 2 for July–September, 3 for October–December, 4 for January–March.</summary>
    public static int Quarter(DateTimeOffset at) => FiscalCalendar.Quarter(at);

    /// <summary>The fiscal year a moment falls in (JST): 2025 for 2025-04-01 … 2026-03-31.</summary>
    public static int FiscalYearOf(DateTimeOffset at) => FiscalCalendar.FiscalYearOf(at);
}
