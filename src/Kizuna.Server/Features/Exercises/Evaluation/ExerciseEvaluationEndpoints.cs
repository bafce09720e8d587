using Kizuna.Core.Errors;
using Kizuna.Core.Features.Analytics.Trends;
using Kizuna.Core.Features.Exercises.Evaluation;
using Kizuna.Server.Auth;
using Kizuna.Server.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Features.Exercises.Evaluation;

/// <summary>
/// REST for the evaluation of exercises (演習の評価): the evaluation, the live board, the after-action
/// report (JSON and PDF) and the participation statistics per fiscal year. Who sees what is decided by
/// <see cref="ExerciseEvaluationAccess"/>: the running organisation and controllers everything,
/// observers the board, a player its own results, everyone else 404.
/// </summary>
public static class ExerciseEvaluationEndpoints
{
    public static IEndpointRouteBuilder MapExerciseEvaluationEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/exercises").RequireAuthorization(Capabilities.Member).WithTags("Exercises");

        api.MapGet("/{id:guid}/evaluation", async (Guid id, ExerciseEvaluator evaluator, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await evaluator.EvaluateAsync(id, await viewers.RequireAsync(ct), ExerciseEvaluationView.Evaluation, ct)))
            .WithSummary("The evaluation of an exercise: per inject its expectations with met/missed/pending/removed per organisation and the response time; "
                + "per participant and per sector the times to acknowledge, report, relay (per hop) and answer (min, median, max in scenario minutes) and expectations met ÷ total. "
                + "Running organisation and controllers: everything; a player: its own organisation only; observers 403; everyone else 404.");

        api.MapGet("/{id:guid}/board", async (Guid id, ExerciseEvaluator evaluator, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(ExerciseBoard.From(await evaluator.EvaluateAsync(id, await viewers.RequireAsync(ct), ExerciseEvaluationView.Board, ct))))
            .WithSummary("The live board of an exercise: injects sent and pending with due and sent times, each expectation's outcome per organisation, and the counters. "
                + "Running organisation, controllers and observers: everything; a player: the injects sent to it and its own outcomes; everyone else 404.");

        api.MapGet("/{id:guid}/after-action-report", async (Guid id, AfterActionReportHandler report, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await report.HandleAsync(id, await viewers.RequireAsync(ct), ct)))
            .WithSummary("The after-action report (評価・事後報告): summary, participation (organisations and people by role and sector), the evaluation and the timeline. "
                + "Interim (summary.final=false) until the exercise ends. Same access as the evaluation.");

        api.MapGet("/{id:guid}/after-action-report.pdf", async (Guid id, string? lang, AfterActionReportHandler report, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var english = Language(lang);
                var r = await report.HandleAsync(id, await viewers.RequireAsync(ct), ct);
                return TypedResults.File(AfterActionReportPdf.Render(r, english), "application/pdf", AfterActionReportPdf.FileName(r));
            })
            .WithSummary("The after-action report as a PDF (lang=ja|en, default the UI language). Same access as the evaluation.");

        api.MapGet("/statistics", async (int? fy, ExerciseParticipationStatistics statistics, IOptions<AnalyticsOptions> options, TimeProvider clock, CancellationToken ct) =>
            {
                var year = fy ?? FiscalCalendar.FiscalYearOf(clock.GetUtcNow());
                var o = options.Value;
                if (year < o.MinFiscalYear || year > o.MaxFiscalYear)
                    throw new InputException("fy", $"'{year}' is not a fiscal year ({o.MinFiscalYear}–{o.MaxFiscalYear}).");
                return TypedResults.Ok(await statistics.HandleAsync(year, ct));
            })
            .WithSummary("Exercise participation in fiscal year fy (default this one): exercises held (running or completed, in the quarter they start), "
                + "participating organisations (once a year) and people, by role and quarter. Counts only; the same numbers as the annual figures' exercise table.");
        return app;
    }

    /// <summary>ja, en, or the UI language; anything else is a 400 naming the parameter.</summary>
    public static bool Language(string? lang) => lang switch
    {
        null or "" => UiLanguage.IsEnglish,
        "ja" => false,
        "en" => true,
        _ => throw new InputException("lang", $"Unknown language '{lang}'; use ja or en."),
    };
}
