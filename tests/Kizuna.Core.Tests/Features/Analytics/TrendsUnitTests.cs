using System.Text;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Analytics.Trends;
using Kizuna.Core.Features.Analytics.Trends.Charts;
using Kizuna.Core.Features.Analytics.Trends.Exports;
using Kizuna.Core.Features.Directory;

namespace Kizuna.Core.Tests.Features.Analytics;

/// <summary>The pure parts of trends: the statistics rule, suppression, the fiscal calendar, charts and the PDF writer.</summary>
public sealed class TrendsUnitTests
{
    private static readonly StatisticsScope Thresholded = new(new HashSet<string> { "finance" }, true, 3);
    private static readonly StatisticsScope Exact = new(null, false, 3);

    private static Viewer Of(string kind, params string[] sectors) => Viewer.ForOrganization(Guid.NewGuid(), "X", kind, sectors, null);

    [Fact]
    public void Statistics_ByKindOfOrganisation_CoordinatorAllExactOthersOwnSectorsThresholded()
    {
        var coordinator = DisclosurePolicy.Statistics(Of(OrganizationKinds.Coordinator), new HashSet<string>(), 3);
        Assert.True(coordinator.AllSectors);
        Assert.False(coordinator.Suppressed);
        Assert.True(DisclosurePolicy.Statistics(Viewer.System, new HashSet<string>(), 3).AllSectors);

        var ministry = DisclosurePolicy.Statistics(Of(OrganizationKinds.Ministry), new HashSet<string> { "finance", "credit" }, 3);
        Assert.Equal(["credit", "finance"], ministry.Sectors!.Order());
        Assert.True(ministry.Suppressed);

        var operatorScope = DisclosurePolicy.Statistics(Of(OrganizationKinds.Operator, "water"), new HashSet<string> { "finance" }, 5);
        Assert.Equal(["water"], operatorScope.Sectors!);
        Assert.True(operatorScope.Suppressed);
        Assert.Equal("<5", operatorScope.Cell(4).Display);
        Assert.Equal("5", operatorScope.Cell(5).Display);
        Assert.Equal("0", operatorScope.Cell(0).Display);
        Assert.Empty(DisclosurePolicy.Statistics(Of(OrganizationKinds.SecurityBody), new HashSet<string>(), 3).Sectors!);
    }

    [Fact]
    public void Partition_OneSmallCount_HidesAPartnerSoTheTotalGivesNothingAway()
    {
        var cells = Suppression.Partition([1, 7, 9, 0], Thresholded);
        Assert.Equal(["<3", "*", "9", "0"], cells.Select(c => c.Display));
        Assert.Null(cells[1].Value);
        Assert.Equal(["1", "7", "9", "0"], Suppression.Partition([1, 7, 9, 0], Exact).Select(c => c.Display));
    }

    [Fact]
    public void Partition_TwoSmallCountsAddingBelowThreshold_HidesMore()
    {
        // 1 + 1 = 2 < 3: the total minus the rest would say "two ones".
        Assert.Equal(["<3", "<3", "*", "8"], Suppression.Partition([1, 1, 4, 8], Thresholded).Select(c => c.Display));
        Assert.Equal(["<3", "<3", "4"], Suppression.Partition([2, 2, 4], Thresholded).Select(c => c.Display));
    }

    [Fact]
    public void Grid_RowsAndColumnsAddUp_NoHiddenCellIsTheOnlyUnknownOfAnEquation()
    {
        // Two rows × two quarters with row totals, and a totals row.
        int[] values = [1, 5, 6, 4, 4, 8, 5, 9, 14];
        var grid = new SuppressedGrid(values);
        for (var r = 0; r < 3; r++) grid.AddEquation([r * 3, r * 3 + 1], r * 3 + 2);
        for (var c = 0; c < 3; c++) grid.AddEquation([c, 3 + c], 6 + c);
        var cells = grid.Cells(Thresholded);
        var hidden = cells.Select(c => c.Value is null).ToArray();
        Assert.True(hidden[0]);
        int[][] equations = [[0, 1, 2], [3, 4, 5], [6, 7, 8], [0, 3, 6], [1, 4, 7], [2, 5, 8]];
        Assert.All(equations, e => Assert.NotEqual(1, e.Count(i => hidden[i])));
    }

    [Theory]
    [InlineData("2026-04-01", "2026-06-30", "quarter", "FY2026-Q1")]
    [InlineData("2026-03-15", "2026-04-02", "month", "2026-03,2026-04")]
    [InlineData("2025-12-01", "2026-07-01", "quarter", "FY2025-Q3,FY2025-Q4,FY2026-Q1,FY2026-Q2")]
    [InlineData("2024-04-01", "2026-03-31", "fy", "FY2024,FY2025")]
    public void Periods_Range_EveryPeriodOnceInOrder(string from, string to, string by, string expected)
        => Assert.Equal(expected.Split(','), FiscalCalendar.Periods(DateOnly.Parse(from), DateOnly.Parse(to), by).Select(p => p.Key));

    [Theory]
    [InlineData("2026-05-15", "month", "2026-05-01", "2026-05-31")]
    [InlineData("2028-02-10", "month", "2028-02-01", "2028-02-29")]
    [InlineData("2026-05-15", "quarter", "2026-04-01", "2026-06-30")]
    [InlineData("2026-03-31", "quarter", "2026-01-01", "2026-03-31")]
    [InlineData("2026-12-01", "quarter", "2026-10-01", "2026-12-31")]
    [InlineData("2026-03-31", "fy", "2025-04-01", "2026-03-31")]
    [InlineData("2026-04-01", "fy", "2026-04-01", "2027-03-31")]
    public void PeriodBounds_AnyDay_WholeMonthQuarterOrFiscalYear(string day, string by, string first, string last)
    {
        Assert.Equal(DateOnly.Parse(first), FiscalCalendar.FirstDayOfPeriod(DateOnly.Parse(day), by));
        Assert.Equal(DateOnly.Parse(last), FiscalCalendar.LastDayOfPeriod(DateOnly.Parse(day), by));
    }

    [Fact]
    public void PeriodKey_MomentNearMidnightUtc_CountsInItsJapaneseDay()
        => Assert.Equal("2026-04", FiscalCalendar.PeriodKey(DateTimeOffset.Parse("2026-03-31T15:30:00Z"), TrendGranularity.Month));

    [Fact]
    public void Svg_Chart_HasTitleDescriptionAndEncodedLabels()
    {
        var chart = new ChartData(ChartKinds.StackedBar, "情報連絡 <件数>", "desc & more", ["1Q", "2Q"], [new("金融", [3, null]), new("電力", [1, 2])]);
        var svg = SvgChart.Render(chart, "c1");
        Assert.StartsWith("<svg", svg);
        Assert.Contains("<title id=\"c1-title\">情報連絡 &lt;件数&gt;</title>", svg);
        Assert.Contains("<desc id=\"c1-desc\">desc &amp; more</desc>", svg);
        Assert.Contains(">金融</text>", svg);
        Assert.DoesNotContain("<script", svg);
        // Three drawn bars (the suppressed value is not drawn) plus two legend swatches and the background.
        Assert.Equal(6, svg.Split("<rect").Length - 1);
    }

    [Fact]
    public void Pdf_Writer_XrefPointsAtEveryObjectAndTextIsUtf16Hex()
    {
        var pdf = new PdfWriter();
        pdf.AddPage();
        pdf.Text(50, 50, 12, "年次 FY2026");
        pdf.Text(50, 80, 12, "a(b)\\c", "end");
        pdf.AddPage();
        pdf.Chart(new ChartData(ChartKinds.Line, "t", "d", ["a", "b"], [new("s", [1, 2])]), 50, 50, 400, 200);
        var raw = Encoding.Latin1.GetString(pdf.ToBytes("年次"));
        Assert.StartsWith("%PDF-1.7\n", raw);
        Assert.Contains("/F1 12 Tf <5E746B21> Tj /F2 12 Tf ( FY2026) Tj", raw);
        Assert.Contains(@"(a\(b\)\\c) Tj", raw);
        Assert.Contains("/Count 2", raw);
        var xref = int.Parse(raw[(raw.LastIndexOf("startxref\n", StringComparison.Ordinal) + 10)..].Split('\n')[0]);
        var lines = raw[xref..].Split('\n');
        Assert.Equal("xref", lines[0]);
        var count = int.Parse(lines[1].Split(' ')[1]);
        for (var i = 1; i < count; i++)
            Assert.StartsWith($"{i} 0 obj", raw[int.Parse(lines[2 + i][..10])..]);
    }

    [Theory]
    [InlineData("=SUM(A1)", "'=SUM(A1)")]
    [InlineData("+81-3-5555", "'+81-3-5555")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("-1+2", "'-1+2")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("-3", "-3")]
    [InlineData("-1.5", "-1.5")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("<3", "<3")]
    [InlineData("", "")]
    public void CsvField_FormulaOrComma_IsDefused(string value, string expected)
        => Assert.Equal(expected, Csv.Field(value));
}
