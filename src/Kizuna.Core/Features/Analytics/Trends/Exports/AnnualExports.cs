using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Kizuna.Core.Features.Analytics.Trends.Charts;
using Kizuna.Core.Features.Liaison;

namespace Kizuna.Core.Features.Analytics.Trends.Exports;

/// <summary>The file formats of the annual figures.</summary>
public static class AnnualFormats
{
    public const string Csv = "csv";
    public const string Xlsx = "xlsx";
    public const string Pdf = "pdf";
    public static readonly IReadOnlyList<string> All = [Csv, Xlsx, Pdf];

    public static string ContentType(string format) => format switch
    {
        Csv => "text/csv; charset=utf-8",
        Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/pdf",
    };
}

/// <summary>
/// The annual figures as files: CSV (UTF-8 with a byte-order mark so Excel reads Japanese), XLSX
/// (one sheet per table, counts as numbers and suppressed ones as text) and a PDF report with the
/// charts drawn as vector paths. Only what <see cref="AnnualFigures"/> holds goes in: aggregates,
/// thresholded for the viewer they were built for.
/// </summary>
public static class AnnualExports
{
    private static readonly string[] Header = ["table", "key", "name_ja", "name_en", "q1", "q2", "q3", "q4", "total"];

    public static string FileName(AnnualFigures f, string format) => $"kizuna-annual-fy{f.FiscalYear}.{format}";

    public static byte[] Render(AnnualFigures f, string format, bool english) => format switch
    {
        AnnualFormats.Csv => Csv(f),
        AnnualFormats.Xlsx => Xlsx(f),
        AnnualFormats.Pdf => Pdf(f, english),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown format."),
    };

    private static IEnumerable<AnnualRow> RowsOf(AnnualTable t) => t.Totals is null ? t.Rows : t.Rows.Append(t.Totals);

    public static byte[] Csv(AnnualFigures f)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(",", Header)).Append("\r\n");
        foreach (var table in f.Tables)
            foreach (var row in RowsOf(table))
                sb.Append(Kizuna.Core.Csv.Line(new[] { table.Key, row.Key, row.NameJa, row.NameEn }.Concat(row.Quarters.Select(c => c.Display)).Append(row.Total.Display)));
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    public static byte[] Xlsx(AnnualFigures f)
    {
        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = doc.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheets = workbook.Workbook.AppendChild(new Sheets());
            uint id = 1;
            void AddSheet(string name, IEnumerable<IEnumerable<object>> rows)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                uint r = 1;
                foreach (var values in rows)
                {
                    var row = new Row { RowIndex = r++ };
                    foreach (var v in values)
                        row.AppendChild(v is int n
                            ? new Cell { DataType = CellValues.Number, CellValue = new CellValue(n) }
                            : new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(v.ToString() ?? "")) });
                    data.AppendChild(row);
                }
                part.Worksheet = new Worksheet(data);
                sheets.AppendChild(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = name });
            }
            AddSheet("about", [
                ["年度 / Fiscal year", f.FiscalYear],
                ["期間 / Period", $"{f.From:yyyy-MM-dd} – {f.To:yyyy-MM-dd} (JST)"],
                ["秘匿 / Suppressed", f.Suppressed ? $"<{f.Threshold}: 件数が{f.Threshold}未満 / fewer than {f.Threshold}; *: 他の件数の推定を防ぐため秘匿 / hidden to protect another count" : "なし / none"],
                ["対象分野 / Sectors", f.ScopeSectors is null ? "全分野 / all" : string.Join(", ", f.ScopeSectors)],
                ["演習・訓練 / Drills and exercises", f.Drills is null ? "演習: exercises シート、訓練は調整機関のみ / exercises: the exercises sheet; drills: coordinator only" : "演習: exercises シート、訓練: drills シート / exercises: the exercises sheet; drills: the drills sheet"],
            ]);
            foreach (var table in f.Tables)
                AddSheet(table.Key, new[] { (IEnumerable<object>)Header.Skip(1) }.Concat(RowsOf(table).Select(row =>
                    new object[] { row.Key, row.NameJa, row.NameEn }.Concat(row.Quarters.Append(row.Total).Select(c => c.Value is { } n ? (object)n : c.Display)))));
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    public static byte[] Pdf(AnnualFigures f, bool en)
    {
        string T(string ja, string english) => en ? english : ja;
        var pdf = new PdfWriter();
        const double margin = 48;
        var width = PdfWriter.PageWidth - 2 * margin;
        double y = 0;
        void NewPage() { pdf.AddPage(); y = margin; }
        void Need(double height) { if (y + height > PdfWriter.PageHeight - margin) NewPage(); }

        NewPage();
        pdf.Text(margin, y + 16, 16, T($"{f.FiscalYear}年度 年次集計（情報連絡・情報提供）", $"FY{f.FiscalYear} annual figures (liaison and advisories)"));
        y += 28;
        pdf.Text(margin, y + 10, 9, T($"期間: {f.From:yyyy-MM-dd} 〜 {f.To:yyyy-MM-dd}（日本時間）", $"Period: {f.From:yyyy-MM-dd} to {f.To:yyyy-MM-dd} (JST)"), color: "#444444");
        y += 14;
        if (f.Suppressed)
        {
            pdf.Text(margin, y + 10, 9, T($"{f.Threshold}件未満は「<{f.Threshold}」、他の件数の推定を防ぐため隠した件数は「*」と表示します。",
                $"Counts below {f.Threshold} show as \"<{f.Threshold}\"; counts hidden to protect another show as \"*\"."), color: "#444444");
            y += 14;
        }
        pdf.Text(margin, y + 10, 9, T("セプター訓練の表は調整機関向けの報告にのみ含みます。", "Drills are in the coordinator's report only."), color: "#444444");
        y += 22;

        foreach (var chart in AnalyticsCharts.Annual(f, en))
        {
            Need(230);
            pdf.Chart(chart, margin, y, width, 220);
            y += 232;
        }
        foreach (var table in f.Tables)
        {
            Need(60);
            pdf.Text(margin, y + 12, 12, en ? table.TitleEn : table.TitleJa);
            y += 20;
            var columns = new[] { "1Q", "2Q", "3Q", "4Q", T("年度計", "Year") };
            void Row(string name, IReadOnlyList<string> cells, bool bold)
            {
                Need(14);
                if (bold) pdf.Rect(margin, y, width, 13, "#eeeeee");
                pdf.Text(margin + 2, y + 10, 8.5, name.Length > 40 ? name[..39] + "…" : name);
                for (var i = 0; i < cells.Count; i++) pdf.Text(margin + width - (cells.Count - 1 - i) * 48 - 4, y + 10, 8.5, cells[i], "end");
                pdf.Line(margin, y + 13, margin + width, y + 13, "#cccccc", 0.3);
                y += 13;
            }
            Row(T("区分", "Category"), columns, true);
            foreach (var row in table.Rows) Row(en ? row.NameEn : row.NameJa, row.Quarters.Append(row.Total).Select(c => c.Display).ToList(), false);
            if (table.Totals is { } totals) Row(T("合計", "Total"), totals.Quarters.Append(totals.Total).Select(c => c.Display).ToList(), true);
            y += 12;
        }
        return pdf.ToBytes(T($"{f.FiscalYear}年度 年次集計", $"FY{f.FiscalYear} annual figures"));
    }
}
