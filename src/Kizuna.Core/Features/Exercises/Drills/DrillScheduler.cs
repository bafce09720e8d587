using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Leases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Exercises.Drills;

/// <summary>
/// The drill scheduler: each poll interval it starts the scheduled drills that are due and closes the
/// running drills past their deadline. Each start and close is a conditional update
/// (<see cref="DrillStarter"/>), so of two schedulers (threads or nodes) only one takes it: a drill starts
/// once. Rounds run under the lease <see cref="LeaseName"/> so that with several nodes one does the
/// work; when the lease store is unreachable the round runs anyway. Driven by <see cref="TimeProvider"/>.
/// </summary>
public sealed class DrillScheduler(IServiceScopeFactory scopes, IOptions<DrillOptions> options, TimeProvider clock, ILeaseProvider leases,
    ILogger<DrillScheduler> log) : BackgroundService
{
    public const string LeaseName = "drill-scheduler";

    /// <summary>What one round did.</summary>
    public sealed record Round(int Started, int Closed);

    private TimeSpan LeaseTtl
    {
        get
        {
            var ttl = options.Value.PollInterval * 3;
            return ttl < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : ttl > LeaseLimits.MaxTtl ? LeaseLimits.MaxTtl : ttl;
        }
    }

    /// <summary>One round under the lease: skipped when another node holds it.</summary>
    public Task<LeasedRun> RunRoundAsync(CancellationToken ct = default)
        => leases.RunAsync(LeaseName, LeaseTtl, RunOnceAsync, runWhenUnavailable: true, log, ct);

    /// <summary>One round without the lease (tests race two of these): returns how many drills this call started and closed.</summary>
    public async Task<Round> RunOnceAsync(CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
        var starter = scope.ServiceProvider.GetRequiredService<DrillStarter>();
        var now = clock.GetUtcNow();
        var due = await db.Set<Drill>().AsNoTracking().Where(d => d.Status == DrillStates.Scheduled && d.ScheduledAt <= now)
            .OrderBy(d => d.ScheduledAt).Select(d => d.Id).ToListAsync(ct);
        int started = 0, closed = 0;
        foreach (var id in due)
        {
            try
            {
                if (await starter.StartAsync(id, Viewer.System, ct)) started++;
            }
            catch (InputException e)
            {
                // The directory changed since it was scheduled and the chain now reaches nobody: cancel it rather than retry for ever.
                log.LogWarning("Drill {Drill} could not start ({Reason}); it is cancelled.", id, e.Message);
                db.ChangeTracker.Clear();
                await starter.CancelAsync(id, Viewer.System, ct);
            }
        }
        var expired = await db.Set<Drill>().AsNoTracking().Where(d => d.Status == DrillStates.Running && d.ClosesAt <= now).Select(d => d.Id).ToListAsync(ct);
        foreach (var id in expired)
            if (await starter.CloseAsync(id, Viewer.System, ct)) closed++;
        return new Round(started, closed);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunRoundAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Drill scheduler round failed; retrying after the poll interval.");
            }
            try { await Task.Delay(options.Value.PollInterval, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
