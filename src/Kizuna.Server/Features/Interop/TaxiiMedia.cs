using System.Text.Json;
using Kizuna.Core.Errors;
using Microsoft.Net.Http.Headers;

namespace Kizuna.Server.Features.Interop;

/// <summary>
/// TAXII 2.1 on the wire (§1.6): the media types, content negotiation, and TAXII's own error
/// resource (<c>{title, description, error_id, error_code, http_status, details}</c>), which
/// replaces RFC 9457 problem details everywhere under <c>/taxii2/</c>.
/// </summary>
public static class TaxiiMedia
{
    public const string Taxii = "application/taxii+json;version=2.1";
    public const string Stix = "application/stix+json;version=2.1";
    public const string PathPrefix = "/taxii2";

    public static bool IsTaxiiPath(HttpRequest request) => request.Path.StartsWithSegments(PathPrefix);

    /// <summary>Whether the client accepts TAXII 2.1 JSON: no Accept header, <c>*/*</c>, <c>application/*</c>, or <c>application/taxii+json</c> without a version or with 2.1.</summary>
    public static bool Accepts(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        if (accept.Count == 0 || accept.All(string.IsNullOrWhiteSpace)) return true;
        if (!MediaTypeHeaderValue.TryParseList(accept, out var types)) return false;
        return types.Any(t => t.MediaType.Equals("*/*", StringComparison.OrdinalIgnoreCase)
                              || t.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase)
                              || IsTaxii21(t));
    }

    /// <summary>Whether a POST's Content-Type is TAXII 2.1 JSON.</summary>
    public static bool IsTaxiiContent(HttpRequest request)
        => MediaTypeHeaderValue.TryParse(request.ContentType, out var t) && IsTaxii21(t);

    private static bool IsTaxii21(MediaTypeHeaderValue t)
    {
        if (!t.MediaType.Equals("application/taxii+json", StringComparison.OrdinalIgnoreCase)) return false;
        var version = t.Parameters.FirstOrDefault(p => p.Name.Equals("version", StringComparison.OrdinalIgnoreCase))?.Value.ToString().Trim('"');
        return version is null or "2.1";
    }

    /// <summary>Writes a TAXII error message resource.</summary>
    public static async Task WriteErrorAsync(HttpContext http, int status, string title, string? description, string? errorCode = null,
        IReadOnlyDictionary<string, string[]>? details = null)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = Taxii;
        await using var w = new Utf8JsonWriter(http.Response.Body);
        w.WriteStartObject();
        w.WriteString("title", title);
        if (description is not null) w.WriteString("description", description);
        w.WriteString("error_id", http.TraceIdentifier);
        if (errorCode is not null) w.WriteString("error_code", errorCode);
        w.WriteString("http_status", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (details is { Count: > 0 })
        {
            w.WriteStartObject("details");
            foreach (var (field, errors) in details) w.WriteString(field, string.Join(" ", errors));
            w.WriteEndObject();
        }
        w.WriteEndObject();
        await w.FlushAsync();
    }

    public static string TitleFor(int status) => status switch
    {
        406 => "The requested media type is not available.",
        _ => Http.ProblemExceptionHandler.TitleFor(status),
    };

    /// <summary>
    /// Under <c>/taxii2/</c>, failures become TAXII errors: domain exceptions and bad requests with
    /// their status, anything else a 500 that reveals nothing, and empty error answers (no route,
    /// wrong method) a TAXII error for their status.
    /// </summary>
    public static IApplicationBuilder UseTaxiiErrors(this IApplicationBuilder app) => app.UseWhen(c => IsTaxiiPath(c.Request), branch => branch.Use(async (http, next) =>
    {
        try
        {
            await next(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && e is not OperationCanceledException)
        {
            var (status, code, details) = e switch
            {
                InputException i => (400, i.Kind, i.Errors),
                NotFoundException n => (404, n.Kind, null),
                ForbiddenException f => (403, f.Kind, null),
                ConflictException c => (409, c.Kind, null),
                BadHttpRequestException b => (b.StatusCode, b.StatusCode == 413 ? "too-large" : "bad-request", null),
                _ => (500, "internal", (IReadOnlyDictionary<string, string[]>?)null),
            };
            if (status >= 500)
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Kizuna.Taxii")
                    .LogError(e, "Unhandled failure on {Method} {Path}", http.Request.Method, http.Request.Path);
            http.Response.Clear();
            await WriteErrorAsync(http, status, TitleFor(status), status >= 500 ? null : e.Message, code, details);
            return;
        }
        var r = http.Response;
        if (!r.HasStarted && r.StatusCode >= 400 && r.ContentLength is null && string.IsNullOrEmpty(r.ContentType))
            await WriteErrorAsync(http, r.StatusCode, TitleFor(r.StatusCode), r.StatusCode switch
            {
                404 => $"Nothing was found at {http.Request.Path}.",
                405 => $"{http.Request.Method} is not allowed on {http.Request.Path}.",
                _ => null,
            });
    }));
}
