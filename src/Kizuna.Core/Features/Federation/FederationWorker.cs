using Kizuna.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Federation;

/// <summary>
/// The federation scheduler: every <see cref="FederationOptions.PollInterval"/> it runs each enabled
/// peer whose next attempt is due (<see cref="FederationSync"/>, one lease per peer, so with several
/// nodes one works a peer at a time). Off when <see cref="FederationOptions.WorkerEnabled"/> is false.
/// </summary>
public sealed class FederationWorker(IServiceScopeFactory scopes, IOptions<FederationOptions> options, TimeProvider clock, ILogger<FederationWorker> log) : BackgroundService
{
    /// <summary>One round: every due peer once. Returns the results.</summary>
    public async Task<IReadOnlyList<PeerRunResult>> RunDueAsync(CancellationToken ct = default)
    {
        List<string> due;
        using (var scope = scopes.CreateScope())
        {
            var now = clock.GetUtcNow();
            due = await scope.ServiceProvider.GetRequiredService<KizunaDb>().FederationPeers.AsNoTracking()
                .Where(p => p.Enabled && p.NextAttemptAt <= now).OrderBy(p => p.NextAttemptAt).Select(p => p.Code).ToListAsync(ct);
        }
        var results = new List<PeerRunResult>();
        foreach (var code in due)
        {
            using var scope = scopes.CreateScope();
            results.Add(await scope.ServiceProvider.GetRequiredService<FederationSync>().RunAsync(code, ct));
        }
        return results;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Federation round failed; retrying after the poll interval.");
            }
            try { await Task.Delay(options.Value.PollInterval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
