namespace Kizuna.Server.Components;

public static class UiSetup
{
    public static IServiceCollection AddKizunaUi(this IServiceCollection services)
    {
        services.AddRazorComponents();
        // Japanese text is written as UTF-8, not as character references.
        services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        services.AddScoped<Features.Identity.Pages.SignInAudit>();
        return services;
    }

    public static WebApplication MapKizunaUi(this WebApplication app)
    {
        app.MapRazorComponents<App>()
            // Blazor's own /_framework/opaque-redirect only follows data-protected URLs the server made;
            // give it an explicit rule rather than leave it to the deny-all fallback.
            .Add(e =>
            {
                if (e is RouteEndpointBuilder { RoutePattern.RawText: "/_framework/opaque-redirect" })
                    e.Metadata.Add(new Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute());
            });
        return app;
    }
}
