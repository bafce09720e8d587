using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Exercises.Drills;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Hosting;

public static class DrillServices
{
    /// <summary>Registers drills (セプター訓練): options validated at start-up, handlers, queries, the outbox fan-out and the scheduler.</summary>
    public static IServiceCollection AddKizunaDrills(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DrillOptions>().Bind(configuration.GetSection(DrillOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DrillOptions>>(new DrillOptionsValidator());
        services.AddSingleton<DrillAckLinks>();
        services.AddScoped<DrillPlanner>();
        services.AddScoped<DrillStarter>();
        services.AddScoped<StartDrillHandler>();
        services.AddScoped<AcknowledgeDrillHandler>();
        services.AddScoped<CancelDrillHandler>();
        services.AddScoped<DrillQueries>();
        services.AddScoped<IOutboxHandler, DrillNotificationHandler>();
        services.AddSingleton<DrillScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<DrillScheduler>());
        return services;
    }

    private sealed class DrillOptionsValidator : IValidateOptions<DrillOptions>
    {
        public ValidateOptionsResult Validate(string? name, DrillOptions options)
        {
            var found = options.Problems();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
