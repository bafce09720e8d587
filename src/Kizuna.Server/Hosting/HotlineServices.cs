using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Hotline;
using Kizuna.Server.Features.Hotline;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Hosting;

public static class HotlineServices
{
    /// <summary>Registers the hotline (ホットライン): options validated at start-up, handlers, the outbox fan-out, the live signal, the scale-out (Redis or in-process) and the escalator.</summary>
    public static IServiceCollection AddKizunaHotline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HotlineOptions>().Bind(configuration.GetSection(HotlineOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HotlineOptions>>(new HotlineOptionsValidator());
        services.AddSingleton<HotlineSignal>();
        services.AddSingleton<HotlineStreamFeed>();
        services.AddSingleton<HotlineAckLinks>();
        services.AddScoped<HotlineDispatcher>();
        services.AddScoped<SendHotlineAlertHandler>();
        services.AddScoped<RaiseUrgentReportHandler>();
        services.AddScoped<AcknowledgeAlertHandler>();
        services.AddScoped<HotlineQueries>();
        services.AddScoped<IOutboxHandler, HotlineNotificationHandler>();
        services.AddScoped<IOutboxHandler, HotlineLiveHandler>();
        var signalR = services.AddSignalR(o => o.MaximumReceiveMessageSize = HotlineHub.MaxReceiveBytes);
        services.AddKizunaScaleOut(configuration, signalR);
        services.AddSingleton<HotlineEscalator>();
        services.AddHostedService(sp => sp.GetRequiredService<HotlineEscalator>());
        return services;
    }

    private sealed class HotlineOptionsValidator : IValidateOptions<HotlineOptions>
    {
        public ValidateOptionsResult Validate(string? name, HotlineOptions options)
        {
            var found = options.Problems();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
