using Kizuna.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Analytics.Correlation;

/// <summary>
/// Writes the occurrences of a few items into the index (相関インデックスの更新), in the caller's unit of
/// work: what was stored for the item and is gone is removed, what is new is added. The cost depends on the
/// items alone: a lookup of their stored occurrences, of the warning list, of the over-common marks, and a
/// count per new key bounded by <see cref="CorrelationOptions.MaxOccurrencesPerKey"/>. A key on the warning
/// list is skipped; a key at the cap is marked over-common and its further sightings are only counted.
/// Nothing is saved here: the caller's <c>SaveChanges</c> writes it with the item.
/// </summary>
public sealed class CorrelationIndexer(IOptionsMonitor<CorrelationOptions> options, TimeProvider clock, ILogger<CorrelationIndexer> logger)
{
    public async Task ApplyAsync(KizunaDb db, IReadOnlyList<CorrelatedItem> items, CancellationToken ct = default)
        => await ApplyAsync(db, items, null, ct);

    /// <summary>
    /// With a <paramref name="rebuild"/> state the index is known empty at the start and the counts, marks and
    /// warning list live in memory across batches (no lookups per batch); the caller saves the marks at the end.
    /// </summary>
    public async Task ApplyAsync(KizunaDb db, IReadOnlyList<CorrelatedItem> items, RebuildState? rebuild, CancellationToken ct = default)
    {
        if (items.Count == 0) return;
        var cap = options.CurrentValue.MaxOccurrencesPerKey;
        var itemIds = items.Select(i => i.Id).Distinct().ToList();
        // The lists are a few values per item: inlined as constants, so both databases seek the key and item indexes
        // (SQLite plans a JSON-array parameter as a scan of the whole table).
        var stored = rebuild is not null ? [] : await db.ObservableOccurrences.Where(o => EF.Constant(itemIds).Contains(o.ItemId)).ToListAsync(ct);
        // A save that is retried (the audit trail retries a lost race) comes back with the rows it added last time.
        var idSet = itemIds.ToHashSet();
        stored.AddRange(db.ChangeTracker.Entries<ObservableOccurrence>()
            .Where(e => e.State == EntityState.Added && idSet.Contains(e.Entity.ItemId)).Select(e => e.Entity));
        var storedByItem = stored.ToLookup(o => o.ItemId);

        var adds = new List<(CorrelatedItem Item, ObservableKey Key)>();
        foreach (var item in items)
        {
            var wanted = item.Keys.ToDictionary(k => k.Id);
            foreach (var o in storedByItem[item.Id])
            {
                if (!wanted.Remove(o.KeyId)) db.ObservableOccurrences.Remove(o);
                else o.Refresh(item.SectorCode, item.Pseudonym, item.At, item.Tlp, item.IsExercise);
            }
            adds.AddRange(wanted.Values.Select(k => (item, k)));
        }
        if (adds.Count == 0) return;

        HashSet<Guid> warned;
        Dictionary<Guid, OverCommonObservable> overCommon;
        Dictionary<Guid, int> counts;
        if (rebuild is not null)
        {
            (warned, overCommon, counts) = (rebuild.Warned, rebuild.OverCommon, rebuild.Counts);
        }
        else
        {
            var keyIds = adds.Select(a => a.Key.Id).Distinct().ToList();
            warned = (await db.CorrelationWarnings.AsNoTracking().Where(w => EF.Constant(keyIds).Contains(w.KeyId)).Select(w => w.KeyId).ToListAsync(ct)).ToHashSet();
            keyIds.RemoveAll(warned.Contains);
            overCommon = keyIds.Count == 0 ? [] : await db.OverCommonObservables.Where(o => EF.Constant(keyIds).Contains(o.KeyId)).ToDictionaryAsync(o => o.KeyId, ct);
            foreach (var e in db.ChangeTracker.Entries<OverCommonObservable>())
                if (e.State == EntityState.Added && keyIds.Contains(e.Entity.KeyId)) overCommon.TryAdd(e.Entity.KeyId, e.Entity);
            var counted = keyIds.Where(k => !overCommon.ContainsKey(k)).ToList();
            // Bounded by the cap: a key at the cap is marked over-common and never counted again.
            counts = counted.Count == 0 ? [] : await db.ObservableOccurrences.AsNoTracking().Where(o => !o.IsExercise && EF.Constant(counted).Contains(o.KeyId))
                .GroupBy(o => o.KeyId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        }

        var now = clock.GetUtcNow();
        foreach (var (item, key) in adds)
        {
            if (warned.Contains(key.Id)) continue;
            if (item.IsExercise)
            {
                // Exercise sightings are stored flagged and count toward no real figure: not the cap, not the over-common marks.
                db.ObservableOccurrences.Add(new ObservableOccurrence(key, item.Kind, item.Id, item.SectorCode, item.Pseudonym, item.At, item.Tlp, true));
                continue;
            }
            if (overCommon.TryGetValue(key.Id, out var mark))
            {
                mark.Skip(1);
                continue;
            }
            var n = counts.GetValueOrDefault(key.Id);
            if (n >= cap)
            {
                mark = new OverCommonObservable(key, now);
                mark.Skip(1);
                overCommon[key.Id] = mark;
                if (rebuild is null) db.OverCommonObservables.Add(mark);
                logger.LogWarning("Observable {Key} reached {Cap} occurrences: marked over-common, further sightings are counted and not stored.", key.Display, cap);
                continue;
            }
            counts[key.Id] = n + 1;
            db.ObservableOccurrences.Add(new ObservableOccurrence(key, item.Kind, item.Id, item.SectorCode, item.Pseudonym, item.At, item.Tlp, item.IsExercise));
        }
    }
}

/// <summary>What a rebuild keeps in memory across its batches: the warning list, the counts per key and the over-common marks.</summary>
public sealed class RebuildState(HashSet<Guid> warned)
{
    public HashSet<Guid> Warned { get; } = warned;
    public Dictionary<Guid, int> Counts { get; } = [];
    public Dictionary<Guid, OverCommonObservable> OverCommon { get; } = [];
}
