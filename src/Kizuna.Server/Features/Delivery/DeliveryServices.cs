using Kizuna.Core.Features.Delivery;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Features.Delivery;

/// <summary>The outbox, its channels, its worker and the delivery-settings handlers.</summary>
public static class DeliveryServices
{
    public static IServiceCollection AddKizunaDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryOptions>>(new ProblemsValidator<DeliveryOptions>(o => o.Problems()));
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailOptions>>(new ProblemsValidator<MailOptions>(o => o.Problems()));
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxSignalInterceptor>();
        services.AddSingleton<WebhookClient>();
        services.AddScoped<IOutboxHandler, EmailChannel>();
        services.AddScoped<IOutboxHandler, WebhookChannel>();
        services.AddSingleton<OutboxWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxWorker>());
        services.AddScoped<GetDeliverySettingsHandler>();
        services.AddScoped<UpdateDeliverySettingsHandler>();
        services.AddScoped<AddWebhookHandler>();
        services.AddScoped<RemoveWebhookHandler>();
        services.AddScoped<RotateWebhookSecretHandler>();
        services.AddScoped<SendTestDeliveryHandler>();
        services.AddScoped<ReplayOutboxMessageHandler>();
        services.AddScoped<OutboxQueries>();
        return services;
    }

    /// <summary>Reports every problem of an options object by name, so a bad start-up says exactly which key is wrong.</summary>
    private sealed class ProblemsValidator<T>(Func<T, IReadOnlyList<string>> problems) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var found = problems(options);
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
