using Kizuna.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Delivery;

/// <summary>
/// Delivers the outbox (送信処理), at least once. Each round claims a batch of due, pending,
/// unleased messages with one conditional UPDATE (the conditions are repeated outside the batch
/// subquery, so on PostgreSQL a row another node claimed meanwhile is skipped, never shared), then
/// delivers them in <see cref="DeliveryOptions.Parallelism"/> lanes. Each message's outcome, and any
/// fan-out its handler added, is saved in one SaveChanges; a lane saves the outcomes of up to
/// <see cref="SaveEvery"/> consecutive messages (or those of <see cref="SaveAfter"/>) together, so
/// 30,000 mails cost hundreds of commits rather than 30,000 (one commit per message made SQLite's
/// single writer the bottleneck). A failed attempt's fan-out is dropped before the save. A node
/// killed mid-round leaves leases that lapse after <see cref="DeliveryOptions.LeaseDuration"/>;
/// another round then retries them, so what it delivered since its last save is delivered again
/// (at least once, as always; receivers deduplicate on the idempotency key).
/// </summary>
public sealed class OutboxWorker(IServiceScopeFactory scopes, OutboxSignal signal, IOptions<DeliveryOptions> options, TimeProvider clock, ILogger<OutboxWorker> log)
    : BackgroundService
{
    /// <summary>This worker's name in <see cref="OutboxMessage.LeaseOwner"/>.</summary>
    public string NodeId { get; } = NewNodeId();

    private static string NewNodeId()
    {
        var machine = Environment.MachineName.Length > 40 ? Environment.MachineName[..40] : Environment.MachineName;
        return $"{machine}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled)
        {
            log.LogInformation("The outbox worker is disabled on this node (Delivery:WorkerEnabled=false).");
            return;
        }
        await Task.Yield();
        var nextPurge = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                handled = await RunOnceAsync(stoppingToken);
                if (clock.GetUtcNow() >= nextPurge)
                {
                    await PurgeSentAsync(stoppingToken);
                    nextPurge = clock.GetUtcNow() + PurgeInterval;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "An outbox round failed; trying again after the poll interval.");
            }
            if (handled >= options.Value.BatchSize) continue;
            try
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One round: claims up to a batch of due messages and delivers them; returns how many it handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        var claim = $"{NodeId}:{Guid.NewGuid().ToString("N")[..12]}";
        List<Guid> ids;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
            var now = clock.GetUtcNow();
            var until = now + o.LeaseDuration;
            var batch = db.Outbox
                .Where(m => m.Status == OutboxStatus.Pending && m.DueAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
                .OrderBy(m => m.DueAt).Select(m => m.Id).Take(o.BatchSize);
            ids = await ClaimAsync(db, batch, claim, now, until, ct);
        }
        if (ids.Count == 0) return 0;
        var lanes = Math.Min(o.Parallelism, ids.Count);
        var tasks = Enumerable.Range(0, lanes).Select(lane => DeliverLaneAsync(ids.Where((_, i) => i % lanes == lane).ToList(), claim, ct));
        await Task.WhenAll(tasks);
        return ids.Count;
    }

    /// <summary>
    /// Delivers the given messages now, on this thread, if they are due and nobody holds them: the
    /// express lane for messages whose delay matters (the hotline's live push), called right after
    /// the transaction that queued them. Claimed with the same conditional update as a round, so a
    /// message is never delivered by two nodes at once; what this call cannot deliver (the worker is
    /// disabled on this node, the handler failed, the process dies) stays in the outbox for the
    /// worker. Never throws for a delivery failure; returns how many it claimed.
    /// </summary>
    public async Task<int> DeliverNowAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken ct = default)
    {
        if (!options.Value.WorkerEnabled || messageIds.Count == 0) return 0;
        var claim = $"{NodeId}:now:{Guid.NewGuid().ToString("N")[..8]}";
        try
        {
            List<Guid> ids;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
                var now = clock.GetUtcNow();
                ids = await ClaimAsync(db, db.Outbox.Where(m => messageIds.Contains(m.Id)).Select(m => m.Id), claim, now, now + options.Value.LeaseDuration, ct);
            }
            if (ids.Count > 0) await DeliverLaneAsync(ids, claim, ct);
            return ids.Count;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Express delivery failed; the outbox worker will deliver these messages.");
            return 0;
        }
    }

    /// <summary>Leases the due, pending, unleased messages among <paramref name="candidates"/> to <paramref name="claim"/> (one conditional update) and returns them.</summary>
    private static async Task<List<Guid>> ClaimAsync(KizunaDb db, IQueryable<Guid> candidates, string claim, DateTimeOffset now, DateTimeOffset until, CancellationToken ct)
    {
        var claimed = await db.Outbox
            .Where(m => candidates.Contains(m.Id) && m.Status == OutboxStatus.Pending && m.DueAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, claim).SetProperty(m => m.LeaseUntil, until), ct);
        if (claimed == 0) return [];
        return await db.Outbox.AsNoTracking().Where(m => m.LeaseOwner == claim && m.Status == OutboxStatus.Pending)
            .OrderBy(m => m.DueAt).Select(m => m.Id).ToListAsync(ct);
    }

    /// <summary>How often a worker deletes sent messages past <see cref="DeliveryOptions.SentRetention"/>.</summary>
    public static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    /// <summary>Sent messages deleted per statement; a purge stops after <see cref="MaxPurgeBatches"/> of them and goes on next time.</summary>
    public const int PurgeBatch = 1000;

    public const int MaxPurgeBatches = 100;

    /// <summary>
    /// Deletes messages sent longer than <see cref="DeliveryOptions.SentRetention"/> ago, in
    /// batches (a sent message's <c>DueAt</c> is never after its <c>SentAt</c>, so the status and
    /// due-time index finds them). Pending and dead messages stay. Returns how many it deleted.
    /// </summary>
    public async Task<int> PurgeSentAsync(CancellationToken ct = default)
    {
        var retention = options.Value.SentRetention;
        if (retention == TimeSpan.Zero) return 0;
        var cutoff = clock.GetUtcNow() - retention;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
        var total = 0;
        for (var i = 0; i < MaxPurgeBatches; i++)
        {
            var batch = db.Outbox.Where(m => m.Status == OutboxStatus.Sent && m.DueAt < cutoff && m.SentAt < cutoff).Select(m => m.Id).Take(PurgeBatch);
            var deleted = await db.Outbox.Where(m => batch.Contains(m.Id)).ExecuteDeleteAsync(ct);
            total += deleted;
            if (deleted < PurgeBatch) break;
        }
        if (total > 0) log.LogInformation("Deleted {Count} outbox messages sent before {Cutoff:u}.", total, cutoff);
        return total;
    }

    /// <summary>At most this many outcomes of a lane wait for one save.</summary>
    public const int SaveEvery = 50;

    /// <summary>Outcomes are saved at the latest once this long has passed since the first unsaved one.</summary>
    public static readonly TimeSpan SaveAfter = TimeSpan.FromSeconds(1);

    private async Task DeliverLaneAsync(List<Guid> ids, string claim, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
        var handlers = scope.ServiceProvider.GetServices<IOutboxHandler>().ToDictionary(h => h.Channel, StringComparer.Ordinal);
        var messages = await db.Outbox.Where(m => ids.Contains(m.Id) && m.LeaseOwner == claim && m.Status == OutboxStatus.Pending).ToListAsync(ct);
        var unsaved = 0;
        var firstUnsavedAt = 0L;
        foreach (var message in messages.OrderBy(m => m.DueAt))
        {
            if (ct.IsCancellationRequested) break;
            var before = AddedMessages(db);
            OutboxResult result;
            try
            {
                result = handlers.TryGetValue(message.Channel, out var handler)
                    ? await handler.HandleAsync(message, db, ct)
                    : OutboxResult.Retry($"No handler for channel '{message.Channel}' on this node.");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // No outcome: the message stays leased and is tried again once the lease lapses; its fan-out goes.
                DetachAddedSince(db, before);
                break;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Outbox handler for {Channel} failed on message {Id}.", message.Channel, message.Id);
                result = OutboxResult.Retry($"{e.GetType().Name}: {e.Message}");
            }
            Record(db, message, result, before);
            if (unsaved++ == 0) firstUnsavedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            if (unsaved >= SaveEvery || System.Diagnostics.Stopwatch.GetElapsedTime(firstUnsavedAt) >= SaveAfter)
            {
                await SaveAsync(db, ct);
                unsaved = 0;
            }
        }
        // What was delivered is saved even when stopping, so a shutdown does not send it again.
        if (unsaved > 0) await SaveAsync(db, CancellationToken.None);
        ct.ThrowIfCancellationRequested();
    }

    private void Record(KizunaDb db, OutboxMessage message, OutboxResult result, HashSet<OutboxMessage> addedBefore)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        if (result.Outcome == OutboxOutcome.Delivered)
        {
            message.MarkSent(now);
            return;
        }
        if (result.Outcome == OutboxOutcome.Postponed)
        {
            message.Postpone(result.Error ?? "Postponed.", now + (result.RetryAfter ?? o.PollInterval));
            DetachAddedSince(db, addedBefore);
            return;
        }
        var retryable = result.Outcome == OutboxOutcome.Retry && message.Attempts + 1 < o.MaxAttempts;
        message.Fail(retryable, result.Error ?? result.Outcome.ToString(), now + (result.RetryAfter ?? Backoff(message.Attempts + 1)));
        if (!retryable) log.LogWarning("Outbox message {Id} ({Channel}, {Key}) is dead: {Error}", message.Id, message.Channel, message.IdempotencyKey, message.LastError);
        // Fan-out belongs to a delivery; a failed attempt adds none.
        DetachAddedSince(db, addedBefore);
    }

    private static HashSet<OutboxMessage> AddedMessages(KizunaDb db)
        => db.ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToHashSet();

    private static void DetachAddedSince(KizunaDb db, HashSet<OutboxMessage> addedBefore)
    {
        foreach (var added in db.ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added && !addedBefore.Contains(e.Entity)).ToList())
            added.State = EntityState.Detached;
    }

    private static async Task SaveAsync(KizunaDb db, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await DropDuplicateFanOutAsync(db, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException) when (attempt < 3 && db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added))
            {
                // Another node queued the same fan-out between the check and the save: check again.
            }
        }
    }

    /// <summary>Fan-out whose idempotency key is already in the outbox was queued by an earlier run: drop it.</summary>
    private static async Task DropDuplicateFanOutAsync(KizunaDb db, CancellationToken ct)
    {
        var added = db.ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added).ToList();
        if (added.Count == 0) return;
        var keys = added.Select(e => e.Entity.IdempotencyKey).Distinct().ToList();
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(500))
            existing.UnionWith(await db.Outbox.AsNoTracking().Where(m => chunk.Contains(m.IdempotencyKey)).Select(m => m.IdempotencyKey).ToListAsync(ct));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in added)
            if (existing.Contains(entry.Entity.IdempotencyKey) || !seen.Add(entry.Entity.IdempotencyKey))
                entry.State = EntityState.Detached;
    }

    /// <summary>Exponential backoff with jitter: base × 2^(attempt−1), capped, then scaled by a random 0.5–1.0.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var o = options.Value;
        var exponential = o.BaseRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var capped = Math.Min(exponential, o.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + Random.Shared.NextDouble() * 0.5));
    }
}
