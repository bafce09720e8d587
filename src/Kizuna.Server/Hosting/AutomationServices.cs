using Kizuna.Core.Features.Automation;
using Kizuna.Core.Features.Interop;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Hosting;

public static class AutomationServices
{
    /// <summary>Registers automation (自動化): its options validated at start-up, the ingest rules run after every TAXII add, rule editing and indicator extraction.</summary>
    public static IServiceCollection AddKizunaAutomation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AutomationOptions>().Bind(configuration.GetSection(AutomationOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AutomationOptions>>(new AutomationOptionsValidator());
        services.AddScoped<IIngestHook, IngestRuleEngine>();
        services.AddScoped<RuleEditors>();
        services.AddScoped<ManageIngestRulesHandler>();
        services.AddScoped<IngestRuleQueries>();
        services.AddScoped<ExtractIndicatorsHandler>();
        return services;
    }

    private sealed class AutomationOptionsValidator : IValidateOptions<AutomationOptions>
    {
        public ValidateOptionsResult Validate(string? name, AutomationOptions options)
        {
            var found = options.Problems();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
