using Kizuna.Core.Features.Crisis;
using Kizuna.Core.Features.Delivery;
using Kizuna.Server.Features.Crisis;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Hosting;

public static class CrisisServices
{
    /// <summary>Registers crisis mode (大規模IT障害対応時): options validated at start-up, handlers, queries, the outbox fan-out of status requests, the board's live push and the escalator of unanswered ones.</summary>
    public static IServiceCollection AddKizunaCrisis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CrisisOptions>().Bind(configuration.GetSection(CrisisOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CrisisOptions>>(new CrisisOptionsValidator());
        services.AddScoped<DeclareCrisisHandler>();
        services.AddScoped<AnswerCrisisStatusHandler>();
        services.AddScoped<SendCrisisRemindersHandler>();
        services.AddScoped<StandDownCrisisHandler>();
        services.AddScoped<CrisisQueries>();
        services.AddScoped<IOutboxHandler, CrisisNotificationHandler>();
        services.AddScoped<IOutboxHandler, CrisisLiveHandler>();
        services.AddSingleton<CrisisEscalator>();
        services.AddHostedService(sp => sp.GetRequiredService<CrisisEscalator>());
        return services;
    }

    private sealed class CrisisOptionsValidator : IValidateOptions<CrisisOptions>
    {
        public ValidateOptionsResult Validate(string? name, CrisisOptions options)
        {
            var found = options.Problems();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
