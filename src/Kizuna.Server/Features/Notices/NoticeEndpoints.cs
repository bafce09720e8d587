using Kizuna.Core.Features.Notices;
using Kizuna.Core.Paging;
using Kizuna.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kizuna.Server.Features.Notices;

/// <summary>REST for notices (お知らせ), every read through the disclosure policy.</summary>
public static class NoticeEndpoints
{
    public static IEndpointRouteBuilder MapNoticeEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/notices").RequireAuthorization(Capabilities.Member).WithTags("Notices");
        api.MapGet("/", async (int? page, int? pageSize, string? exercise, NoticeQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.ListAsync(await viewers.RequireAsync(ct), PageRequest.From(page, pageSize), exercise, ct)))
            .WithSummary("Notices I may see, newest first; exercise=include (default), exclude or only.");
        api.MapGet("/{id:guid}", async (Guid id, NoticeQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.GetAsync(await viewers.RequireAsync(ct), id, ct)))
            .WithSummary("One notice (404 when it does not exist or I may not see it).");
        api.MapPost("/", async Task<Created<NoticeView>> (PostNotice body, PostNoticeHandler handler, NoticeQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                var notice = await handler.HandleAsync(body, viewer, ct);
                return TypedResults.Created($"/api/v1/notices/{notice.Id}", await q.GetAsync(viewer, notice.Id, ct));
            })
            .RequireAuthorization(Capabilities.Analyst)
            .WithSummary("Post a notice under a TLP marking to an audience (analysts).");
        return app;
    }
}
