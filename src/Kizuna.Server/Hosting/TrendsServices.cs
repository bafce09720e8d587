using Kizuna.Core.Features.Analytics.Trends;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Hosting;

public static class TrendsServices
{
    /// <summary>Registers trends and the annual figures (動向・年次集計): options validated at start-up, the statistics scope, the handlers.</summary>
    public static IServiceCollection AddKizunaTrends(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnalyticsOptions>().Bind(configuration.GetSection(AnalyticsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AnalyticsOptions>>(new AnalyticsOptionsValidator());
        services.AddScoped<StatisticsScopes>();
        services.AddScoped<TrendsHandler>();
        services.AddScoped<AnnualFiguresHandler>();
        return services;
    }

    private sealed class AnalyticsOptionsValidator : IValidateOptions<AnalyticsOptions>
    {
        public ValidateOptionsResult Validate(string? name, AnalyticsOptions options)
        {
            var found = options.Problems();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
