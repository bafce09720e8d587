using Kizuna.Core.Features.Provision.Newsletter;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Features.Provision.Newsletter;

/// <summary>The newsletter (重要インフラニュースレター): options, handlers and the scheduler.</summary>
public static class NewsletterServices
{
    public static IServiceCollection AddKizunaNewsletter(this IServiceCollection services)
    {
        services.AddOptions<NewsletterOptions>().BindConfiguration(NewsletterOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NewsletterOptions>, NewsletterOptionsValidator>();
        services.AddScoped<NewsletterCompiler>();
        services.AddScoped<NewsletterQueries>();
        services.AddScoped<DraftNewsletterHandler>();
        services.AddScoped<EditNewsletterIntroHandler>();
        services.AddScoped<ReleaseNewsletterHandler>();
        services.AddSingleton<NewsletterScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<NewsletterScheduler>());
        return services;
    }

    /// <summary>Reports every problem of <see cref="NewsletterOptions"/> by key at start-up.</summary>
    private sealed class NewsletterOptionsValidator : IValidateOptions<NewsletterOptions>
    {
        public ValidateOptionsResult Validate(string? name, NewsletterOptions options)
        {
            var found = options.Problems();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
