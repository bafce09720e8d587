using Microsoft.Extensions.Logging;

namespace Kizuna.Core.Leases;

/// <summary>How a leased run went.</summary>
public enum LeasedRun
{
    /// <summary>This node held the lease and did the work.</summary>
    Ran,

    /// <summary>Another holder had the lease: the work was not done here.</summary>
    HeldElsewhere,

    /// <summary>The lease store was unreachable and the caller asked to work anyway.</summary>
    RanWithoutLease,

    /// <summary>The lease store was unreachable and the caller asked to skip.</summary>
    SkippedUnavailable,
}

/// <summary>
/// Runs a piece of work under a lease: takes it, renews it every third of its time while the work
/// runs, releases it after. The one way background rounds (the hotline escalator, the crisis
/// reminders) keep to one node at a time:
/// <code>await leases.RunAsync("crisis-reminders", ttl, ct => RunOnceAsync(ct), whenUnavailable: true, log, ct);</code>
/// </summary>
public static class LeaseRunner
{
    public static async Task<LeasedRun> RunAsync(this ILeaseProvider leases, string name, TimeSpan ttl, Func<CancellationToken, Task> work,
        bool runWhenUnavailable, ILogger log, CancellationToken ct = default)
    {
        ILease? lease;
        try
        {
            lease = await leases.TryAcquireAsync(name, ttl, ct);
        }
        catch (LeaseUnavailableException e)
        {
            if (!runWhenUnavailable)
            {
                log.LogWarning(e, "Lease {Lease} unavailable (the lease store is unreachable); skipping this round.", name);
                return LeasedRun.SkippedUnavailable;
            }
            log.LogWarning(e, "Lease {Lease} unavailable (the lease store is unreachable); running this round without it.", name);
            await work(ct);
            return LeasedRun.RanWithoutLease;
        }
        if (lease is null) return LeasedRun.HeldElsewhere;
        await using (lease)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var renewing = RenewAsync(lease, ttl, log, stop.Token);
            try
            {
                await work(ct);
            }
            finally
            {
                await stop.CancelAsync();
                await renewing;
            }
        }
        return LeasedRun.Ran;
    }

    private static async Task RenewAsync(ILease lease, TimeSpan ttl, ILogger log, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(ttl / 3, ct);
                if (!await lease.RenewAsync(ttl, ct))
                {
                    log.LogWarning("Lease {Lease} was lost while its work ran (expired or taken); the work goes on, guarded by its own conditions.", lease.Name);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (LeaseUnavailableException e)
        {
            log.LogWarning(e, "Lease {Lease} could not be renewed (the lease store is unreachable).", lease.Name);
        }
    }
}
