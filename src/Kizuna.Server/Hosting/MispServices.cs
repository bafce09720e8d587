using Kizuna.Core.Features.Misp;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Hosting;

public static class MispServices
{
    /// <summary>Registers the MISP exchange and feed (共通化・自動化): its options validated at start-up, the importer and the event queries.</summary>
    public static IServiceCollection AddKizunaMisp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MispOptions>().Bind(configuration.GetSection(MispOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MispOptions>>(new MispOptionsValidator());
        services.AddScoped<ImportMispEventsHandler>();
        services.AddScoped<MispEventQueries>();
        return services;
    }

    private sealed class MispOptionsValidator : IValidateOptions<MispOptions>
    {
        public ValidateOptionsResult Validate(string? name, MispOptions options)
        {
            var found = options.Problems();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
