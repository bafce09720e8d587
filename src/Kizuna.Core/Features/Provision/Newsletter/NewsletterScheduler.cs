using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Provision.Newsletter;

/// <summary>
/// Drafts the newsletter on schedule (発行予定): every <see cref="NewsletterOptions.CheckInterval"/>
/// it works out the issue due by now (<see cref="NewsletterPeriod.DueAt"/>) and drafts it when it
/// does not exist. It only drafts: the coordinator previews and releases. Safe on several nodes:
/// the issue number is unique, so a node that loses the race gets a conflict and lets it be.
/// Driven by <see cref="TimeProvider"/>, so tests move the clock.
/// </summary>
public sealed class NewsletterScheduler(IServiceScopeFactory scopes, IOptions<NewsletterOptions> options, TimeProvider clock, ILogger<NewsletterScheduler> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            log.LogInformation("The newsletter scheduler is disabled on this node (Newsletter:Enabled=false).");
            return;
        }
        await Task.Yield();
        using var timer = new PeriodicTimer(options.Value.CheckInterval, clock);
        try
        {
            do
            {
                try
                {
                    var drafted = await RunOnceAsync(stoppingToken);
                    if (drafted is not null) log.LogInformation("Drafted the newsletter {Number}.", drafted);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    log.LogError(e, "The newsletter check failed; trying again at the next interval.");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One check: drafts the issue due by now if it is missing; returns its number, or null when there was nothing to do.</summary>
    public async Task<string?> RunOnceAsync(CancellationToken ct = default)
    {
        var period = NewsletterPeriod.DueAt(clock.GetUtcNow(), options.Value.EffectiveDaysOfMonth);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
        var number = period.Number;
        if (await db.NewsletterIssues.AsNoTracking().AnyAsync(i => i.Number == number, ct)) return null;
        try
        {
            await scope.ServiceProvider.GetRequiredService<DraftNewsletterHandler>()
                .HandleAsync(new DraftNewsletter(period.Year, period.Month, period.Half), Viewer.System, ct);
            return number;
        }
        catch (ConflictException)
        {
            return null; // another node drafted it first
        }
    }
}
