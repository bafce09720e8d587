using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Kizuna.Server.Tests.Analytics;

/// <summary>Opens the annual exports the way their readers would, and fails on a malformed file.</summary>
public static partial class ExportFiles
{
    /// <summary>Every sheet of an XLSX (opened with the Open XML SDK): name → rows of cell texts (numbers as digits).</summary>
    public static Dictionary<string, List<List<string>>> Xlsx(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var doc = SpreadsheetDocument.Open(stream, false);
        var book = doc.WorkbookPart!;
        var result = new Dictionary<string, List<List<string>>>();
        foreach (var sheet in book.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)book.GetPartById(sheet.Id!.Value!);
            result[sheet.Name!.Value!] = part.Worksheet.Descendants<Row>()
                .Select(r => r.Elements<Cell>().Select(c => c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "").ToList())
                .ToList();
        }
        return result;
    }

    /// <summary>
    /// Checks a PDF's structure (header, every cross-reference entry pointing at its object,
    /// startxref at the table, trailer, end marker) and returns the text of its content streams
    /// decoded from the UTF-16 hex strings the writer uses.
    /// </summary>
    public static string Pdf(byte[] bytes)
    {
        var raw = Encoding.Latin1.GetString(bytes);
        Assert.StartsWith("%PDF-1.", raw);
        Assert.EndsWith("%%EOF\n", raw);
        var startxref = int.Parse(StartXref().Match(raw).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.StartsWith("xref\n", raw[startxref..]);
        var header = XrefHeader().Match(raw, startxref + "xref\n".Length);
        Assert.True(header.Success, "The cross-reference table has no subsection header.");
        var count = int.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture);
        var entries = XrefEntry().Matches(raw, header.Index + header.Length).Take(count).ToList();
        Assert.Equal(count, entries.Count);
        for (var i = 1; i < count; i++)
        {
            var offset = int.Parse(entries[i].Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.StartsWith($"{i} 0 obj", raw[offset..]);
        }
        Assert.Contains($"/Size {count}", raw);
        Assert.Contains("/Type /Catalog", raw);
        // Each text object is one line: BT … (ascii) Tj … <utf-16 hex> Tj … ET.
        var text = new StringBuilder();
        foreach (var line in raw.Split('\n').Where(l => l.StartsWith("BT ", StringComparison.Ordinal)))
        {
            foreach (Match m in TextRun().Matches(line))
            {
                if (m.Groups["hex"].Success)
                {
                    var hex = m.Groups["hex"].Value;
                    for (var i = 0; i + 4 <= hex.Length; i += 4) text.Append((char)int.Parse(hex.AsSpan(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
                else text.Append(Regex.Replace(m.Groups["lit"].Value, @"\\(.)", "$1"));
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A UTF-8 CSV with its byte-order mark, split into lines of fields (no quoted commas in these files).</summary>
    public static List<string[]> Csv(byte[] bytes)
    {
        Assert.True(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "The CSV has no UTF-8 byte-order mark.");
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
    }

    [GeneratedRegex(@"startxref\n(\d+)\n%%EOF\n$")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"\G0 (\d+)\n")]
    private static partial Regex XrefHeader();

    [GeneratedRegex(@"(\d{10}) \d{5} [nf] \n")]
    private static partial Regex XrefEntry();

    [GeneratedRegex(@"<(?<hex>[0-9A-F]+)> Tj|\((?<lit>(?:\\.|[^\\)])*)\) Tj")]
    private static partial Regex TextRun();
}
