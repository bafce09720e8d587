using Kizuna.Core.Features.Directory;
using Kizuna.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kizuna.Server.Features.Directory;

/// <summary>REST for the service dependency graph (重要インフラサービス間の依存関係) and its at-risk question (他分野の障害からの波及).</summary>
public static class ServiceDependencyEndpoints
{
    public static IEndpointRouteBuilder MapServiceDependencyEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/service-dependencies").RequireAuthorization(Capabilities.Member).WithTags("Directory");

        api.MapGet("", async (string? sector, ServiceDependencyQueries q, CancellationToken ct) => TypedResults.Ok(await q.ListAsync(sector, ct)))
            .WithSummary("Dependencies between critical services (the dependent service, the one it depends on, impact stops|degrades, note); optionally those with either end in a sector.");

        api.MapGet("/{id:guid}", async (Guid id, ServiceDependencyQueries q, CancellationToken ct) => TypedResults.Ok(await q.GetAsync(id, ct)))
            .WithSummary("One service dependency.");

        api.MapGet("/at-risk", async (string[]? service, int? depth, ServiceDependencyQueries q, CancellationToken ct)
                => TypedResults.Ok(await q.AtRiskAsync(service, depth, ct)))
            .WithSummary("Services at risk downstream when the given services fail (service=CODE, repeatable; depth 1-5, default 3): each once, at its minimum depth, with the impact and the path that reaches it.");

        api.MapPost("", async Task<Created<ServiceDependencyView>> (AddServiceDependency body, EditServiceDependenciesHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var created = await h.AddAsync(body, await viewers.RequireAsync(ct), ct);
                return TypedResults.Created($"/api/v1/service-dependencies/{created.Id:D}", created);
            })
            .RequireAuthorization(Capabilities.PlatformAdmin)
            .WithSummary("Add a dependency {\"service\",\"dependsOn\",\"impact\":\"stops|degrades\",\"noteJa\",\"noteEn\"} (platform admins; audited); 409 when the pair exists.");

        api.MapDelete("/{id:guid}", async Task<NoContent> (Guid id, EditServiceDependenciesHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                await h.RemoveAsync(id, await viewers.RequireAsync(ct), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Capabilities.PlatformAdmin)
            .WithSummary("Remove a dependency (platform admins; audited).");
        return app;
    }
}
