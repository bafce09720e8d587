using Kizuna.Core.Features.Hotline;
using Kizuna.Core.Leases;
using Kizuna.Server.ScaleOut;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Kizuna.Server.Hosting;

public static class ScaleOutServices
{
    /// <summary>
    /// Registers what spans the nodes: with <c>Redis:Configuration</c> set, one
    /// <see cref="IConnectionMultiplexer"/> (started with <c>AbortOnConnectFail=false</c>, so the node
    /// runs while Redis is down), the SignalR backplane over it, the Redis wake-up and the Redis
    /// leases; without, the in-process wake-up and leases (a single node, as with <c>dotnet run</c>).
    /// </summary>
    public static IServiceCollection AddKizunaScaleOut(this IServiceCollection services, IConfiguration configuration, ISignalRServerBuilder signalR)
    {
        services.AddOptions<RedisScaleOutOptions>().Bind(configuration.GetSection(RedisScaleOutOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedisScaleOutOptions>>(new RedisOptionsValidator());
        var redis = configuration.GetSection(RedisScaleOutOptions.Section).Get<RedisScaleOutOptions>() ?? new RedisScaleOutOptions();
        if (!redis.Enabled)
        {
            services.AddSingleton<ILeaseProvider, InProcessLeaseProvider>();
            services.AddSingleton<IHotlineWake, InProcessHotlineWake>();
            return services;
        }
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RedisScaleOutOptions>>().Value;
            return ConnectionMultiplexer.Connect(options.ToConfigurationOptions());
        });
        services.AddSingleton<ILeaseProvider, RedisLeaseProvider>();
        services.AddSingleton<RedisHotlineWake>();
        services.AddSingleton<IHotlineWake>(sp => sp.GetRequiredService<RedisHotlineWake>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisHotlineWake>());
        // The backplane uses the same connection (and so the same channel prefix).
        signalR.AddStackExchangeRedis();
        services.AddOptions<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisOptions>()
            .Configure<IServiceProvider>((o, sp) => o.ConnectionFactory = _ => Task.FromResult(sp.GetRequiredService<IConnectionMultiplexer>()));
        return services;
    }

    private sealed class RedisOptionsValidator : IValidateOptions<RedisScaleOutOptions>
    {
        public ValidateOptionsResult Validate(string? name, RedisScaleOutOptions options)
        {
            var found = options.Problems();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
