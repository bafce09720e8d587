using System.Diagnostics;
using Kizuna.Core.Data;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Provision;
using Kizuna.Core.Features.Interop;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Analytics.Correlation;

/// <summary>What a rebuild did.</summary>
public sealed record RebuildResult(int Reports, int Advisories, int StixObjects, long Occurrences, int OverCommonKeys, TimeSpan Elapsed);

/// <summary>
/// Builds the correlation index from scratch (<c>kizuna analytics rebuild</c>): empties it, then reads every
/// submitted report, published advisory and latest STIX object in batches, each batch in a fresh context
/// and its own save, so memory stays flat however large the data. Normal operation never needs it: the
/// index is kept current as items change; rebuild after a change of the warning list or of the cap.
/// </summary>
public sealed class RebuildCorrelationIndexHandler(IServiceScopeFactory scopes, IOptionsMonitor<CorrelationOptions> options)
{
    public const int BatchSize = 1_000;

    public async Task<RebuildResult> HandleAsync(Action<string>? progress = null, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        var max = options.CurrentValue.MaxObservablesPerItem;
        RebuildState state;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
            await db.ObservableOccurrences.ExecuteDeleteAsync(ct);
            await db.OverCommonObservables.ExecuteDeleteAsync(ct);
            state = new RebuildState((await db.CorrelationWarnings.Select(w => w.KeyId).ToListAsync(ct)).ToHashSet());
        }
        var reports = await BatchesAsync((db, after) => db.Reports.AsNoTracking().Where(r => r.Status != ReportStatus.Draft && r.Id.CompareTo(after) > 0).OrderBy(r => r.Id),
            r => r.Id, (_, r) => CorrelatedItems.FromReport(r, max), state, progress, "reports", ct);
        var advisories = await BatchesAsync((db, after) => db.Advisories.AsNoTracking().Where(a => a.Status == AdvisoryStatus.Published && a.Id.CompareTo(after) > 0).OrderBy(a => a.Id),
            a => a.Id, (_, a) => CorrelatedItems.FromAdvisory(a, max), state, progress, "advisories", ct);
        Dictionary<Guid, string>? sectors = null;
        var stix = await BatchesAsync((db, after) => db.StixObjects.AsNoTracking().Where(o => o.IsLatest && o.ContributorUserId != StixObjectRecord.ProjectionContributorId && o.Id.CompareTo(after) > 0).OrderBy(o => o.Id),
            o => o.Id, (sectorsOf, o) => CorrelatedItems.FromStix(o, sectorsOf.GetValueOrDefault(o.Distribution.OwnerOrganizationId, ""), false, max), state, progress, "STIX objects", ct,
            async db => sectors ??= await db.Organizations.AsNoTracking()
                .Select(o => new { o.Id, Sector = o.Sectors.OrderBy(s => s.SortOrder).Select(s => s.Code).FirstOrDefault() })
                .ToDictionaryAsync(x => x.Id, x => x.Sector ?? "", ct));
        await using var last = scopes.CreateAsyncScope();
        var lastDb = last.ServiceProvider.GetRequiredService<KizunaDb>();
        lastDb.OverCommonObservables.AddRange(state.OverCommon.Values);
        await lastDb.SaveChangesAsync(ct);
        return new RebuildResult(reports, advisories, stix, await lastDb.ObservableOccurrences.LongCountAsync(ct),
            await lastDb.OverCommonObservables.CountAsync(ct), watch.Elapsed);
    }

    private async Task<int> BatchesAsync<T>(Func<KizunaDb, Guid, IQueryable<T>> query, Func<T, Guid> idOf, Func<Dictionary<Guid, string>, T, CorrelatedItem> build,
        RebuildState state, Action<string>? progress, string what, CancellationToken ct, Func<KizunaDb, Task<Dictionary<Guid, string>>>? context = null)
    {
        var after = Guid.Empty;
        var total = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var extra = context is null ? [] : await context(db);
            var batch = await query(db, after).Take(BatchSize).ToListAsync(ct);
            if (batch.Count == 0) break;
            await scope.ServiceProvider.GetRequiredService<CorrelationIndexer>()
                .ApplyAsync(db, batch.Select(x => build(extra, x)).ToList(), state, ct);
            await db.SaveChangesAsync(ct);
            total += batch.Count;
            after = idOf(batch[^1]);
            progress?.Invoke($"{what}: {total}");
        }
        return total;
    }
}
