using Kizuna.Core.Data;
using Kizuna.Core.Features.Federation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Hosting;

public static class FederationServices
{
    /// <summary>
    /// Registers TAXII federation (連携): options validated at start-up, the TAXII client (typed
    /// HttpClient), peer management, the per-peer sync and the scheduler. Data Protection keys (which
    /// protect peer secrets, and the sign-in cookies) are kept in <see cref="FederationOptions.KeyDirectory"/>,
    /// by default <c>{data dir}/keys/data-protection</c>.
    /// </summary>
    public static IServiceCollection AddKizunaFederation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FederationOptions>().Bind(configuration.GetSection(FederationOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FederationOptions>>(new FederationOptionsValidator());
        services.AddDataProtection().SetApplicationName("Kizuna");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            var dir = sp.GetRequiredService<IOptions<FederationOptions>>().Value.KeyDirectory
                      ?? Path.Combine(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.DataDirectory, "keys", "data-protection");
            o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.GetFullPath(dir)), sp.GetRequiredService<ILoggerFactory>());
        }));
        services.AddHttpClient<TaxiiClient>(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<PeerSecretProtector>();
        services.AddScoped<ManagePeersHandler>();
        services.AddScoped<FederationQueries>();
        services.AddScoped<FederationSync>();
        services.AddSingleton<FederationWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<FederationWorker>());
        return services;
    }

    private sealed class FederationOptionsValidator : IValidateOptions<FederationOptions>
    {
        public ValidateOptionsResult Validate(string? name, FederationOptions options)
        {
            var found = options.Problems();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
