namespace Kizuna.Server.Components;

/// <summary>Status codes for pages that still render their own message.</summary>
public static class PageStatus
{
    /// <summary>
    /// Answers 404 with the page's own (localised) message. In .NET 10 a static SSR page that sets
    /// 404 while rendering gets an empty body (the endpoint expects status-code re-execution), and
    /// status code pages would answer problem JSON; so the code is set as the headers go out, after
    /// the page has been rendered into the response.
    /// </summary>
    public static void NotFound(HttpContext http)
        => http.Response.OnStarting(() =>
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
}
