using System.Globalization;
using System.Net;
using System.Text;

namespace Kizuna.Core.Features.Analytics.Trends.Charts;

/// <summary>Renders a chart as inline SVG with a <c>&lt;title&gt;</c> and <c>&lt;desc&gt;</c> for screen readers; no script.</summary>
public static class SvgChart
{
    public static string Render(ChartData chart, string id, double width = 640, double height = 280)
    {
        static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        static string E(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"{E(id)}\" data-kind=\"{E(chart.Kind)}\" viewBox=\"0 0 {F(width)} {F(height)}\" width=\"{F(width)}\" height=\"{F(height)}\" role=\"img\" aria-labelledby=\"{E(id)}-title {E(id)}-desc\">");
        sb.Append($"<title id=\"{E(id)}-title\">{E(chart.Title)}</title><desc id=\"{E(id)}-desc\">{E(chart.Description)}</desc>");
        sb.Append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        foreach (var shape in ChartLayout.Lay(chart, width, height))
        {
            switch (shape)
            {
                case ChartRect r:
                    sb.Append($"<rect x=\"{F(r.X)}\" y=\"{F(r.Y)}\" width=\"{F(r.Width)}\" height=\"{F(r.Height)}\" fill=\"{r.Color}\"/>");
                    break;
                case ChartLine l:
                    sb.Append($"<line x1=\"{F(l.X1)}\" y1=\"{F(l.Y1)}\" x2=\"{F(l.X2)}\" y2=\"{F(l.Y2)}\" stroke=\"{l.Color}\" stroke-width=\"{F(l.Width)}\"/>");
                    break;
                case ChartText t:
                    sb.Append($"<text x=\"{F(t.X)}\" y=\"{F(t.Y)}\" font-size=\"{F(t.Size)}\" text-anchor=\"{t.Anchor}\" fill=\"{t.Color}\" font-family=\"'Noto Sans CJK JP', 'Hiragino Sans', Meiryo, sans-serif\">{E(t.Text)}</text>");
                    break;
            }
        }
        sb.Append("</svg>");
        return sb.ToString();
    }
}
