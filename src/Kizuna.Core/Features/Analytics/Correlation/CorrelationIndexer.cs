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
    public async Task ApplyAsync(KizunaDb db, IReadOnlyList<CorrelatedItem> items, bool knownEmpty = false, CancellationToken ct = default)
    {
        if (items.Count == 0) return;
        var cap = options.CurrentValue.MaxOccurrencesPerKey;
        var itemIds = items.Select(i => i.Id).Distinct().ToList();
        var stored = knownEmpty ? [] : await db.ObservableOccurrences.Where(o => itemIds.Contains(o.ItemId)).ToListAsync(ct);
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

        var keyIds = adds.Select(a => a.Key.Id).Distinct().ToList();
        var warned = (await db.CorrelationWarnings.AsNoTracking().Where(w => keyIds.Contains(w.KeyId)).Select(w => w.KeyId).ToListAsync(ct)).ToHashSet();
        keyIds.RemoveAll(warned.Contains);
        var overCommon = keyIds.Count == 0 ? [] : await db.OverCommonObservables.Where(o => keyIds.Contains(o.KeyId)).ToDictionaryAsync(o => o.KeyId, ct);
        foreach (var e in db.ChangeTracker.Entries<OverCommonObservable>())
            if (e.State == EntityState.Added && keyIds.Contains(e.Entity.KeyId)) overCommon.TryAdd(e.Entity.KeyId, e.Entity);
        var counted = keyIds.Where(k => !overCommon.ContainsKey(k)).ToList();
        // Bounded by the cap: a key at the cap is marked over-common and never counted again.
        var counts = counted.Count == 0 ? [] : await db.ObservableOccurrences.AsNoTracking().Where(o => counted.Contains(o.KeyId))
            .GroupBy(o => o.KeyId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

        var now = clock.GetUtcNow();
        foreach (var (item, key) in adds)
        {
            if (warned.Contains(key.Id)) continue;
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
                db.OverCommonObservables.Add(mark);
                logger.LogWarning("Observable {Key} reached {Cap} occurrences: marked over-common, further sightings are counted and not stored.", key.Display, cap);
                continue;
            }
            counts[key.Id] = n + 1;
            db.ObservableOccurrences.Add(new ObservableOccurrence(key, item.Kind, item.Id, item.SectorCode, item.Pseudonym, item.At, item.Tlp, item.IsExercise));
        }
    }
}
