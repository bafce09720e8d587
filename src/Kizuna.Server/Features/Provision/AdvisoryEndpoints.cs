using Kizuna.Core.Data;
using Kizuna.Core.Features.Provision;
using Kizuna.Core.Paging;
using Kizuna.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kizuna.Server.Features.Provision;

/// <summary>REST for advisories (情報提供): drafts, "who will see this?", publication, relay, corrections, withdrawal, acknowledgement, feedback, reach.</summary>
public static class AdvisoryEndpoints
{
    public static IEndpointRouteBuilder MapAdvisoryEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/advisories").RequireAuthorization(Capabilities.Member).WithTags("Provision");

        api.MapGet("/", async (string? box, int? page, int? pageSize, string? exercise, AdvisoryQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.ListAsync(await viewers.RequireAsync(ct), box ?? AdvisoryBoxes.Inbox, PageRequest.From(page, pageSize), exercise, ct)))
            .WithSummary("Advisories: box=inbox (reached my organisation, default), sent (my organisation's, drafts included) or all (every one I may read); exercise=include (default), exclude or only; newest first.");

        api.MapGet("/unread", async (AdvisoryQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(new UnreadCount(await q.UnreadCountAsync(await viewers.RequireAsync(ct), ct))))
            .WithSummary("How many advisories in my inbox I have not read in their current revision.");

        api.MapPost("/", async Task<Created<AdvisoryDetail>> (AdvisoryInput body, SaveAdvisoryDraftHandler drafts, AdvisoryQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                var advisory = await drafts.CreateAsync(body, viewer, ct);
                return TypedResults.Created($"/api/v1/advisories/{advisory.Id}", await q.GetAsync(viewer, advisory.Id, ct));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .WithSummary("Create an advisory draft (coordinator, ministry, CEPTOAR or security-body analysts). Nothing is sent until it is published.");

        api.MapGet("/{id:guid}", async (Guid id, AdvisoryQueries q, RespondToAdvisoryHandler responses, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                var detail = await q.GetAsync(viewer, id, ct);
                await responses.MarkReadAsync(detail, viewer, ct);
                return TypedResults.Ok(detail);
            })
            .WithSummary("One advisory, with my organisation's delivery, the relays' notes, related reports (sanitized views only) and what I may do. Marks it read.");

        api.MapPut("/{id:guid}", async (Guid id, AdvisoryInput body, SaveAdvisoryDraftHandler drafts, AdvisoryQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await drafts.UpdateAsync(id, body, viewer, ct);
                return TypedResults.Ok(await q.GetAsync(viewer, id, ct));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .WithSummary("Edit a draft (content, TLP, audience). A published advisory is corrected instead.");

        api.MapDelete("/{id:guid}", async (Guid id, SaveAdvisoryDraftHandler drafts, ViewerAccessor viewers, CancellationToken ct) =>
            {
                await drafts.DeleteAsync(id, await viewers.RequireAsync(ct), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Capabilities.Analyst)
            .WithSummary("Delete a draft. A published advisory is withdrawn instead.");

        api.MapGet("/{id:guid}/recipients", async (Guid id, AdvisoryQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.RecipientsAsync(await viewers.RequireAsync(ct), id, ct)))
            .RequireAuthorization(Capabilities.Analyst)
            .WithSummary("Who will see this? Every recipient organisation with its hop, its relay and the rule that admits it (publisher only).");

        api.MapPost("/{id:guid}/publish", async (Guid id, PublishAdvisoryHandler publish, AdvisoryQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await publish.HandleAsync(id, viewer, ct);
                return TypedResults.Ok(await q.GetAsync(viewer, id, ct));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .WithSummary("Publish a draft: it gets its number and starts down the relay chain.");

        api.MapPost("/{id:guid}/relay", async (Guid id, RelayAdvisory? body, RelayAdvisoryHandler relay, AdvisoryQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await relay.HandleAsync(id, body ?? new RelayAdvisory(null), viewer, ct);
                return TypedResults.Ok(await q.GetAsync(viewer, id, ct));
            })
            .WithSummary("Release an advisory my organisation holds to those it relays to, optionally with a sector note (analysts and org admins).");

        api.MapPost("/{id:guid}/corrections", async (Guid id, CorrectAdvisory body, ReviseAdvisoryHandler revise, AdvisoryQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await revise.CorrectAsync(id, body, viewer, ct);
                return TypedResults.Ok(await q.GetAsync(viewer, id, ct));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .WithSummary("Publish a correction (the whole corrected content and a note); everyone it reached is told.");

        api.MapPost("/{id:guid}/withdraw", async (Guid id, WithdrawAdvisory body, ReviseAdvisoryHandler revise, AdvisoryQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await revise.WithdrawAsync(id, body, viewer, ct);
                return TypedResults.Ok(await q.GetAsync(viewer, id, ct));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .WithSummary("Withdraw a published advisory with a reason; everyone it reached is told and it is relayed no further.");

        api.MapPost("/{id:guid}/acknowledge", async (Guid id, RespondToAdvisoryHandler responses, AdvisoryQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await responses.AcknowledgeAsync(id, viewer, ct);
                return TypedResults.Ok(await q.GetAsync(viewer, id, ct));
            })
            .WithSummary("Acknowledge receipt for my organisation.");

        api.MapPost("/{id:guid}/feedback", async Task<Created<FeedbackView>> (Guid id, GiveAdvisoryFeedback body, RespondToAdvisoryHandler responses, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                var f = await responses.FeedbackAsync(id, body, viewer, ct);
                return TypedResults.Created($"/api/v1/advisories/{id}",
                    new FeedbackView(f.Id, f.Kind, f.Comment, f.IsAnonymous ? null : viewer.OrganizationCode, f.SectorCodes, f.IsAnonymous, f.At));
            })
            .WithSummary("Answer: applied, not-applicable, false-positive or seen (in our environment; may be anonymous). A named answer also acknowledges.");

        api.MapGet("/{id:guid}/reach", async (Guid id, string? state, int? page, int? pageSize, AdvisoryQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.ReachAsync(await viewers.RequireAsync(ct), id, state, PageRequest.From(page, pageSize), ct)))
            .WithSummary("The reach board: per hop and sector, received / opened / acknowledged, time to reach each layer (over every recipient), and one page of the organisations "
                         + "in state=all (default), not-received, not-opened, not-acknowledged or awaiting-release. Publisher: all; a relay: its part of the chain.");

        return app;
    }

    public sealed record UnreadCount(int Unread);
}
