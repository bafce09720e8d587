using System.Globalization;
using System.Text;
using Kizuna.Core.Features.Analytics.Trends.Charts;

namespace Kizuna.Core.Features.Analytics.Trends.Exports;

/// <summary>
/// A small PDF 1.7 writer for reports: A4 pages of text and vector shapes in two fonts that every
/// conforming reader supplies, so nothing is embedded: runs of printable ASCII in the standard
/// Helvetica (literal strings), everything else in the standard Japanese CID font HeiseiKakuGo-W5
/// (Adobe-Japan1, UniJIS-UCS2-H encoding, written as UTF-16 hex, BMP only). Each run advances by the
/// reader's own metrics; widths here only place centred and right-aligned text. Content streams are
/// not compressed. Coordinates are given from the top left, in points.
/// </summary>
public sealed class PdfWriter
{
    public const double PageWidth = 595.28;
    public const double PageHeight = 841.89;

    private readonly List<StringBuilder> _pages = [];
    private StringBuilder Page => _pages.Count > 0 ? _pages[^1] : throw new InvalidOperationException("Add a page first.");

    public int PageCount => _pages.Count;

    public void AddPage() => _pages.Add(new StringBuilder());

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Rgb(string hex)
    {
        var h = hex.TrimStart('#');
        double C(int i) => int.Parse(h.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
        return $"{F(C(0))} {F(C(2))} {F(C(4))}";
    }

    // Helvetica advance widths (per 1000 em) of ' ' … '~', from its AFM.
    private static readonly int[] Helvetica =
    [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    ];

    private static bool IsAscii(char c) => c is >= ' ' and <= '~';

    /// <summary>The width of a string in points at a size: Helvetica for ASCII, 1 em for everything else.</summary>
    public static double Width(string text, double size) => text.Sum(c => IsAscii(c) ? Helvetica[c - ' '] / 1000.0 : 1.0) * size;

    /// <summary>The string split into runs that are all ASCII or all not.</summary>
    private static IEnumerable<(bool Ascii, string Text)> Runs(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i < text.Length && IsAscii(text[i]) == IsAscii(text[start])) continue;
            yield return (IsAscii(text[start]), text[start..i]);
            start = i;
        }
    }

    public void Text(double x, double top, double size, string text, string anchor = "start", string color = "#000000")
    {
        var w = Width(text, size);
        var left = anchor switch { "middle" => x - w / 2, "end" => x - w, _ => x };
        if (text.Length == 0) return;
        Page.Append($"BT {Rgb(color)} rg {F(left)} {F(PageHeight - top)} Td");
        foreach (var (ascii, run) in Runs(text))
        {
            if (ascii)
            {
                Page.Append($" /F2 {F(size)} Tf (").Append(run.Replace("\\", "\\\\").Replace("(", "\\(").Replace(")", "\\)")).Append(") Tj");
                continue;
            }
            var hex = new StringBuilder(run.Length * 4);
            foreach (var c in run) hex.Append(((int)(char.IsSurrogate(c) || char.IsControl(c) ? '?' : c)).ToString("X4", CultureInfo.InvariantCulture));
            Page.Append($" /F1 {F(size)} Tf <{hex}> Tj");
        }
        Page.Append(" ET\n");
    }

    public void Rect(double x, double top, double width, double height, string fill)
        => Page.Append($"{Rgb(fill)} rg {F(x)} {F(PageHeight - top - height)} {F(width)} {F(height)} re f\n");

    public void Line(double x1, double top1, double x2, double top2, string color, double width)
        => Page.Append($"{Rgb(color)} RG {F(width)} w {F(x1)} {F(PageHeight - top1)} m {F(x2)} {F(PageHeight - top2)} l S\n");

    /// <summary>Draws a chart's shapes with its top left corner at (<paramref name="x"/>, <paramref name="top"/>).</summary>
    public void Chart(ChartData chart, double x, double top, double width, double height)
    {
        foreach (var shape in ChartLayout.Lay(chart, width, height))
        {
            switch (shape)
            {
                case ChartRect r: Rect(x + r.X, top + r.Y, r.Width, r.Height, r.Color); break;
                case ChartLine l: Line(x + l.X1, top + l.Y1, x + l.X2, top + l.Y2, l.Color, l.Width); break;
                case ChartText t: Text(x + t.X, top + t.Y, t.Size, t.Text, t.Anchor, t.Color); break;
            }
        }
    }

    /// <summary>Writes the document: header, objects, cross-reference table and trailer.</summary>
    public byte[] ToBytes(string title)
    {
        if (_pages.Count == 0) AddPage();
        var objects = new List<string>();
        int Add(string body) { objects.Add(body); return objects.Count; }
        // Fixed numbers: 1 catalog, 2 pages, 3 font, 4 CID font, 5 descriptor, 6 info, 7 Helvetica; pages from 8.
        Add("<< /Type /Catalog /Pages 2 0 R >>");
        Add(""); // pages, filled below
        Add("<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiKakuGo-W5-UniJIS-UCS2-H /Encoding /UniJIS-UCS2-H /DescendantFonts [4 0 R] >>");
        Add("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiKakuGo-W5 /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /FontDescriptor 5 0 R /DW 1000 >>");
        Add("<< /Type /FontDescriptor /FontName /HeiseiKakuGo-W5 /Flags 4 /FontBBox [-92 -250 1010 922] /ItalicAngle 0 /Ascent 752 /Descent -221 /CapHeight 737 /StemV 114 >>");
        var titleHex = string.Concat("FEFF", string.Concat(title.Select(c => ((int)c).ToString("X4", CultureInfo.InvariantCulture))));
        Add($"<< /Title <{titleHex}> /Producer (Kizuna) >>");
        Add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        var kids = new List<int>();
        foreach (var page in _pages)
        {
            var content = page.ToString();
            var contentId = Add($"<< /Length {Encoding.ASCII.GetByteCount(content)} >>\nstream\n{content}endstream");
            kids.Add(Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {F(PageWidth)} {F(PageHeight)}] /Resources << /Font << /F1 3 0 R /F2 7 0 R >> >> /Contents {contentId} 0 R >>"));
        }
        objects[1] = $"<< /Type /Pages /Kids [{string.Join(" ", kids.Select(k => $"{k} 0 R"))}] /Count {kids.Count} >>";

        using var output = new MemoryStream();
        void Write(string s) { var bytes = Encoding.ASCII.GetBytes(s); output.Write(bytes); }
        Write("%PDF-1.7\n");
        output.Write([(byte)'%', 0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n']);
        var offsets = new long[objects.Count];
        for (var i = 0; i < objects.Count; i++)
        {
            offsets[i] = output.Position;
            Write($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = output.Position;
        var table = new StringBuilder($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) table.Append(offset.ToString("D10", CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        Write(table.ToString());
        Write($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();
    }
}
