using System.Text.Json;
using Kizuna.Core.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Kizuna.Server.Http;

/// <summary>
/// The one place where failures become answers: domain exceptions and bad requests become RFC 9457
/// problem details with a clear message; anything else is a 500 that reveals nothing.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public const string TypeBase = "https://kizuna.example/problems/";

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var problem = ToProblem(exception);
        if (problem.Status >= 500) log.LogError(exception, "Unhandled failure on {Method} {Path}", http.Request.Method, http.Request.Path);
        http.Response.StatusCode = problem.Status ?? 500;
        if (!Auth.AuthSetup.IsApi(http.Request) && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal))
        {
            // People get a page, not JSON.
            http.Response.ContentType = "text/html; charset=utf-8";
            static string e(string? s) => System.Net.WebUtility.HtmlEncode(s ?? "");
            await http.Response.WriteAsync($$"""
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>{{e(problem.Title)}} — Kizuna</title><link rel="stylesheet" href="/css/kizuna.css"></head>
                <body><main><div class="card narrow"><h1>{{problem.Status}} {{e(problem.Title)}}</h1><p class="error">{{e(problem.Detail ?? "")}}</p>
                <p><a href="/">Kizuna</a></p></div></main></body></html>
                """, ct);
            return true;
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails ToProblem(Exception exception)
    {
        switch (exception)
        {
            case InputException e:
                return new ValidationProblemDetails(e.Errors.ToDictionary(x => x.Key, x => x.Value))
                {
                    Status = 400, Title = "The request is invalid.", Detail = e.Message, Type = TypeBase + e.Kind,
                };
            case DomainException e:
                var status = e switch { NotFoundException => 404, ForbiddenException => 403, ConflictException => 409, _ => 400 };
                return new ProblemDetails { Status = status, Title = TitleFor(status), Detail = e.Message, Type = TypeBase + e.Kind };
            case BadHttpRequestException e:
                var detail = e.InnerException is JsonException json ? $"{e.Message} {json.Message}" : e.Message;
                return new ProblemDetails
                {
                    Status = e.StatusCode, Title = TitleFor(e.StatusCode), Type = TypeBase + (e.StatusCode == 413 ? "too-large" : "bad-request"),
                    Detail = e.StatusCode == 413 ? $"The request body is larger than the limit. {e.Message}" : detail,
                };
            case InvalidOperationException e when e.Message.StartsWith("Cannot parse the value", StringComparison.Ordinal):
                // A page's typed query parameter (?page=abc): the client's mistake, not ours.
                return new ProblemDetails { Status = 400, Title = TitleFor(400), Detail = e.Message, Type = TypeBase + "bad-request" };
            case OperationCanceledException:
                return new ProblemDetails { Status = 499, Title = "The request was cancelled." };
            default:
                return new ProblemDetails { Status = 500, Title = "An unexpected error occurred.", Type = TypeBase + "internal" };
        }
    }

    public static string TitleFor(int status) => status switch
    {
        400 => "The request is invalid.",
        401 => "Authentication is required.",
        403 => "This is not allowed for you.",
        404 => "Not found.",
        405 => "Method not allowed.",
        409 => "Conflict with the current state.",
        413 => "The request body is too large.",
        415 => "Unsupported media type.",
        429 => "Too many requests.",
        _ => "Error.",
    };
}
