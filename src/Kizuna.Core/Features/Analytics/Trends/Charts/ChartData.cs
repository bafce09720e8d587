namespace Kizuna.Core.Features.Analytics.Trends.Charts;

/// <summary>How a chart draws its series.</summary>
public static class ChartKinds
{
    public const string Bar = "bar";
    public const string StackedBar = "stacked";
    public const string Line = "line";
}

/// <summary>One series; a null value is a suppressed count, which is not drawn.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<int?> Values);

/// <summary>
/// A chart to draw server-side (SVG on pages, vector paths in the PDF report), with its labels
/// already in the reader's language. <see cref="Description"/> is the accessible summary
/// (<c>&lt;desc&gt;</c>) and names suppressed counts when there are any.
/// </summary>
public sealed record ChartData(string Kind, string Title, string Description, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series);

/// <summary>What a chart is drawn from: rectangles, lines and text in a box whose origin is the top left.</summary>
public abstract record ChartShape;

public sealed record ChartRect(double X, double Y, double Width, double Height, string Color) : ChartShape;

public sealed record ChartLine(double X1, double Y1, double X2, double Y2, string Color, double Width) : ChartShape;

/// <summary>Text at a baseline point; <see cref="Anchor"/> is start, middle or end.</summary>
public sealed record ChartText(double X, double Y, double Size, string Text, string Anchor, string Color) : ChartShape;
