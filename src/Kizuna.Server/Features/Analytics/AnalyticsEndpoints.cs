using System.Text.RegularExpressions;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Analytics.Trends;
using Kizuna.Core.Features.Analytics.Trends.Exports;
using Kizuna.Server.Auth;
using Kizuna.Server.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kizuna.Server.Features.Analytics;

/// <summary>
/// REST for trends and the annual figures (動向・年次集計) under <c>/api/v1/analytics</c>. Every answer
/// is built for the caller through its statistics scope (DisclosurePolicy.Statistics): aggregates
/// only, thresholded outside the coordinator.
/// </summary>
public static partial class AnalyticsEndpoints
{
    [GeneratedRegex(@"^(?<fy>[0-9]{1,4})(\.(?<ext>[a-z]+))?$")]
    private static partial Regex YearAndExtension();

    public static IEndpointRouteBuilder MapAnalyticsEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/analytics").RequireAuthorization(Capabilities.Member).WithTags("Analytics");

        api.MapGet("/trends", async Task<Results<Ok<TrendAnswer>, PushStreamHttpResult>> (DateOnly? from, DateOnly? to, string? by, string? dims,
                string? sector, string? eventType, string? causeType, int? severity, string? format, TrendsHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                if (format is not (null or "json" or "csv")) throw new InputException("format", $"Unknown format '{format}'; use json or csv.");
                var answer = await h.HandleAsync(new TrendRequest(from, to, by, dims, sector, eventType, causeType, severity), await viewers.RequireAsync(ct), ct);
                if (format != "csv") return TypedResults.Ok(answer);
                return TypedResults.Stream(stream => TrendsCsv.WriteAsync(answer, stream, ct), "text/csv; charset=utf-8", $"kizuna-trends-{answer.From:yyyyMMdd}-{answer.To:yyyyMMdd}.csv");
            })
            .WithSummary("Counts of submitted liaison reports by month, quarter or fiscal year (by=month|quarter|fy) × dims (sector, event_type, cause_type, severity), "
                + "time-to-report and time-to-recover distributions, advisory reach and feedback; from/to are JST days (default: this fiscal year), "
                + "widened to whole months, quarters or fiscal years of 'by' before counting; the answer's from/to are the range counted. "
                + "format=csv streams the table. Unknown dimension, absurd range or a table over Analytics:MaxCells → 400.");

        api.MapGet("/annual/{fy}", async Task<Results<Ok<AnnualFigures>, FileContentHttpResult>> (string fy, string? format, string? lang,
                AnnualFiguresHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var (year, chosen) = ParseYear(fy, format);
                var english = lang switch
                {
                    null or "" => UiLanguage.IsEnglish,
                    "ja" => false,
                    "en" => true,
                    _ => throw new InputException("lang", $"Unknown language '{lang}'; use ja or en."),
                };
                var figures = await h.HandleAsync(year, await viewers.RequireAsync(ct), ct);
                if (chosen == "json") return TypedResults.Ok(figures);
                return TypedResults.File(AnnualExports.Render(figures, chosen, english), AnnualFormats.ContentType(chosen), AnnualExports.FileName(figures, chosen));
            })
            .WithSummary("The annual figures of fiscal year {fy}: liaison reports by quarter × sector, event type and cause type, advisories issued by quarter × publisher. "
                + "As JSON, or a file: /annual/2026.csv (UTF-8 with BOM), .xlsx, .pdf (report with charts), or ?format=csv|xlsx|pdf; lang=ja|en for the PDF.");
        return app;
    }

    /// <summary>"2026", "2026.pdf" (and ?format=) → the year and the format; anything else is a 400 naming the parameter.</summary>
    public static (int Year, string Format) ParseYear(string fy, string? format)
    {
        var m = YearAndExtension().Match(fy);
        if (!m.Success) throw new InputException("fy", $"'{fy}' is not a fiscal year (e.g. 2026, 2026.csv, 2026.xlsx, 2026.pdf).");
        var ext = m.Groups["ext"].Success ? m.Groups["ext"].Value : null;
        var known = AnnualFormats.All.Append("json").ToList();
        if (ext is not null && !known.Contains(ext)) throw new InputException("fy", $"Unknown file type '.{ext}'; use .csv, .xlsx or .pdf.");
        if (format is not null && !known.Contains(format)) throw new InputException("format", $"Unknown format '{format}'; use json, csv, xlsx or pdf.");
        if (ext is not null && format is not null && ext != format) throw new InputException("format", $"The path asks for .{ext} and the query for {format}.");
        return (int.Parse(m.Groups["fy"].Value, System.Globalization.CultureInfo.InvariantCulture), ext ?? format ?? "json");
    }
}
