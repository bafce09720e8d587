using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Interop;
using Kizuna.Core.Features.Interop.Projection;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Hosting;

public static class IntelServices
{
    /// <summary>
    /// Registers searchable intelligence and the STIX projection: the search limits (<see cref="IntelOptions"/>,
    /// validated at start-up), the projection queries of the <c>/stix</c> endpoints, and the outbox handler
    /// that puts published advisories and shared sanitized reports into the TAXII store.
    /// </summary>
    public static IServiceCollection AddKizunaIntel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IntelOptions>().Bind(configuration.GetSection(IntelOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IntelOptions>>(new IntelOptionsValidator());
        services.AddScoped<StixProjectionQueries>();
        services.AddScoped<IOutboxHandler, StoreStixProjectionHandler>();
        return services;
    }

    private sealed class IntelOptionsValidator : IValidateOptions<IntelOptions>
    {
        public ValidateOptionsResult Validate(string? name, IntelOptions options)
        {
            var found = options.Problems();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
