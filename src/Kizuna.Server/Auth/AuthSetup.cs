using Kizuna.Core.Data;
using Kizuna.Core.Features.Identity;
using Kizuna.Server.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Kizuna.Server.Auth;

/// <summary>
/// Identity (cookies with TOTP two-factor for the UI, personal tokens for the API), the capability
/// policies, and the fallback that denies every endpoint without a rule.
/// </summary>
public static class AuthSetup
{
    public const string SmartScheme = "kizuna";

    public static IServiceCollection AddKizunaAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var server = configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        services.AddHttpContextAccessor();
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = server.PasswordHashIterations);
        services.AddIdentityCore<KizunaUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = server.LockoutAttempts;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(server.LockoutMinutes);
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<KizunaDb>()
            .AddDefaultTokenProviders();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
                o.DefaultForbidScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or bearer token", o => o.ForwardDefaultSelector = http =>
                Features.Interop.TaxiiMedia.IsTaxiiPath(http.Request) ? TaxiiAuthenticationHandler.SchemeName
                : http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                || ApiTokenAuthenticationHandler.FeedToken(http.Request) is not null
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, TaxiiAuthenticationHandler>(TaxiiAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie!.Configure(o =>
            {
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/denied";
                o.Cookie.Name = "kizuna.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync,
                    OnRedirectToLogin = ctx => ApiAware(ctx, 401, "Sign in, or send a personal API token as 'Authorization: Bearer kzn_…'."),
                    OnRedirectToAccessDenied = ctx => ApiAware(ctx, 403, "Your role does not allow this."),
                };
            }));

        services.AddScoped<ViewerAccessor>();
        services.AddScoped<IAuthorizationHandler, CapabilityHandler>();
        services.AddAuthorization(o =>
        {
            foreach (var capability in Capabilities.All)
                o.AddPolicy(capability, p => p.RequireAuthenticatedUser().AddRequirements(new CapabilityRequirement(capability)));
            // Deny anything unmarked. The one exception: routing's own 405/415 answers (no application code
            // runs there) may tell a signed-in caller the method or content type is wrong, rather than 403.
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAssertion(c => IsRoutingRejection(c)).Build();
        });
        services.AddCascadingAuthenticationState();
        return services;
    }

    public static WebApplication UseKizunaAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>API callers get problem details, people get the sign-in or denied page.</summary>
    private static async Task ApiAware(RedirectContext<CookieAuthenticationOptions> ctx, int status, string detail)
    {
        if (IsApi(ctx.Request))
        {
            ctx.Response.StatusCode = status;
            await ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = ctx.HttpContext,
                ProblemDetails = new ProblemDetails { Status = status, Title = Http.ProblemExceptionHandler.TitleFor(status), Detail = detail },
            });
            return;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
    }

    private static bool IsRoutingRejection(AuthorizationHandlerContext c)
        => c.User.Identity?.IsAuthenticated == true
           && c.Resource is HttpContext { } http
           && http.GetEndpoint() is { Metadata.Count: 0, DisplayName: "405 HTTP Method Not Supported" or "415 HTTP Unsupported Media Type" };

    /// <summary>The REST API, its description, the live hubs and TAXII; <c>/api</c> itself is the API reference page for people.</summary>
    public static bool IsApi(HttpRequest request)
        => (request.Path.StartsWithSegments("/api", out var rest) && rest.HasValue && rest != "/") || request.Path.StartsWithSegments("/openapi")
           || request.Path.StartsWithSegments("/hubs") || Features.Interop.TaxiiMedia.IsTaxiiPath(request);
}
