using Kizuna.Core.Features.Liaison;

namespace Kizuna.Core.Features.Analytics.Trends.Charts;

/// <summary>The charts of the dashboard and the annual report, from the figures a viewer may see, in Japanese or English.</summary>
public static class AnalyticsCharts
{
    private static string T(bool en, string ja, string english) => en ? english : ja;

    private static string Note(bool en, bool suppressed) => suppressed
        ? T(en, "秘匿された件数（「<N」「*」）は描画していません。", "Suppressed counts (\"<N\", \"*\") are not drawn.")
        : "";

    private static readonly string[] QuarterNames = ["1Q", "2Q", "3Q", "4Q"];

    public static IReadOnlyList<ChartData> Annual(AnnualFigures f, bool en)
    {
        var quarters = QuarterNames.ToList();
        var charts = new List<ChartData>
        {
            new(ChartKinds.Bar, T(en, $"{f.FiscalYear}年度 四半期別の情報連絡件数", $"FY{f.FiscalYear} liaison reports by quarter"),
                Describe(en, f.Reports.Quarters, quarters) + Note(en, f.Suppressed), quarters,
                [new ChartSeries(T(en, "情報連絡", "Reports"), f.Reports.Quarters.Select(c => c.Value).ToList())]),
        };
        charts.Add(Stacked(en, T(en, "事象別（四半期ごと）", "By event type, per quarter"), f.ByEventType, quarters, f.Suppressed));
        var causes = f.ByCauseType.Rows.Where(r => r.Total.Value is not 0).ToList();
        charts.Add(new ChartData(ChartKinds.Bar, T(en, "原因別（年度計）", "By cause type (year)"),
            Describe(en, causes.Select(r => r.Total).ToList(), causes.Select(r => Name(en, r)).ToList()) + Note(en, f.Suppressed),
            causes.Select(r => Name(en, r)).ToList(), [new ChartSeries(T(en, "件数", "Reports"), causes.Select(r => r.Total.Value).ToList())]));
        charts.Add(Stacked(en, T(en, "発行者別の情報提供（四半期ごと）", "Advisories by publisher, per quarter"), f.Advisories, quarters, f.Suppressed));
        return charts;
    }

    public static ChartData TrendTotals(TrendAnswer t, bool en)
    {
        var names = t.Periods.Select(p => en ? p.NameEn : p.NameJa).ToList();
        return new ChartData(t.Periods.Count > 1 ? ChartKinds.Line : ChartKinds.Bar, T(en, "情報連絡件数の推移", "Liaison reports over time"),
            Describe(en, t.Periods.Select(p => p.Total).ToList(), names) + Note(en, t.Suppressed), names,
            [new ChartSeries(T(en, "件数", "Reports"), t.Periods.Select(p => p.Total.Value).ToList())]);
    }

    /// <summary>Periods stacked by the first dimension's values (only values with a count).</summary>
    public static ChartData? TrendBreakdown(TrendAnswer t, bool en)
    {
        if (t.Dimensions.Count == 0) return null;
        var dim = t.Dimensions[0];
        var byValue = t.Cells.GroupBy(c => c.Keys[dim.Name]).ToDictionary(g => g.Key, g => g.ToList());
        var series = dim.Values.Where(v => byValue.ContainsKey(v.Code)).Select(v => new ChartSeries(en ? v.NameEn : v.NameJa,
            t.Periods.Select(p => byValue[v.Code].Where(c => c.Period == p.Key).Select(c => c.Count.Value).Aggregate((int?)0, (a, b) => a is null || b is null ? null : a + b)).ToList())).ToList();
        var names = t.Periods.Select(p => en ? p.NameEn : p.NameJa).ToList();
        return new ChartData(ChartKinds.StackedBar, T(en, $"{DimensionName(dim.Name, en)}別の推移", $"Over time by {DimensionName(dim.Name, en)}"),
            T(en, $"{series.Count}系列の積み上げ棒グラフ。", $"Stacked bars of {series.Count} series.") + Note(en, t.Suppressed), names, series);
    }

    public static string DimensionName(string dim, bool en) => dim switch
    {
        TrendDimensions.Sector => T(en, "分野", "sector"),
        TrendDimensions.EventType => T(en, "事象", "event type"),
        TrendDimensions.CauseType => T(en, "原因", "cause type"),
        _ => T(en, "深刻度", "severity"),
    };

    private static ChartData Stacked(bool en, string title, AnnualTable table, IReadOnlyList<string> quarters, bool suppressed)
    {
        var rows = table.Rows.Where(r => r.Total.Value is not 0).ToList();
        return new ChartData(ChartKinds.StackedBar, title,
            T(en, $"{rows.Count}系列の積み上げ棒グラフ。", $"Stacked bars of {rows.Count} series.") + Note(en, suppressed), quarters,
            rows.Select(r => new ChartSeries(Name(en, r), r.Quarters.Select(c => c.Value).ToList())).ToList());
    }

    private static string Name(bool en, AnnualRow r) => en ? r.NameEn : r.NameJa;

    private static string Describe(bool en, IReadOnlyList<StatCell> cells, IReadOnlyList<string> names)
        => string.Join(en ? ", " : "、", cells.Select((c, i) => $"{names[i]}: {c.Display}")) + (en ? ". " : "。");
}
