using System.Text;
using System.Text.Encodings.Web;
using Kizuna.Core.Data;
using Kizuna.Server.Features.Interop;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Auth;

/// <summary>
/// Authentication under <c>/taxii2/</c> only: HTTP Basic with the user's e-mail as user name and a
/// personal API token (<c>kzn_…</c>) as password — what TAXII clients send — or the usual
/// <c>Authorization: Bearer kzn_…</c>. Never the UI cookie. Failures answer TAXII errors
/// (401 with <c>WWW-Authenticate: Basic realm="kizuna"</c>, 403).
/// </summary>
public sealed class TaxiiAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, KizunaDb db, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Taxii";
    public const string Realm = "kizuna";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return await ApiTokenAuthenticationHandler.SignInAsync(db, clock, header[7..].Trim(), false, SchemeName, null, Context.RequestAborted);
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return AuthenticateResult.Fail("The Basic credentials are not valid base64.");
        }
        var colon = decoded.IndexOf(':');
        if (colon <= 0) return AuthenticateResult.Fail("Basic credentials must be 'e-mail:token'.");
        return await ApiTokenAuthenticationHandler.SignInAsync(db, clock, decoded[(colon + 1)..], false, SchemeName, decoded[..colon], Context.RequestAborted);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        Response.Headers.WWWAuthenticate = new Microsoft.Extensions.Primitives.StringValues([$"Basic realm=\"{Realm}\", charset=\"UTF-8\"", "Bearer"]);
        await TaxiiMedia.WriteErrorAsync(Context, 401, "Authentication is required.",
            failure ?? "Send HTTP Basic credentials (your e-mail and a personal API token kzn_… as the password) or 'Authorization: Bearer kzn_…'.",
            "unauthenticated");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
        => TaxiiMedia.WriteErrorAsync(Context, 403, "This is not allowed for you.", "Your role or your token's scope does not allow this (a read-only token cannot add or delete).", "forbidden");
}
