using Kizuna.Core.Features.Analytics.Correlation;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Hosting;

public static class CorrelationServices
{
    /// <summary>Registers cross-sector correlation (相関分析): its options validated at start-up, the index interceptor, queries and handlers.</summary>
    public static IServiceCollection AddKizunaCorrelation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CorrelationOptions>().Bind(configuration.GetSection(CorrelationOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CorrelationOptions>>(new CorrelationOptionsValidator());
        services.AddSingleton<CorrelationIndexer>();
        services.AddSingleton<CorrelationIndexInterceptor>();
        services.AddScoped<Kizuna.Core.Features.Interop.IIngestHook, CorrelationIngestHook>();
        services.AddScoped<CorrelationQueries>();
        services.AddScoped<EditCorrelationWarningsHandler>();
        services.AddSingleton<RebuildCorrelationIndexHandler>();
        return services;
    }

    private sealed class CorrelationOptionsValidator : IValidateOptions<CorrelationOptions>
    {
        public ValidateOptionsResult Validate(string? name, CorrelationOptions options)
        {
            var found = options.Problems();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
