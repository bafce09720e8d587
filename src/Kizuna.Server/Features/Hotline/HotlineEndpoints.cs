using System.Globalization;
using System.Text.Json;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Hotline;
using Kizuna.Server.Auth;
using Kizuna.Stix;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Features.Hotline;

/// <summary>REST and Server-Sent Events for the hotline (ホットライン): urgent alerts, acknowledgement, the sender's board, and the live stream.</summary>
public static class HotlineEndpoints
{
    private const int StreamBatch = 100;

    public static IEndpointRouteBuilder MapHotlineEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/hotline").RequireAuthorization(Capabilities.Member).WithTags("Hotline");

        api.MapPost("/alerts", async Task<Created<AlertDetail>> (SendHotlineAlert body, SendHotlineAlertHandler send, HotlineQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                var alert = await send.HandleAsync(body, viewer, ct);
                return TypedResults.Created($"/api/v1/hotline/alerts/{alert.Id}", await q.GetAsync(viewer, alert.Id, ct));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .WithSummary("Send an urgent alert (coordinator analysts to any audience; ministry analysts to their sectors). Every recipient organisation must acknowledge it.");

        api.MapPost("/reports", async Task<Created<AlertDetail>> (RaiseUrgentReport body, RaiseUrgentReportHandler raise, HotlineQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                var alert = await raise.HandleAsync(body, viewer, ct);
                return TypedResults.Created($"/api/v1/hotline/alerts/{alert.Id}", await q.GetAsync(viewer, alert.Id, ct));
            })
            .WithSummary("Raise a direct urgent report to the coordinator (緊急連絡（NISC直通）; members of an operator who may report). " +
                         "It goes to the coordinator and the ministries responsible today for my sectors, each of which must acknowledge it; TLP defaults to AMBER.");

        api.MapGet("/alerts", async (string? exercise, HotlineQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.ListAsync(await viewers.RequireAsync(ct), exercise, ct)))
            .WithSummary("Alerts my organisation sent or was sent, newest first (at most 200), with their direction (down: alert, up: direct urgent report); exercise=include (default), exclude or only.");

        api.MapGet("/alerts/{id:guid}", async (Guid id, HotlineQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.GetAsync(await viewers.RequireAsync(ct), id, ct)))
            .WithSummary("One alert, with my organisation's acknowledgement and what I may do.");

        api.MapPost("/alerts/{id:guid}/acknowledge", async (Guid id, AcknowledgeAlertHandler ack, HotlineQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await ack.HandleAsync(id, viewer, AcknowledgementChannels.Api, ct);
                return TypedResults.Ok(await q.GetAsync(viewer, id, ct));
            })
            .WithSummary("Acknowledge the alert for my organisation (once; a second time answers 409). Stops its escalation.");

        api.MapGet("/alerts/{id:guid}/board", async (Guid id, HotlineQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.BoardAsync(await viewers.RequireAsync(ct), id, ct)))
            .WithSummary("The sender's board: per recipient organisation its acknowledgement, escalation level and time to acknowledge; counts per sector.");

        app.MapHub<HotlineHub>(HotlineHub.Path);

        api.MapGet("/stream", StreamAsync)
            .WithMetadata(new OpenEndedStream("once=true"))
            .WithSummary("Server-Sent Events: the alerts addressed to my organisation as they are sent (event 'alert', id = the alert's sequence). " +
                         "Without Last-Event-ID it starts now; resume with the Last-Event-ID header (or ?lastEventId=, 0 for everything): alerts after it that I may see are replayed first. " +
                         "A comment line is sent as heartbeat. " +
                         "?once=true replays and ends instead of waiting.");
        return app;
    }

    private static async Task StreamAsync(HttpContext http, ViewerAccessor viewers, HotlineQueries q, HotlineStreamFeed feed, HotlineSignal signal, IOptions<HotlineOptions> options,
        TimeProvider clock, long? lastEventId, bool? once, CancellationToken ct)
    {
        var viewer = await viewers.RequireAsync(ct);
        var header = http.Request.Headers["Last-Event-ID"].ToString();
        long? resume = lastEventId;
        if (header.Length > 0)
        {
            if (!long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                throw new InputException("Last-Event-ID", "Last-Event-ID must be the id of an event this stream sent (a non-negative number).");
            resume = parsed;
        }
        if (resume < 0) throw new InputException("lastEventId", "lastEventId must not be negative.");
        // A new subscription starts now; a resumed one replays what came after the last event it saw.
        var last = resume ?? await q.LatestSequenceAsync(ct);

        http.Response.ContentType = "text/event-stream; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await http.Response.WriteAsync("retry: 5000\n\n", ct);
            // Take the wake-up before reading, so an alert committed in between is never missed.
            var wake = signal.Next;
            if (resume is not null || once == true)
            {
                // The replay reads for this viewer alone, as far back as it asks.
                IReadOnlyList<AlertSummary> batch;
                do
                {
                    batch = await q.AddressedAfterAsync(viewer, last, StreamBatch, ct);
                    var messages = await q.MessagesAsync(viewer, batch.Select(a => a.Id).ToList(), ct);
                    foreach (var a in batch)
                    {
                        await WriteAlertAsync(http, LiveAlert.From(a, messages.GetValueOrDefault(a.Id, "")), ct);
                        last = a.Sequence;
                    }
                } while (batch.Count == StreamBatch);
                await http.Response.Body.FlushAsync(ct);
                if (once == true) return;
            }
            while (true)
            {
                // Live: one read per node and wake-up, shared by every stream (HotlineStreamFeed), filtered here for this viewer by the policy.
                FeedBatch read;
                do
                {
                    read = await feed.AfterAsync(last, wake, ct);
                    foreach (var a in read.For(viewer, last))
                        await WriteAlertAsync(http, new LiveAlert(a.Alert.Id, a.Alert.Sequence, "down", a.Alert.Class, a.Alert.Severity, TlpMarkings.Label(a.Alert.Distribution.Tlp),
                            a.Alert.Title, a.Alert.Message, a.SenderCode, a.Alert.CreatedAt, $"/hotline/{a.Alert.Id}", a.Exercise), ct);
                    // Alerts of the read not for this viewer are passed over too.
                    last = Math.Max(last, read.LastSequence);
                } while (read.Truncated);
                await http.Response.Body.FlushAsync(ct);
                // The heartbeat also re-reads the database: alerts sent on another node arrive at the latest then.
                var heartbeat = Task.Delay(options.Value.StreamHeartbeat, clock, ct);
                if (await Task.WhenAny(wake, heartbeat) == heartbeat)
                {
                    await heartbeat;
                    await http.Response.WriteAsync(": heartbeat\n\n", ct);
                }
                wake = signal.Next;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task WriteAlertAsync(HttpContext http, LiveAlert alert, CancellationToken ct)
    {
        var data = JsonSerializer.Serialize(alert, Kizuna.Core.Features.Delivery.OutboxMessage.PayloadJson);
        await http.Response.WriteAsync($"id: {alert.Sequence}\nevent: alert\ndata: {data}\n\n", ct);
    }
}

/// <summary>
/// Marks an endpoint whose answer does not end by itself (a live stream). Route walks (the leak
/// hunt, the endpoint rules) request it with <see cref="FiniteQuery"/>, which makes it answer what
/// it has and end, so the walk still reads and checks its content.
/// </summary>
public sealed record OpenEndedStream(string FiniteQuery);
