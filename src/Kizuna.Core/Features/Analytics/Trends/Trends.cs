using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Liaison;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Analytics.Trends;

/// <summary>
/// A trends question (動向): reports first submitted from <see cref="From"/> to <see cref="To"/> (JST
/// days, inclusive), bucketed <see cref="By"/> month, quarter or fiscal year, broken down by
/// <see cref="Dims"/> (comma-separated: sector, event_type, cause_type, severity), filtered to one
/// sector, event type, cause type or severity level. The range is widened to whole periods of
/// <see cref="By"/> before anything is counted (see <see cref="TrendAnswer"/>).
/// </summary>
public sealed record TrendRequest(DateOnly? From = null, DateOnly? To = null, string? By = null, string? Dims = null,
    string? Sector = null, string? EventType = null, string? CauseType = null, int? Severity = null);

/// <summary>The count of one period (and, with dimensions, one combination of their values).</summary>
public sealed record TrendCell(string Period, IReadOnlyDictionary<string, string> Keys, StatCell Count);

/// <summary>A period with its total.</summary>
public sealed record TrendPeriodTotal(string Key, string NameJa, string NameEn, StatCell Total);

/// <summary>
/// The answer: only aggregates. <see cref="Cells"/> lists the non-zero combinations (a missing one is
/// 0); <see cref="ScopeSectors"/> is null when every sector is counted. Counts are thresholded when
/// <see cref="Suppressed"/>. <see cref="From"/> and <see cref="To"/> are the range counted: the one
/// asked for, widened to whole periods of <see cref="By"/> (a question from 15 May to 20 May by month
/// counts 1–31 May), so two questions a day apart cannot be subtracted to give one day's exact count.
/// </summary>
public sealed record TrendAnswer(DateOnly From, DateOnly To, string By, IReadOnlyList<string> Dims, int Threshold, bool Suppressed,
    IReadOnlyList<string>? ScopeSectors, StatCell Total, IReadOnlyList<TrendPeriodTotal> Periods, IReadOnlyList<TrendDimension> Dimensions,
    IReadOnlyList<TrendCell> Cells, DurationDistribution TimeToReport, DurationDistribution TimeToRecover, AdvisoryReach AdvisoryReach);

/// <summary>Answers trends questions for a viewer, through its statistics scope.</summary>
public sealed class TrendsHandler(KizunaDb db, StatisticsScopes scopes, IOptions<AnalyticsOptions> options, TimeProvider clock)
{
    public const string TimeToReportBasis = "detectedAt → first submission (第1報)";
    public const string TimeToRecoverBasis = "occurredAt (or detectedAt) → recoveredAt of the latest submission";

    /// <summary>A checked question: its range (widened to whole periods), granularity, dimensions and the periods it spans.</summary>
    public sealed record Plan(DateOnly From, DateOnly To, string By, IReadOnlyList<string> Dims, IReadOnlyList<TrendPeriod> Periods, ReportFactFilter Filter);

    public async Task<TrendAnswer> HandleAsync(TrendRequest request, Viewer viewer, CancellationToken ct = default)
    {
        var plan = Check(request);
        var scope = await scopes.ForAsync(viewer, ct);
        var dimensions = await DimensionsAsync(plan.Dims, scope, ct);
        await CheckFilterAsync(plan.Filter, ct);
        var cellCount = dimensions.Aggregate((long)plan.Periods.Count, (n, d) => n * Math.Max(1, d.Values.Count));
        if (cellCount > options.Value.MaxCells)
            throw new InputException("dims", $"That question makes a table of {cellCount} cells; the limit is {options.Value.MaxCells}. Ask for a shorter range, a coarser 'by' or fewer dimensions.");

        var from = FiscalCalendar.StartOf(plan.From);
        var to = FiscalCalendar.StartOf(plan.To.AddDays(1));
        var facts = await ReportFacts.LoadAsync(db, scope, from, to, plan.Filter, withRecovery: true, ct);

        var periodTotals = Suppression.Partition(plan.Periods.Select(p => facts.Count(f => FiscalCalendar.PeriodKey(f.SubmittedAt, plan.By) == p.Key)).ToList(), scope);
        var periods = plan.Periods.Select((p, i) => new TrendPeriodTotal(p.Key, p.NameJa, p.NameEn, periodTotals[i])).ToList();
        var cells = Count(facts, plan, dimensions, scope, periodTotals);
        var timeToReport = Durations.Of(TimeToReportBasis, facts.Select(f => f.DetectedAt is { } d ? f.SubmittedAt - d : (TimeSpan?)null), scope);
        var timeToRecover = Durations.Of(TimeToRecoverBasis,
            facts.Select(f => f.RecoveredAt is { } r && (f.OccurredAt ?? f.DetectedAt) is { } start ? r - start : (TimeSpan?)null), scope);
        var reach = await AdvisoryReachCounter.CountAsync(db, viewer, scope, from, to, ct);
        return new TrendAnswer(plan.From, plan.To, plan.By, plan.Dims, scope.Threshold, scope.Suppressed, scope.Sectors?.Order(StringComparer.Ordinal).ToList(),
            scope.Cell(facts.Count), periods, dimensions, cells, timeToReport, timeToRecover, reach);
    }

    /// <summary>
    /// Checks a question against the limits (every refusal is an <see cref="InputException"/> naming the
    /// parameter), then widens its range to whole periods of its granularity: counting a part of a period
    /// would let two overlapping questions give away the count of the days between them.
    /// </summary>
    public Plan Check(TrendRequest request)
    {
        var o = options.Value;
        var today = FiscalCalendar.DayOf(clock.GetUtcNow());
        var to = request.To ?? today;
        var from = request.From ?? FiscalCalendar.FirstDay(FiscalCalendar.FiscalYearOf(FiscalCalendar.StartOf(to)));
        var by = string.IsNullOrWhiteSpace(request.By) ? TrendGranularity.Month : request.By.Trim();
        var dims = (request.Dims ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        var unknown = dims.Where(d => !TrendDimensions.All.Contains(d)).ToList();
        var check = new InputCheck()
            .That(TrendGranularity.All.Contains(by), "by", $"Unknown 'by' '{by}'; use one of {string.Join(", ", TrendGranularity.All)}.")
            .That(unknown.Count == 0, "dims", $"Unknown dimension '{string.Join("', '", unknown)}'; use {string.Join(", ", TrendDimensions.All)}.")
            .That(dims.Count <= o.MaxDimensions, "dims", $"At most {o.MaxDimensions} dimensions at once.")
            .That(from <= to, "from", "'from' is after 'to'.")
            .That(from.Year >= o.MinFiscalYear && to.Year <= o.MaxFiscalYear + 1, "from", $"Dates run from fiscal year {o.MinFiscalYear} to {o.MaxFiscalYear}.")
            .That(to.DayNumber - from.DayNumber < o.MaxRangeDays, "to", $"The range is {to.DayNumber - from.DayNumber + 1} days; the limit is {o.MaxRangeDays}.")
            .That(request.Severity is null or (>= 0 and <= 4), "severity", "Severity levels are 0–4.");
        check.ThrowIfInvalid("The trends question is invalid.");
        from = FiscalCalendar.FirstDayOfPeriod(from, by);
        to = FiscalCalendar.LastDayOfPeriod(to, by);
        return new Plan(from, to, by, dims, FiscalCalendar.Periods(from, to, by), new ReportFactFilter(request.Sector, request.EventType, request.CauseType, request.Severity));
    }

    private async Task CheckFilterAsync(ReportFactFilter filter, CancellationToken ct)
    {
        var check = new InputCheck();
        if (!string.IsNullOrEmpty(filter.Sector)) check.That(await db.Sectors.AnyAsync(s => s.Code == filter.Sector, ct), "sector", $"No sector has the code '{filter.Sector}'.");
        if (!string.IsNullOrEmpty(filter.EventType))
            check.That(await db.TaxonomyTerms.AnyAsync(t => t.Scheme == TaxonomyTerm.EventType && t.Code == filter.EventType, ct), "eventType", $"No event type has the code '{filter.EventType}'.");
        if (!string.IsNullOrEmpty(filter.CauseType))
            check.That(await db.TaxonomyTerms.AnyAsync(t => t.Scheme == TaxonomyTerm.CauseType && t.Code == filter.CauseType, ct), "causeType", $"No cause type has the code '{filter.CauseType}'.");
        check.ThrowIfInvalid("The trends question is invalid.");
    }

    /// <summary>The values of each dimension as this viewer may see them: sectors only within its scope.</summary>
    internal async Task<IReadOnlyList<TrendDimension>> DimensionsAsync(IReadOnlyList<string> dims, StatisticsScope scope, CancellationToken ct)
    {
        if (dims.Count == 0) return [];
        var terms = await db.TaxonomyTerms.AsNoTracking().Where(t => !t.IsCategory).OrderBy(t => t.SortOrder).ToListAsync(ct);
        var sectors = await db.Sectors.AsNoTracking().OrderBy(s => s.SortOrder).ToListAsync(ct);
        return dims.Select(d => new TrendDimension(d, d switch
        {
            TrendDimensions.Sector => sectors.Where(s => scope.Includes(s.Code)).Select(s => new DimensionValue(s.Code, s.NameJa, s.NameEn)).ToList(),
            TrendDimensions.EventType => terms.Where(t => t.Scheme == TaxonomyTerm.EventType).Select(t => new DimensionValue(t.Code, t.NameJa, t.NameEn)).ToList(),
            TrendDimensions.CauseType => terms.Where(t => t.Scheme == TaxonomyTerm.CauseType).Select(t => new DimensionValue(t.Code, t.NameJa, t.NameEn)).ToList(),
            _ => terms.Where(t => t.Scheme == TaxonomyTerm.Severity).Select(t => new DimensionValue(t.Code, t.NameJa, t.NameEn)).ToList(),
        })).ToList();
    }

    private static IReadOnlyList<string> ValuesOf(ReportFact f, string dimension) => dimension switch
    {
        TrendDimensions.Sector => [f.Sector],
        TrendDimensions.EventType => f.EventTypes,
        TrendDimensions.CauseType => f.CauseTypes,
        _ => [f.Severity.ToString(System.Globalization.CultureInfo.InvariantCulture)],
    };

    /// <summary>Counts per period and combination; thresholded per period, with complementary hiding when the dimensions split the reports.</summary>
    private static IReadOnlyList<TrendCell> Count(List<ReportFact> facts, Plan plan, IReadOnlyList<TrendDimension> dimensions, StatisticsScope scope, IReadOnlyList<StatCell> periodTotals)
    {
        if (dimensions.Count == 0) return [];
        var known = dimensions.Select(d => d.Values.Select(v => v.Code).ToHashSet(StringComparer.Ordinal)).ToList();
        var counts = new Dictionary<(string Period, string Combination), int>();
        foreach (var f in facts)
        {
            var period = FiscalCalendar.PeriodKey(f.SubmittedAt, plan.By);
            IEnumerable<string> combinations = [""];
            for (var i = 0; i < dimensions.Count; i++)
            {
                var values = ValuesOf(f, dimensions[i].Name).Where(known[i].Contains).Distinct(StringComparer.Ordinal).ToList();
                combinations = combinations.SelectMany(c => values.Select(v => i == 0 ? v : c + "\u001f" + v)).ToList();
            }
            foreach (var c in combinations) counts[(period, c)] = counts.GetValueOrDefault((period, c)) + 1;
        }
        // Every combination in order (the table's rows), so suppression sees the zeros and the output is stable.
        IEnumerable<string> all = [""];
        for (var i = 0; i < dimensions.Count; i++)
        {
            var index = i;
            all = all.SelectMany(c => dimensions[index].Values.Select(v => index == 0 ? v.Code : c + "\u001f" + v.Code)).ToList();
        }
        var grid = all.ToList();
        var partitions = dimensions.All(d => TrendDimensions.Partitions(d.Name));
        var cells = new List<TrendCell>();
        foreach (var (period, total) in plan.Periods.Zip(periodTotals))
        {
            var row = grid.Select(c => counts.GetValueOrDefault((period.Key, c))).ToList();
            var shown = partitions ? Suppression.Partition(row, scope) : row.Select(scope.Cell).ToList();
            // Cells that add up to a period total hidden beside them would give it back: hide them all.
            if (partitions && total.Value is null)
                shown = shown.Select(c => c.Value is null or 0 ? c : new StatCell(null, Suppression.Complementary)).ToList();
            for (var i = 0; i < grid.Count; i++)
            {
                if (row[i] == 0) continue;
                var parts = grid[i].Split('\u001f');
                cells.Add(new TrendCell(period.Key, dimensions.Select((d, j) => (d.Name, parts[j])).ToDictionary(x => x.Name, x => x.Item2), shown[i]));
            }
        }
        return cells;
    }
}
