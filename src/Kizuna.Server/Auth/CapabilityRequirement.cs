using Microsoft.AspNetCore.Authorization;

namespace Kizuna.Server.Auth;

/// <summary>
/// Requires a capability from <see cref="Capabilities"/>; a read-only token never passes on an
/// unsafe method, except on the live hubs (<c>/hubs/…</c>), whose POSTs (negotiation, long-polling
/// frames) only read: their clients can call nothing that changes data.
/// </summary>
public sealed record CapabilityRequirement(string Capability) : IAuthorizationRequirement;

public sealed class CapabilityHandler(ViewerAccessor viewers, IHttpContextAccessor http) : AuthorizationHandler<CapabilityRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, CapabilityRequirement requirement)
    {
        var viewer = await viewers.GetAsync();
        if (viewer is null) return;
        if (context.User.HasClaim(ApiTokenAuthenticationHandler.ViaClaim, "token")
            && http.HttpContext is { } h && !(HttpMethods.IsGet(h.Request.Method) || HttpMethods.IsHead(h.Request.Method) || IsLiveHub(h.Request))
            && !context.User.HasClaim(ApiTokenAuthenticationHandler.ScopeClaim, Core.Features.Identity.TokenScopes.Write))
        {
            context.Fail(new AuthorizationFailureReason(this, "The token has the read scope only."));
            return;
        }
        if (Capabilities.Allows(requirement.Capability, viewer)) context.Succeed(requirement);
    }

    private static bool IsLiveHub(HttpRequest request) => request.Path.StartsWithSegments("/hubs");
}
