using System.Globalization;

namespace Kizuna.Core.Features.Analytics.Trends.Charts;

/// <summary>
/// Lays a chart out as shapes in a width × height box: value axis with round gridlines, one band
/// per category, bars side by side, stacked, or a polyline with points, and a legend below. The
/// same shapes become SVG (<see cref="SvgChart"/>) and PDF paths, so page and report agree.
/// </summary>
public static class ChartLayout
{
    /// <summary>Series colours (colour-blind safe, Okabe–Ito).</summary>
    public static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];

    private const string Axis = "#555555";
    private const string Grid = "#dddddd";
    private const string Ink = "#222222";

    /// <summary>Approximate advance of a string in ems: full-width characters 1, others ½ (as the PDF font's widths are).</summary>
    public static double Ems(string text) => text.Sum(c => c < 0x2000 || c is >= '\uFF61' and <= '\uFFDC' ? 0.5 : 1.0);

    public static IReadOnlyList<ChartShape> Lay(ChartData chart, double width, double height)
    {
        var shapes = new List<ChartShape>();
        const double font = 10;
        var legendRows = chart.Series.Count > 1 ? (int)Math.Ceiling(chart.Series.Count / 3.0) : 0;
        double left = 44, right = 10, top = 24, bottom = 34 + legendRows * 14;
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        shapes.Add(new ChartText(left, 14, 11, chart.Title, "start", Ink));

        var stacked = chart.Kind == ChartKinds.StackedBar;
        var n = chart.Categories.Count;
        double max = 0;
        for (var c = 0; c < n; c++)
        {
            var values = chart.Series.Select(s => (double)(s.Values.ElementAtOrDefault(c) ?? 0)).ToList();
            max = Math.Max(max, stacked ? values.Sum() : values.DefaultIfEmpty(0).Max());
        }
        var step = NiceStep(max);
        var top_ = Math.Max(step, Math.Ceiling(max / step) * step);
        double Y(double v) => top + plotH - v / top_ * plotH;
        for (var v = 0.0; v <= top_ + 1e-9; v += step)
        {
            shapes.Add(new ChartLine(left, Y(v), left + plotW, Y(v), v == 0 ? Axis : Grid, v == 0 ? 1 : 0.5));
            shapes.Add(new ChartText(left - 4, Y(v) + 3.5, font - 1, v.ToString("0", CultureInfo.InvariantCulture), "end", Axis));
        }
        shapes.Add(new ChartLine(left, top, left, top + plotH, Axis, 1));
        if (n == 0) return shapes;

        var band = plotW / n;
        // Label every k-th category so labels never overlap.
        var widest = chart.Categories.Max(c => Ems(c)) * (font - 1);
        var every = Math.Max(1, (int)Math.Ceiling((widest + 4) / band));
        for (var c = 0; c < n; c++)
        {
            if (c % every != 0) continue;
            shapes.Add(new ChartText(left + band * (c + 0.5), top + plotH + 13, font - 1, chart.Categories[c], "middle", Ink));
        }

        if (chart.Kind == ChartKinds.Line)
        {
            for (var s = 0; s < chart.Series.Count; s++)
            {
                var color = Palette[s % Palette.Length];
                (double X, double Y)? previous = null;
                for (var c = 0; c < n; c++)
                {
                    if (chart.Series[s].Values.ElementAtOrDefault(c) is not { } v) { previous = null; continue; }
                    var point = (X: left + band * (c + 0.5), Y: Y(v));
                    if (previous is { } p) shapes.Add(new ChartLine(p.X, p.Y, point.X, point.Y, color, 1.5));
                    shapes.Add(new ChartRect(point.X - 2, point.Y - 2, 4, 4, color));
                    previous = point;
                }
            }
        }
        else
        {
            var inner = band * 0.7;
            var barW = stacked || chart.Series.Count == 0 ? inner : inner / chart.Series.Count;
            for (var c = 0; c < n; c++)
            {
                var x0 = left + band * c + (band - inner) / 2;
                double stack = 0;
                for (var s = 0; s < chart.Series.Count; s++)
                {
                    if (chart.Series[s].Values.ElementAtOrDefault(c) is not { } v || v == 0) continue;
                    var color = Palette[s % Palette.Length];
                    if (stacked)
                    {
                        shapes.Add(new ChartRect(x0, Y(stack + v), barW, Y(stack) - Y(stack + v), color));
                        stack += v;
                    }
                    else shapes.Add(new ChartRect(x0 + barW * s, Y(v), barW, Y(0) - Y(v), color));
                }
            }
        }

        if (legendRows > 0)
        {
            var columnW = plotW / 3;
            for (var s = 0; s < chart.Series.Count; s++)
            {
                var x = left + columnW * (s % 3);
                var y = top + plotH + 26 + s / 3 * 14;
                shapes.Add(new ChartRect(x, y - 8, 9, 9, Palette[s % Palette.Length]));
                shapes.Add(new ChartText(x + 13, y, font - 1, chart.Series[s].Name, "start", Ink));
            }
        }
        return shapes;
    }

    /// <summary>A gridline step of 1, 2 or 5 × 10^k giving about five lines.</summary>
    public static double NiceStep(double max)
    {
        if (max <= 5) return 1;
        var raw = max / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var f = raw / magnitude;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
    }
}
