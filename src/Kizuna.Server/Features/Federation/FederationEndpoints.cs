using Kizuna.Core.Features.Federation;
using Kizuna.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kizuna.Server.Features.Federation;

/// <summary>REST for federation peers (連携先): the agreement, the health of each peer, and "pull now". Platform admins and the coordinator's analysts and org admins.</summary>
public static class FederationEndpoints
{
    public static IEndpointRouteBuilder MapFederationEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/federation/peers").RequireAuthorization(Capabilities.Member).WithTags("Federation");

        api.MapGet("", async (FederationQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.ListAsync(await viewers.RequireAsync(ct), ct)))
            .WithSummary("Every peer with its agreement and health: watermark, lag, last success, last error, consecutive failures, next attempt, objects pulled, refused and pushed. Never the secret.");

        api.MapPost("", async Task<Created<PeerView>> (PeerInput body, ManagePeersHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var peer = await h.CreateAsync(body, await viewers.RequireAsync(ct), ct);
                return TypedResults.Created($"/api/v1/federation/peers/{Uri.EscapeDataString(peer.Code)}", peer);
            })
            .WithSummary($"Add a peer: code (its local collection is peer-<code>), name, kind (kizuna, taxii, opencti), apiRoot, pullCollection, pushCollection, authScheme (none, basic, bearer), authUser, secret (write-only), maxPushTlp (CLEAR, GREEN or AMBER), pushedCollections (local aliases, at most {PeerInput.MaxPushedCollections}), enabled, pullIntervalSeconds ({PeerInput.MinPullIntervalSeconds}–{PeerInput.MaxPullIntervalSeconds}).");

        api.MapGet("/{code}", async (string code, FederationQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.GetAsync(code, await viewers.RequireAsync(ct), ct)))
            .WithSummary("One peer with its agreement and health.");

        api.MapPut("/{code}", async (string code, PeerInput body, ManagePeersHandler h, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await h.UpdateAsync(code, body, await viewers.RequireAsync(ct), ct)))
            .WithSummary("Replace a peer's connection and agreement; an empty secret keeps the stored one.");

        api.MapDelete("/{code}", async Task<NoContent> (string code, ManagePeersHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                await h.DeleteAsync(code, await viewers.RequireAsync(ct), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Remove a peer that never delivered anything (409 otherwise: disable it instead, so nothing received is lost).");

        api.MapPost("/{code}/pull", async (string code, FederationSync sync, FederationQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                FederationAccess.Require(viewer);
                var result = await sync.RunAsync(code, ct);
                return TypedResults.Ok(new PullNowResult(result.Pulled, result.Refused, result.Pushed, result.PushRefused, result.Error, await q.GetAsync(code, viewer, ct)));
            })
            .WithSummary("Pull (and push) now, whatever the schedule: the counts of this run, its error if any, and the peer's health after it.");
        return app;
    }

    /// <summary>What one "pull now" did, and the peer after it.</summary>
    public sealed record PullNowResult(int Pulled, int Refused, int Pushed, int PushRefused, string? Error, PeerView Peer);
}
