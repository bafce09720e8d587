using Kizuna.Core.Data;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Paging;
using Kizuna.Server.Auth;

namespace Kizuna.Server.Features.Audit;

/// <summary>REST for the audit trail (監査証跡).</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/audit").RequireAuthorization(Capabilities.OrgAdmin).WithTags("Audit");
        api.MapGet("/", async (string? action, string? actor, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize,
                AuditQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.ListAsync(await viewers.RequireAsync(ct), new AuditFilter(action, actor, from, to, PageRequest.From(page, pageSize)), ct)))
            .WithSummary("Audit rows, newest first: platform admins see all, org admins their organisation's.");
        api.MapGet("/verify", async (KizunaDb db, CancellationToken ct) =>
            {
                var broken = await AuditTrail.VerifyAsync(db, ct);
                return TypedResults.Ok(new VerifyResult(broken is null, broken?.Sequence, broken?.Reason));
            })
            .RequireAuthorization(Capabilities.PlatformAdmin)
            .WithSummary("Check the hash chain; names the first broken or missing row.");
        return app;
    }

    public sealed record VerifyResult(bool Intact, long? BrokenAt, string? Reason);
}
