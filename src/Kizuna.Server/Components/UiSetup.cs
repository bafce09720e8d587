namespace Kizuna.Server.Components;

public static class UiSetup
{
    public static IServiceCollection AddKizunaUi(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddScoped<Features.Identity.Pages.SignInAudit>();
        return services;
    }

    public static WebApplication MapKizunaUi(this WebApplication app)
    {
        app.MapRazorComponents<App>();
        return app;
    }
}
