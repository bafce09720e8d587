using Kizuna.Core.Features.Interop;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Hosting;

public static class InteropServices
{
    /// <summary>Registers the TAXII 2.1 server (共通化・自動化): its options validated at start-up, the collections, the object check, handlers and queries.</summary>
    public static IServiceCollection AddKizunaInterop(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TaxiiOptions>().Bind(configuration.GetSection(TaxiiOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TaxiiOptions>>(new TaxiiOptionsValidator());
        // Every posted object: the store's facts (BasicStixObjectCheck), then Kizuna.Stix's strict validation and pattern parser.
        services.AddSingleton<BasicStixObjectCheck>();
        services.AddSingleton<IStixObjectCheck, StrictStixObjectCheck>();
        services.AddScoped<TaxiiCollections>();
        services.AddScoped<AddStixObjectsHandler>();
        services.AddScoped<DeleteStixObjectHandler>();
        services.AddScoped<StixObjectQueries>();
        services.AddScoped<SeedDemoIntelHandler>();
        services.AddScoped<IntelQueries>();
        return services;
    }

    private sealed class TaxiiOptionsValidator : IValidateOptions<TaxiiOptions>
    {
        public ValidateOptionsResult Validate(string? name, TaxiiOptions options)
        {
            var found = options.Problems();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
