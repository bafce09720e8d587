using Kizuna.Core.Features.Crisis;
using Kizuna.Core.Features.Delivery;

namespace Kizuna.Server.Hosting;

public static class CrisisServices
{
    /// <summary>Registers crisis mode (大規模IT障害対応時): handlers, queries and the outbox fan-out of status requests.</summary>
    public static IServiceCollection AddKizunaCrisis(this IServiceCollection services)
    {
        services.AddScoped<DeclareCrisisHandler>();
        services.AddScoped<AnswerCrisisStatusHandler>();
        services.AddScoped<SendCrisisRemindersHandler>();
        services.AddScoped<StandDownCrisisHandler>();
        services.AddScoped<CrisisQueries>();
        services.AddScoped<IOutboxHandler, CrisisNotificationHandler>();
        return services;
    }
}
