using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Provision;
using Kizuna.Server.Features.Provision.Newsletter;

namespace Kizuna.Server.Hosting;

public static class ProvisionServices
{
    /// <summary>Registers the advisory (情報提供) handlers and the outbox handler that fans notifications out to channels.</summary>
    public static IServiceCollection AddKizunaProvision(this IServiceCollection services)
    {
        services.AddSingleton<AdvisoryLinks>();
        services.AddScoped<AdvisoryValidator>();
        services.AddScoped<RelayPlanner>();
        services.AddScoped<AdvisoryNotifier>();
        services.AddScoped<AdvisoryRelay>();
        services.AddScoped<SaveAdvisoryDraftHandler>();
        services.AddScoped<PublishAdvisoryHandler>();
        services.AddScoped<RelayAdvisoryHandler>();
        services.AddScoped<ReviseAdvisoryHandler>();
        services.AddScoped<RespondToAdvisoryHandler>();
        services.AddScoped<AdvisoryQueries>();
        services.AddScoped<IOutboxHandler, AdvisoryNotificationHandler>();
        services.AddKizunaNewsletter();
        return services;
    }
}
