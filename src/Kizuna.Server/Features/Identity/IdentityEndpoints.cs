using Kizuna.Core.Data;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Identity;
using Kizuna.Server.Auth;
using Kizuna.Server.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Server.Features.Identity;

/// <summary>REST for the signed-in user, personal API tokens and organisation users; the sign-out and language switches.</summary>
public static class IdentityEndpoints
{
    public static IEndpointRouteBuilder MapIdentityEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Capabilities.Member).WithTags("Identity");

        api.MapGet("/me", async (ViewerAccessor viewers, KizunaDb db, CancellationToken ct) =>
            {
                var v = await viewers.RequireAsync(ct);
                var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == v.UserId, ct);
                return TypedResults.Ok(new Me(v.UserId, v.UserEmail, user.DisplayName, v.OrganizationCode, v.OrganizationKind, v.Roles, v.IsPlatformAdmin, user.TwoFactorEnabled, user.PreferredLanguage));
            })
            .WithSummary("The signed-in user, its organisation and roles.");

        api.MapGet("/me/tokens", async (ViewerAccessor viewers, KizunaDb db, TimeProvider clock, CancellationToken ct) =>
            {
                var v = await viewers.RequireAsync(ct);
                var now = clock.GetUtcNow();
                var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == v.UserId).OrderByDescending(t => t.CreatedAt).ToListAsync(ct);
                return TypedResults.Ok(tokens.Select(t => new TokenView(t.Id, t.Name, t.Hint, t.Scopes, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt, t.IsActive(now))).ToList());
            })
            .WithSummary("My personal API tokens (never their secrets).");

        api.MapPost("/me/tokens", async Task<Created<CreatedApiToken>> (NewToken body, ViewerAccessor viewers, CreateApiTokenHandler handler, HttpContext http, CancellationToken ct) =>
            {
                var v = await viewers.RequireAsync(ct);
                var created = await handler.HandleAsync(new CreateApiToken(v.UserId, body.Name, body.Scopes ?? [TokenScopes.Read], body.ExpiresInDays ?? CreateApiTokenHandler.DefaultLifetimeDays),
                    AuditRecord.By(v, "token.created", remoteAddress: http.Connection.RemoteIpAddress?.ToString()), ct);
                return TypedResults.Created($"/api/v1/me/tokens/{created.Id}", created);
            })
            .WithSummary("Create a personal API token; the secret is in this answer only.");

        api.MapDelete("/me/tokens/{id:guid}", async Task<NoContent> (Guid id, ViewerAccessor viewers, RevokeApiTokenHandler handler, CancellationToken ct) =>
            {
                await handler.HandleAsync(id, await viewers.RequireAsync(ct), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Revoke one of my tokens.");

        api.MapGet("/users", async (string? org, ViewerAccessor viewers, KizunaDb db, CancellationToken ct) =>
            {
                var v = await viewers.RequireAsync(ct);
                var code = org ?? v.OrganizationCode;
                if (code != v.OrganizationCode && !v.IsPlatformAdmin) throw new ForbiddenException("Org admins list their own organisation's users.");
                var users = await (from u in db.Users.AsNoTracking()
                                   join o in db.Organizations on u.OrganizationId equals o.Id
                                   where o.Code == code
                                   orderby u.Email
                                   select new UserView(u.Id, u.Email!, u.DisplayName, o.Code, u.Roles, u.IsPlatformAdmin, u.TwoFactorEnabled, u.LockoutEnd)).ToListAsync(ct);
                return TypedResults.Ok(users);
            })
            .RequireAuthorization(Capabilities.OrgAdmin)
            .WithSummary("Users of my organisation (platform admins: any organisation by ?org=CODE).");

        api.MapPost("/users", async Task<Created<UserView>> (NewUser body, ViewerAccessor viewers, AddUserHandler handler, CancellationToken ct) =>
            {
                var v = await viewers.RequireAsync(ct);
                var code = body.Org ?? v.OrganizationCode;
                if (code != v.OrganizationCode && !v.IsPlatformAdmin) throw new ForbiddenException("Org admins add users to their own organisation only.");
                if (body.PlatformAdmin && !v.IsPlatformAdmin) throw new ForbiddenException("Only platform admins make platform admins.");
                var user = await handler.HandleAsync(new AddUser(body.Email, body.DisplayName ?? "", code, body.Roles, body.Password, body.PlatformAdmin), AuditRecord.By(v, "user.added"), ct);
                return TypedResults.Created($"/api/v1/users?org={code}", new UserView(user.Id, user.Email!, user.DisplayName, code, user.Roles, user.IsPlatformAdmin, false, null));
            })
            .RequireAuthorization(Capabilities.OrgAdmin)
            .WithSummary("Add a user (org admins to their organisation, platform admins anywhere).");

        app.MapPost("/account/logout", async (SignInManager<KizunaUser> signIn) =>
            {
                await signIn.SignOutAsync();
                return TypedResults.LocalRedirect("/account/login");
            })
            .RequireAuthorization(Capabilities.Member).ExcludeFromDescription();

        app.MapGet("/lang/{code}", async (string code, string? returnUrl, HttpContext http, ViewerAccessor viewers, KizunaDb db) =>
            {
                var lang = UiLanguage.Normalize(code);
                http.Response.Cookies.Append(UiLanguage.CookieName, lang, new CookieOptions
                {
                    MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = http.Request.IsHttps,
                });
                if (await viewers.GetAsync() is { } v && await db.Users.FindAsync(v.UserId) is { } user)
                {
                    user.PreferredLanguage = lang;
                    await db.SaveChangesAsync();
                }
                return TypedResults.LocalRedirect(returnUrl is { Length: > 0 } r && r.StartsWith('/') && !r.StartsWith("//") ? r : "/");
            })
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public sealed record Me(Guid Id, string Email, string DisplayName, string Organization, string OrganizationKind, IReadOnlyList<string> Roles, bool PlatformAdmin, bool TwoFactorEnabled, string Language);

    public sealed record TokenView(Guid Id, string Name, string Hint, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, bool Active);

    /// <summary>Scopes default to read, the lifetime to <see cref="CreateApiTokenHandler.DefaultLifetimeDays"/> (optional in JSON).</summary>
    public sealed record NewToken(string Name, IReadOnlyList<string>? Scopes = null, int? ExpiresInDays = null);

    public sealed record UserView(Guid Id, string Email, string DisplayName, string Organization, IReadOnlyList<string> Roles, bool PlatformAdmin, bool TwoFactorEnabled, DateTimeOffset? LockedOutUntil);

    /// <summary>The display name defaults to the e-mail address, the organisation to the caller's (optional in JSON).</summary>
    public sealed record NewUser(string Email, IReadOnlyList<string> Roles, string Password, string? DisplayName = null, string? Org = null, bool PlatformAdmin = false);
}
