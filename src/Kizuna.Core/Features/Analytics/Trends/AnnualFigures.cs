using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Liaison;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Analytics.Trends;

/// <summary>One row of an annual table: a count per quarter (1Q = April–June) and for the year.</summary>
public sealed record AnnualRow(string Key, string NameJa, string NameEn, IReadOnlyList<StatCell> Quarters, StatCell Total);

/// <summary>
/// One of the coordinator's yearly tables. <see cref="Totals"/> is the row of column totals when the
/// rows split the counted items (sectors, publishers), null when an item counts in several rows
/// (event and cause types).
/// </summary>
public sealed record AnnualTable(string Key, string TitleJa, string TitleEn, IReadOnlyList<AnnualRow> Rows, AnnualRow? Totals);

/// <summary>
/// The annual figures (年次集計) for one fiscal year (April–March, JST): liaison reports by quarter and
/// sector, by quarter and event type, by quarter and cause type, and advisories (情報提供) issued by
/// quarter and kind of publisher; for the coordinator also the drills (<see cref="Drills"/>,
/// セプター訓練). Thresholded for everyone but the coordinator (<see cref="Suppressed"/>).
/// <see cref="Exercises"/> is the exercise participation (演習参加状況: exercises held, organisations, people
/// by role; counts about the exercises themselves, never thresholded, never the exercises' data).
/// </summary>
public sealed record AnnualFigures(int FiscalYear, DateOnly From, DateOnly To, int Threshold, bool Suppressed, IReadOnlyList<string>? ScopeSectors,
    AnnualTable BySector, AnnualTable ByEventType, AnnualTable ByCauseType, AnnualTable Advisories, AnnualTable Exercises)
{
    /// <summary>All reports counted, per quarter and for the year (the sector table's totals).</summary>
    public AnnualRow Reports => BySector.Totals!;

    /// <summary>Drills by quarter (coordinator only, else null): <see cref="Exercises.Drills.DrillFigures"/>.</summary>
    public AnnualTable? Drills { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<AnnualTable> Tables => Drills is null ? [BySector, ByEventType, ByCauseType, Advisories, Exercises] : [BySector, ByEventType, ByCauseType, Advisories, Exercises, Drills];
}

public static class AnnualTables
{
    public const string Sector = "sector";
    public const string EventType = "event_type";
    public const string CauseType = "cause_type";
    public const string Advisories = "advisories";
    public const string Exercises = "exercises";
}

/// <summary>Builds the annual figures for a viewer, through its statistics scope: the one place liaison counts per year are made.</summary>
public sealed class AnnualFiguresHandler(KizunaDb db, StatisticsScopes scopes, IOptions<AnalyticsOptions> options, Exercises.Evaluation.ExerciseParticipationStatistics exercises)
{
    private static readonly string[] PublisherKinds =
    [
        OrganizationKinds.Coordinator, OrganizationKinds.Ministry, OrganizationKinds.Ceptoar, OrganizationKinds.CeptoarCouncil,
        OrganizationKinds.SecurityBody, OrganizationKinds.CyberMinistry, OrganizationKinds.IncidentAgency, OrganizationKinds.DisasterMinistry,
        OrganizationKinds.Operator, OrganizationKinds.Peripheral, OrganizationKinds.OverseasPartner,
    ];

    public void CheckYear(int fiscalYear)
    {
        var o = options.Value;
        if (fiscalYear < o.MinFiscalYear || fiscalYear > o.MaxFiscalYear)
            throw new InputException("fy", $"'{fiscalYear}' is not a fiscal year ({o.MinFiscalYear}–{o.MaxFiscalYear}).");
    }

    public async Task<AnnualFigures> HandleAsync(int fiscalYear, Viewer viewer, CancellationToken ct = default)
    {
        CheckYear(fiscalYear);
        var scope = await scopes.ForAsync(viewer, ct);
        var first = FiscalCalendar.FirstDay(fiscalYear);
        var last = FiscalCalendar.LastDay(fiscalYear);
        var from = FiscalCalendar.StartOf(first);
        var to = FiscalCalendar.StartOf(last.AddDays(1));
        // Only aggregates leave this method: the facts carry no identity and are dropped after counting.
        var facts = await ReportFacts.LoadAsync(db, scope, from, to, new ReportFactFilter(), withRecovery: false, ct);
        var terms = await db.TaxonomyTerms.AsNoTracking().Where(t => !t.IsCategory).OrderBy(t => t.SortOrder).ToListAsync(ct);
        var sectors = await db.Sectors.AsNoTracking().OrderBy(s => s.SortOrder).ToListAsync(ct);

        var bySector = Table(AnnualTables.Sector, "分野別・四半期別の情報連絡件数", "Liaison reports by sector and quarter",
            sectors.Where(s => scope.Includes(s.Code)).Select(s => (s.Code, s.NameJa, s.NameEn)).ToList(),
            facts.Select(f => (Quarter: FiscalCalendar.Quarter(f.SubmittedAt), Rows: (IReadOnlyList<string>)[f.Sector])), partition: true, scope);
        var byEvent = Table(AnnualTables.EventType, "事象別・四半期別の情報連絡件数", "Liaison reports by event type and quarter",
            terms.Where(t => t.Scheme == TaxonomyTerm.EventType).Select(t => (t.Code, t.NameJa, t.NameEn)).ToList(),
            facts.Select(f => (FiscalCalendar.Quarter(f.SubmittedAt), f.EventTypes)), partition: false, scope);
        var byCause = Table(AnnualTables.CauseType, "原因別・四半期別の情報連絡件数", "Liaison reports by cause type and quarter",
            terms.Where(t => t.Scheme == TaxonomyTerm.CauseType).Select(t => (t.Code, t.NameJa, t.NameEn)).ToList(),
            facts.Select(f => (FiscalCalendar.Quarter(f.SubmittedAt), f.CauseTypes)), partition: false, scope);

        var advisories = await AnalyticsSource.Advisories(db, viewer).Where(a => a.PublishedAt >= from && a.PublishedAt < to)
            .Join(db.Organizations.AsNoTracking(), a => a.Distribution.OwnerOrganizationId, o => o.Id, (a, o) => new { a.PublishedAt, o.Kind })
            .ToListAsync(ct);
        var byKind = Table(AnnualTables.Advisories, "発行者別・四半期別の情報提供件数", "Advisories issued by kind of publisher and quarter",
            PublisherKinds.Select(k => (k, KindName(k).Ja, KindName(k).En)).ToList(),
            advisories.Select(a => (FiscalCalendar.Quarter(a.PublishedAt!.Value), (IReadOnlyList<string>)[a.Kind])), partition: true, scope);

        return new AnnualFigures(fiscalYear, first, last, scope.Threshold, scope.Suppressed, scope.Sectors?.Order(StringComparer.Ordinal).ToList(),
            bySector, byEvent, byCause, byKind, Exercises.Evaluation.ExerciseParticipationStatistics.Table(await exercises.HandleAsync(fiscalYear, ct)))
            { Drills = await Exercises.Drills.DrillFigures.TableAsync(db, scope, from, to, ct) };
    }

    /// <summary>
    /// Counts items into rows × quarters. With <paramref name="partition"/> every item is in one row,
    /// so a totals row is added and both rows and columns add up; otherwise only each row adds up to its year.
    /// </summary>
    private static AnnualTable Table(string key, string titleJa, string titleEn, IReadOnlyList<(string Code, string Ja, string En)> rows,
        IEnumerable<(int Quarter, IReadOnlyList<string> Rows)> items, bool partition, StatisticsScope scope)
    {
        var index = rows.Select((r, i) => (r.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        var lines = rows.Count + (partition ? 1 : 0);
        var values = new int[lines * 5];
        foreach (var (quarter, codes) in items)
        {
            if (partition) { values[rows.Count * 5 + quarter - 1]++; values[rows.Count * 5 + 4]++; }
            foreach (var code in codes.Distinct(StringComparer.Ordinal))
            {
                if (!index.TryGetValue(code, out var r)) continue;
                values[r * 5 + quarter - 1]++;
                values[r * 5 + 4]++;
            }
        }
        var grid = new SuppressedGrid(values);
        for (var r = 0; r < lines; r++) grid.AddEquation([r * 5, r * 5 + 1, r * 5 + 2, r * 5 + 3], r * 5 + 4);
        if (partition)
            for (var c = 0; c < 5; c++) grid.AddEquation(Enumerable.Range(0, rows.Count).Select(r => r * 5 + c).ToArray(), rows.Count * 5 + c);
        var cells = grid.Cells(scope);
        AnnualRow Row(int r, string code, string ja, string en) => new(code, ja, en, cells.Skip(r * 5).Take(4).ToList(), cells[r * 5 + 4]);
        var shown = rows.Select((row, r) => Row(r, row.Code, row.Ja, row.En)).ToList();
        return new AnnualTable(key, titleJa, titleEn, shown, partition ? Row(rows.Count, "total", "合計", "Total") : null);
    }

    private static (string Ja, string En) KindName(string kind) => kind switch
    {
        OrganizationKinds.Coordinator => ("調整機関（NISC）", "Coordinator"),
        OrganizationKinds.Ministry => ("重要インフラ所管省庁", "Sector ministries"),
        OrganizationKinds.Ceptoar => ("セプター", "CEPTOARs"),
        OrganizationKinds.CeptoarCouncil => ("セプターカウンシル", "CEPTOAR Council"),
        OrganizationKinds.SecurityBody => ("情報セキュリティ関係機関", "Security bodies"),
        OrganizationKinds.CyberMinistry => ("サイバー関係省庁", "Cyber-related ministries"),
        OrganizationKinds.IncidentAgency => ("事案対処省庁", "Incident-handling agencies"),
        OrganizationKinds.DisasterMinistry => ("防災関係府省庁", "Disaster-management ministries"),
        OrganizationKinds.Operator => ("重要インフラ事業者等", "Operators"),
        OrganizationKinds.Peripheral => ("周辺事業者等", "Peripheral members"),
        _ => ("海外パートナー", "Overseas partners"),
    };
}
