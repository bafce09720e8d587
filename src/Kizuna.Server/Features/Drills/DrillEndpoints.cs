using Kizuna.Core.Features.Exercises.Drills;
using Kizuna.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kizuna.Server.Features.Drills;

/// <summary>REST for drills (セプター訓練): start or schedule, list, read, acknowledge, cancel, the report (JSON and CSV) and the drill message as STIX.</summary>
public static class DrillEndpoints
{
    public static IEndpointRouteBuilder MapDrillEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/drills").RequireAuthorization(Capabilities.Member).WithTags("Drills");

        api.MapGet("", async (DrillQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.ListAsync(await viewers.RequireAsync(ct), ct)))
            .WithSummary("Drills my organisation started, or whose message reached it (the coordinator: all), newest first (at most Drills:MaxListed). " +
                         "Counts only for drills whose report I may see. Every item carries drill: true.");

        api.MapPost("", async Task<Created<DrillDetail>> (StartDrill body, StartDrillHandler start, DrillQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                var drill = await start.HandleAsync(body, viewer, ct);
                return TypedResults.Created($"/api/v1/drills/{drill.Id}", await q.GetAsync(viewer, drill.Id, ct));
            })
            .WithSummary("Start or schedule a drill. direction=down (coordinator analysts: whole chain or chosen sectors; ministry analysts: their sectors) travels the relay chain; " +
                         "direction=up (members of an operator who may report) travels the report route (route=ministry|ceptoar|coordinator). " +
                         "scheduledAt in the future schedules it (in the past → 400); durationMinutes sets the deadline (default Drills:DefaultDuration).");

        api.MapGet("/{id:guid}", async (Guid id, DrillQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.GetAsync(await viewers.RequireAsync(ct), id, ct)))
            .WithSummary("One drill: for recipients their own message and acknowledgement; for the originating organisation and the coordinator also the counts. Anyone else: 404.");

        api.MapPost("/{id:guid}/acknowledge", async (Guid id, AcknowledgeDrillHandler ack, DrillQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await ack.HandleAsync(id, viewer, DrillChannels.Api, ct);
                return TypedResults.Ok(await q.GetAsync(viewer, id, ct));
            })
            .WithSummary("Acknowledge the drill message for my organisation (for a relay: received and relayed, so it reaches the next layer). " +
                         "Once per organisation; a second call answers the recorded acknowledgement. A closed drill → 409.");

        api.MapPost("/{id:guid}/cancel", async (Guid id, CancelDrillHandler cancel, DrillQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await cancel.HandleAsync(id, viewer, ct);
                return TypedResults.Ok(await q.GetAsync(viewer, id, ct));
            })
            .WithSummary("Cancel a scheduled or running drill (the originating organisation). An ended drill → 409.");

        api.MapGet("/{id:guid}/report", async (Guid id, DrillQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.ReportAsync(await viewers.RequireAsync(ct), id, ct)))
            .WithSummary("The drill report (originating organisation and coordinator only): reachability rate (疎通確認率 = acknowledged ÷ recipients) per hop and per sector, " +
                         "time from receipt to acknowledgement per hop (min, median, max seconds), non-responders with their contacts, and the last drills of the same direction.");

        api.MapGet("/{id:guid}/report.csv", async (Guid id, DrillQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var report = await q.ReportAsync(await viewers.RequireAsync(ct), id, ct);
                return TypedResults.Stream(stream => q.WriteCsvAsync(report, stream, ct), "text/csv; charset=utf-8", $"kizuna-drill-{id:N}.csv");
            })
            .WithSummary("The drill report as CSV (UTF-8 with BOM, spreadsheet formulas defused): total, hops, sectors, non-responders and earlier drills.");

        api.MapGet("/{id:guid}/stix", async (Guid id, DrillQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Text(await q.StixAsync(await viewers.RequireAsync(ct), id, ct), "application/stix+json;version=2.1"))
            .WithSummary("The drill message as a STIX 2.1 bundle (an identity and a note labelled kizuna-drill, TLP:GREEN). Drills never enter TAXII collections.");
        return app;
    }
}
