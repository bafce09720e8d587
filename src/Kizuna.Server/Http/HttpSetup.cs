using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Kizuna.Core.Data;
using Kizuna.Server.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Http;

/// <summary>HTTP plumbing: problem details, JSON, limits, rate limits, security headers, OpenAPI, health probes.</summary>
public static class HttpSetup
{
    public const string SignInRateLimit = "sign-in";

    public static IServiceCollection AddKizunaHttp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier;
            c.ProblemDetails.Title ??= ProblemExceptionHandler.TitleFor(c.ProblemDetails.Status ?? 500);
            c.ProblemDetails.Detail ??= DefaultDetail(c.HttpContext, c.ProblemDetails.Status ?? 500);
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.RespectNullableAnnotations = true;
            // Japanese stays readable in answers (still escaped where HTML-significant).
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelLimits>();
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Kizuna API";
            doc.Info.Version = "v1";
            doc.Info.Description = "Information sharing for critical-infrastructure protection (重要インフラの情報共有). Authenticate with a personal API token: `Authorization: Bearer kzn_…`.";
            return Task.CompletedTask;
        }));
        services.AddRateLimiter(o =>
        {
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                ctx.HttpContext.Response.Headers.RetryAfter = "60";
                await ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = ctx.HttpContext,
                    ProblemDetails = new ProblemDetails { Status = 429, Title = "Too many requests.", Detail = "The rate limit was reached; try again in a minute.", Type = ProblemExceptionHandler.TypeBase + "rate-limited" },
                });
            };
            o.AddPolicy(SignInRateLimit, http =>
            {
                var limit = http.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.SignInPermitsPerMinute;
                // Only posts are attempts; showing the form is free.
                return HttpMethods.IsPost(http.Request.Method)
                    ? RateLimitPartition.GetFixedWindowLimiter("signin:" + http.Connection.RemoteIpAddress,
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("signin:get");
            });
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var auth = http.Request.Headers.Authorization.ToString();
                string key;
                if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) key = auth.Length > 24 ? auth[7..24] : auth;
                // TAXII's Basic credentials (e-mail and token): one window per credential pair.
                else if (auth.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
                    key = "basic:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(auth)))[..24];
                else return RateLimitPartition.GetNoLimiter("");
                var limit = http.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.TokenPermitsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter("token:" + key,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });
        services.AddHealthChecks().AddDbContextCheck<KizunaDb>("database", tags: ["ready"]);
        services.AddAntiforgery();
        return services;
    }

    public static WebApplication UseKizunaHttp(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseSecurityHeaders();
        app.UseStaticFiles();
        return app;
    }

    public static WebApplication MapKizunaHttp(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }

    /// <summary>A detail for answers written without one (status code pages: empty 404s, 413 from Kestrel, 405, 415).</summary>
    private static string? DefaultDetail(HttpContext http, int status) => status switch
    {
        404 => $"Nothing was found at {http.Request.Path}.",
        405 => $"{http.Request.Method} is not allowed on {http.Request.Path}.",
        413 => $"The request body is larger than the limit of {http.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.MaxRequestBodyBytes} bytes.",
        415 => $"The content type '{http.Request.ContentType}' is not accepted on {http.Request.Path}; send application/json.",
        _ => null,
    };

    private sealed class KestrelLimits(IOptions<ServerOptions> server) : IConfigureOptions<KestrelServerOptions>
    {
        public void Configure(KestrelServerOptions o)
        {
            o.Limits.MaxRequestBodySize = server.Value.MaxRequestBodyBytes;
            o.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
            o.AddServerHeader = false;
        }
    }
}
