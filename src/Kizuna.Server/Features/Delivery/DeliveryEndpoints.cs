using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Paging;
using Kizuna.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kizuna.Server.Features.Delivery;

/// <summary>REST for delivery settings and webhooks (配信設定) and, for platform admins, the outbox (配信キュー).</summary>
public static class DeliveryEndpoints
{
    public static IEndpointRouteBuilder MapDeliveryEndpoints(this IEndpointRouteBuilder app)
    {
        var org = app.MapGroup("/api/v1/organizations/{code}").RequireAuthorization(Capabilities.OrgAdmin).WithTags("Delivery");

        org.MapGet("/delivery", async (string code, GetDeliverySettingsHandler h, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await h.HandleAsync(code, await viewers.RequireAsync(ct), ct)))
            .WithSummary("The organisation's delivery settings and webhooks, secrets included (its org admins and platform admins).");

        org.MapPut("/delivery", async Task<NoContent> (string code, UpdateDeliverySettings body, UpdateDeliverySettingsHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                await h.HandleAsync(code, body, await viewers.RequireAsync(ct), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Replace the delivery settings: channels, up to 10 extra e-mail addresses, quiet hours (HH:mm, Asia/Tokyo), relay mode (automatic or manual).");

        org.MapPost("/delivery/test", async Task<Accepted<TestDeliveryResult>> (string code, SendTestDeliveryHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var result = await h.HandleAsync(code, await viewers.RequireAsync(ct), ct);
                return TypedResults.Accepted((string?)null, result);
            })
            .WithSummary("Queue a test e-mail to me and a delivery.test event to each enabled webhook.");

        org.MapGet("/webhooks", async (string code, GetDeliverySettingsHandler h, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok((await h.HandleAsync(code, await viewers.RequireAsync(ct), ct)).Webhooks))
            .WithSummary("The organisation's webhooks, secrets included.");

        org.MapPost("/webhooks", async Task<Created<WebhookView>> (string code, AddWebhook body, AddWebhookHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var hook = await h.HandleAsync(code, body, await viewers.RequireAsync(ct), ct);
                return TypedResults.Created($"/api/v1/organizations/{Uri.EscapeDataString(code)}/webhooks/{hook.Id}", hook);
            })
            .WithSummary($"Register a webhook (absolute http/https URL of at most {OrganizationWebhook.MaxUrlLength} characters, public address; at most {OrganizationWebhook.MaxPerOrganization} per organisation). The answer carries the signing secret.");

        org.MapDelete("/webhooks/{id:guid}", async Task<NoContent> (string code, Guid id, RemoveWebhookHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                await h.HandleAsync(code, id, await viewers.RequireAsync(ct), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Remove a webhook; events still queued for it are dropped as dead.");

        org.MapPost("/webhooks/{id:guid}/rotate-secret", async Task<Ok<WebhookView>> (string code, Guid id, RotateWebhookSecretHandler h, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await h.HandleAsync(code, id, await viewers.RequireAsync(ct), ct)))
            .WithSummary("Replace a webhook's signing secret; the answer carries the new one.");

        var admin = app.MapGroup("/api/v1/admin/outbox").RequireAuthorization(Capabilities.PlatformAdmin).WithTags("Delivery");

        admin.MapGet("/", async (OutboxQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.SummaryAsync(await viewers.RequireAsync(ct), ct)))
            .WithSummary("Outbox counts by channel and status, due now, oldest pending (platform admins).");

        admin.MapGet("/dead", async (int? page, int? pageSize, OutboxQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.DeadAsync(await viewers.RequireAsync(ct), PageRequest.From(page, pageSize), ct)))
            .WithSummary("Dead letters, newest first, with the last error (platform admins).");

        admin.MapPost("/{id:guid}/replay", async Task<NoContent> (Guid id, ReplayOutboxMessageHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                await h.HandleAsync(id, await viewers.RequireAsync(ct), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Send a dead message again: pending, due now, attempts reset (platform admins; audited).");
        return app;
    }
}
