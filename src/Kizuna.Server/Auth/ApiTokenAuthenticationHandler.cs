using System.Security.Claims;
using System.Text.Encodings.Web;
using Kizuna.Core.Data;
using Kizuna.Core.Features.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Auth;

/// <summary>Authenticates <c>Authorization: Bearer kzn_…</c> personal API tokens; expired, revoked or unknown tokens are refused.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    KizunaDb db, TimeProvider clock, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string ViaClaim = "kizuna:via";
    public const string ScopeClaim = "kizuna:scope";
    public const string TokenIdClaim = "kizuna:token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        string secret;
        var inUrl = false;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) secret = header[7..].Trim();
        else if (FeedToken(Request) is { } fromQuery) (secret, inUrl) = (fromQuery, true);
        else return AuthenticateResult.NoResult();
        return await SignInAsync(db, clock, secret, inUrl, SchemeName, null, Context.RequestAborted);
    }

    /// <summary>
    /// Checks a personal token's secret (from a Bearer header, a feed URL, or the password of TAXII's
    /// HTTP Basic) and builds the principal. With <paramref name="email"/>, the token must belong to
    /// the user with that e-mail. A token in a URL must be read-only.
    /// </summary>
    public static async Task<AuthenticateResult> SignInAsync(KizunaDb db, TimeProvider clock, string secret, bool inUrl, string scheme, string? email, CancellationToken ct)
    {
        if (!secret.StartsWith(ApiToken.SecretPrefix, StringComparison.Ordinal) || secret.Length > 100)
            return AuthenticateResult.Fail("The bearer token is not a Kizuna API token.");
        var hash = ApiToken.HashSecret(secret);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.SecretHash == hash, ct);
        var now = clock.GetUtcNow();
        if (token is null || !token.IsActive(now)) return AuthenticateResult.Fail("The token is unknown, expired or revoked.");
        // A URL ends up in feed readers' settings, proxies and logs: only a token that can do no more than read may stand in one.
        if (inUrl && token.Scopes.Any(scope => scope != TokenScopes.Read))
            return AuthenticateResult.Fail("A token in a feed URL must have the read scope only; create a read-only token for your feed reader.");
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == token.UserId, ct);
        if (user is null || (user.LockoutEnd is { } end && end > now)) return AuthenticateResult.Fail("The token's user is locked out or gone.");
        if (email is not null && !string.Equals(user.Email, email.Trim(), StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("The token does not belong to that user.");
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            token.Touch(now);
            await db.SaveChangesAsync(ct);
        }
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString("D")),
            new(ClaimTypes.Name, user.Email ?? ""),
            new(ViaClaim, "token"),
            new(TokenIdClaim, token.Id.ToString("D")),
        };
        claims.AddRange(token.Scopes.Select(s => new Claim(ScopeClaim, s)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, scheme)), scheme));
    }

    /// <summary>
    /// A token in the query string, accepted only for GET on the member feeds (<c>/feeds/…</c>):
    /// feed readers cannot send headers. Everywhere else a token must come in the header. Only a
    /// read-only token is accepted there: a URL leaks into settings, proxies and logs.
    /// </summary>
    public static string? FeedToken(HttpRequest request)
        => HttpMethods.IsGet(request.Method) && request.Path.StartsWithSegments("/feeds") && request.Query.TryGetValue("token", out var t)
           && t.Count == 1 && !string.IsNullOrEmpty(t[0]) ? t[0] : null;

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = 401, Title = "Authentication is required.", Detail = failure ?? "Send a personal API token as 'Authorization: Bearer kzn_…'." },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 403;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = 403, Title = "This is not allowed for you.", Detail = "Your role or your token's scope does not allow this." },
        });
    }
}
