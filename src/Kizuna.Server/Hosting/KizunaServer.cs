using Kizuna.Core.Data;
using Kizuna.Core.Features.Directory;
using Kizuna.Server.Auth;
using Kizuna.Server.Components;
using Kizuna.Server.Features.Analytics;
using Kizuna.Server.Features.Audit;
using Kizuna.Server.Features.Automation;
using Kizuna.Server.Features.Delivery;
using Kizuna.Server.Features.Directory;
using Kizuna.Server.Features.Federation;
using Kizuna.Server.Features.Crisis;
using Kizuna.Server.Features.Exercises;
using Kizuna.Server.Features.Hotline;
using Kizuna.Server.Features.Identity;
using Kizuna.Server.Features.Interop;
using Kizuna.Server.Features.Liaison;
using Kizuna.Server.Features.Misp;
using Kizuna.Server.Features.Provision;
using Kizuna.Server.Features.Provision.Newsletter;
using Kizuna.Server.Features.Notices;
using Kizuna.Server.Http;

namespace Kizuna.Server.Hosting;

/// <summary>Builds the one web host: UI, REST API, OpenAPI, health probes. Used by <c>serve</c> and by the tests.</summary>
public static class KizunaServer
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory, WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot") });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(ServerOptions.DefaultUrls);

        builder.Services.AddKizunaCore(builder.Configuration);
        builder.Services.AddKizunaHttp(builder.Configuration);
        builder.Services.AddKizunaAuth(builder.Configuration);
        builder.Services.AddKizunaUi();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseKizunaHttp();
        app.UseTaxiiErrors();
        app.UseUiLanguage();
        app.UseKizunaAuth();
        app.MapKizunaHttp();
        app.MapDirectoryEndpoints();
        app.MapServiceDependencyEndpoints();
        app.MapIdentityEndpoints();
        app.MapAuditEndpoints();
        app.MapNoticeEndpoints();
        app.MapLiaisonEndpoints();
        app.MapLiaisonPageEndpoints();
        app.MapDeliveryEndpoints();
        app.MapAdvisoryEndpoints();
        app.MapFeedEndpoints();
        app.MapNewsletterEndpoints();
        app.MapHotlineEndpoints();
        app.MapCrisisEndpoints();
        Features.Exercises.Evaluation.ExerciseEvaluationEndpoints.MapExerciseEvaluationEndpoints(app);
        Features.Drills.DrillEndpoints.MapDrillEndpoints(app);
        app.MapExerciseEndpoints();
        app.MapTaxiiEndpoints();
        app.MapAutomationEndpoints();
        app.MapMispEndpoints();
        app.MapMispFeedEndpoints();
        app.MapFederationEndpoints();
        app.MapAnalyticsEndpoints();
        app.MapIntelEndpoints();
        Features.Analytics.Correlation.CorrelationEndpoints.MapCorrelationEndpoints(app);
        app.MapKizunaUi();
        return app;
    }

    /// <summary>Migrates the database, loads reference data on first start and, with <c>--demo</c>, the demo community.</summary>
    public static async Task PrepareDatabaseAsync(IServiceProvider services, bool demo, CancellationToken ct = default)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        await KizunaDbSetup.MigrateAsync(sp.GetRequiredService<KizunaDb>(), ct);
        await sp.GetRequiredService<ReferenceDataLoader>().LoadIfEmptyAsync(ct);
        if (demo)
        {
            await sp.GetRequiredService<SeedDemoCommunityHandler>().HandleAsync(ct);
            await sp.GetRequiredService<Kizuna.Core.Features.Interop.SeedDemoIntelHandler>().HandleAsync(ct);
            await sp.GetRequiredService<Kizuna.Core.Features.Exercises.SeedDemoExercisesHandler>().HandleAsync(ct);
        }
    }
}
