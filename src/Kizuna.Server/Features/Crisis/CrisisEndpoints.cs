using Kizuna.Core.Features.Crisis;
using Kizuna.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kizuna.Server.Features.Crisis;

/// <summary>REST for crisis mode (大規模IT障害対応時): declaration, status answers, the board, reminders, stand-down and the after-action summary.</summary>
public static class CrisisEndpoints
{
    public static IEndpointRouteBuilder MapCrisisEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/crises").RequireAuthorization(Capabilities.Member).WithTags("Crisis");

        api.MapPost("", async Task<Created<CrisisDetail>> (DeclareCrisis body, DeclareCrisisHandler declare, CrisisQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                var crisis = await declare.HandleAsync(body, viewer, ct);
                return TypedResults.Created($"/api/v1/crises/{crisis.Id}", await q.GetAsync(viewer, crisis.Id, ct));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .WithSummary("Declare a large-scale failure for sectors (and optionally regions) with a cause (coordinator analysts). Sends a status request to every operator of those sectors.");

        api.MapGet("", async (string? exercise, CrisisQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.ListAsync(await viewers.RequireAsync(ct), exercise, ct)))
            .WithSummary("Crises whose room I may enter, newest first (at most 200); exercise=include (default), exclude or only.");

        api.MapGet("/{id:guid}", async (Guid id, CrisisQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.GetAsync(await viewers.RequireAsync(ct), id, ct)))
            .WithSummary("One crisis: the declaration, counts (board readers) or my organisation's latest answers (operators asked); 404 outside the crisis room.");

        api.MapPost("/{id:guid}/status", async (Guid id, AnswerCrisisStatus body, AnswerCrisisStatusHandler answer, CrisisQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await answer.HandleAsync(id, body, viewer, ct);
                return TypedResults.Ok(await q.GetAsync(viewer, id, ct));
            })
            .WithSummary("Answer the status request for my organisation: per critical service of my sector normal/degraded/down/unknown, expected recovery, needs. A later answer replaces the earlier one (both are kept); 409 after stand-down.");

        api.MapGet("/{id:guid}/board", async (Guid id, CrisisQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.BoardAsync(await viewers.RequireAsync(ct), id, ct)))
            .WithSummary("The crisis board: sector × critical service counts over the latest answers, who has not answered, and the timeline. Coordinator, responsible ministries and the parties the cause adds.");

        api.MapPost("/{id:guid}/reminders", async (Guid id, SendCrisisReminders? body, SendCrisisRemindersHandler remind, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await remind.HandleAsync(id, body ?? new SendCrisisReminders(), await viewers.RequireAsync(ct), ct)))
            .RequireAuthorization(Capabilities.Analyst)
            .WithSummary("Remind the operators that have not answered (coordinator analysts). {\"round\": n} sends round n once; repeating it sends nothing.");

        api.MapPost("/{id:guid}/stand-down", async (Guid id, StandDownCrisisHandler standDown, CrisisQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await standDown.HandleAsync(id, viewer, ct);
                return TypedResults.Ok(await q.SummaryAsync(viewer, id, ct));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .WithSummary("Stand the crisis down (coordinator analysts) and answer the final after-action summary; 409 the second time.");

        api.MapGet("/{id:guid}/summary", async (Guid id, CrisisQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.SummaryAsync(await viewers.RequireAsync(ct), id, ct)))
            .WithSummary("The after-action summary: timeline, time to first answer per operator, median per sector, reach. Interim (final=false) while the crisis is active.");

        api.MapGet("/{id:guid}/summary.csv", async (Guid id, HttpContext http, CrisisQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var csv = await q.SummaryCsvAsync(await viewers.RequireAsync(ct), id, ct);
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"crisis-{id:N}-summary.csv\"";
                return TypedResults.Text(csv, "text/csv; charset=utf-8");
            })
            .WithSummary("The after-action summary as CSV: one row per sector (reach, median time to first answer), then one per operator.");
        return app;
    }
}
