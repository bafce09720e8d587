namespace Kizuna.Server.Features.Federation.Pages;

/// <summary>403 for the federation pages, set as the headers go out (as <see cref="Kizuna.Server.Components.PageStatus.NotFound"/> does for 404).</summary>
public static class FederationPageStatus
{
    public static void Forbidden(HttpContext http)
        => http.Response.OnStarting(() =>
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        });
}
