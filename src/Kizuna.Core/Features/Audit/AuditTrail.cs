using Kizuna.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Audit;

/// <summary>
/// Appends to and verifies the hash-chained audit trail. Appending saves the caller's pending
/// changes in the same transaction, so a change and its audit row land together or not at all.
/// Concurrent appenders (threads or server nodes) queue for the tail: on PostgreSQL a transaction
/// advisory lock (<see cref="TailLockKey"/>), taken before the tail is read and held until the
/// appending transaction ends, lets one appender at a time through (without it, appenders racing
/// for the same sequence number waited for each other's commits and then retried, and under a few
/// dozen concurrent acknowledgements ran out of attempts); SQLite has one writer anyway. Should two
/// appenders still take the same number, the loser's insert violates the primary key and it retries
/// on the new tail.
/// </summary>
public sealed class AuditTrail(TimeProvider clock)
{
    private const int MaxAttempts = 20;

    /// <summary>The PostgreSQL advisory lock key that serializes appends (any fixed number unique to this use).</summary>
    public const long TailLockKey = 0x4B5A_4155_4449_54;

    public async Task AppendAsync(KizunaDb db, AuditRecord record, CancellationToken ct = default)
        => await AppendManyAsync(db, [record], ct);

    /// <summary>
    /// Appends several records as consecutive rows in one insert (one tail read and one save per
    /// attempt), chained exactly as one by one: gap-free sequence numbers, each row linking to the
    /// hash of the one before. Nothing to append, nothing saved.
    /// </summary>
    public async Task AppendManyAsync(KizunaDb db, IReadOnlyList<AuditRecord> records, CancellationToken ct = default)
    {
        if (records.Count == 0) return;
        var postgres = db.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";
        // The lock lasts until the transaction ends, so without the caller's transaction the append brings its own.
        await using var own = postgres && db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        if (postgres) await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({TailLockKey})", ct);
        await AppendChainedAsync(db, records, ct);
        if (own is not null) await own.CommitAsync(ct);
    }

    private async Task AppendChainedAsync(KizunaDb db, IReadOnlyList<AuditRecord> records, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var tail = await db.AuditEntries.AsNoTracking()
                .OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash })
                .FirstOrDefaultAsync(ct);
            var (sequence, hash) = (tail?.Sequence ?? 0, tail?.Hash ?? AuditEntry.GenesisHash);
            var now = clock.GetUtcNow();
            var entries = new List<AuditEntry>(records.Count);
            foreach (var record in records)
            {
                var entry = new AuditEntry(++sequence, now, record, hash);
                entries.Add(entry);
                hash = entry.Hash;
            }
            db.AuditEntries.AddRange(entries);
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                foreach (var entry in entries) db.Entry(entry).State = EntityState.Detached;
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), ct);
            }
        }
    }

    /// <summary>Walks the whole trail; returns null when intact, else a description of the first broken or missing row.</summary>
    public static async Task<AuditBreak?> VerifyAsync(KizunaDb db, CancellationToken ct = default)
    {
        var expectedSequence = 1L;
        var previousHash = AuditEntry.GenesisHash;
        const int batch = 5000;
        while (true)
        {
            var rows = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Sequence >= expectedSequence)
                .OrderBy(e => e.Sequence)
                .Take(batch)
                .ToListAsync(ct);
            foreach (var row in rows)
            {
                if (row.Sequence != expectedSequence)
                    return new AuditBreak(expectedSequence, $"row {expectedSequence} is missing (next present row is {row.Sequence})");
                if (row.PreviousHash != previousHash)
                    return new AuditBreak(row.Sequence, $"row {row.Sequence} does not link to the hash of row {row.Sequence - 1}");
                if (row.ComputeHash() != row.Hash)
                    return new AuditBreak(row.Sequence, $"row {row.Sequence} was altered: its content no longer matches its hash");
                previousHash = row.Hash;
                expectedSequence++;
            }
            if (rows.Count < batch) return null;
        }
    }

    /// <summary>The count of rows checked is <c>Sequence - 1</c> of the reported break, or the whole trail.</summary>
    public sealed record AuditBreak(long Sequence, string Reason);
}
