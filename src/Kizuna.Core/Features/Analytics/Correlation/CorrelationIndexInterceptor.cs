using Kizuna.Core.Data;
using Kizuna.Core.Features.Interop;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Provision;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Analytics.Correlation;

/// <summary>
/// Keeps the correlation index current in the same transaction as the change that causes it: a report
/// submission (its sanitized view), an advisory published, corrected or withdrawn, a STIX object stored,
/// superseded or deleted. Every path that writes these items (web, API, TAXII, federation, CLI, seeding)
/// goes through <c>SaveChanges</c>, so none can forget the index.
/// </summary>
public sealed class CorrelationIndexInterceptor(CorrelationIndexer indexer, IOptionsMonitor<CorrelationOptions> options) : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is KizunaDb db) await IndexAsync(db, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        // Kizuna saves asynchronously everywhere; a synchronous save still keeps the index right.
        if (eventData.Context is KizunaDb db) IndexAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    private async Task IndexAsync(KizunaDb db, CancellationToken ct)
    {
        var tracker = db.ChangeTracker;
        tracker.DetectChanges();
        var max = options.CurrentValue.MaxObservablesPerItem;
        var items = new List<CorrelatedItem>();

        var submitted = tracker.Entries<ReportSubmission>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.ReportId).ToHashSet();
        foreach (var e in tracker.Entries<IncidentReport>())
            if (submitted.Contains(e.Entity.Id) && e.State is EntityState.Added or EntityState.Modified or EntityState.Unchanged)
                items.Add(CorrelatedItems.FromReport(e.Entity, max));

        foreach (var e in tracker.Entries<Advisory>())
        {
            if (e.State == EntityState.Added && e.Entity.Status == AdvisoryStatus.Published
                || e.State == EntityState.Modified && (e.Property(a => a.Status).IsModified || e.Property(a => a.ContentJson).IsModified))
                items.Add(CorrelatedItems.FromAdvisory(e.Entity, max));
        }

        var stix = tracker.Entries<StixObjectRecord>()
            .Where(e => e.State is EntityState.Added or EntityState.Deleted
                        || e.State == EntityState.Modified && e.Property(o => o.IsLatest).IsModified)
            .Select(e => (e.Entity, e.State == EntityState.Deleted))
            .ToList();
        items.AddRange(await StixItemsAsync(db, stix, max, ct));

        if (items.Count > 0) await indexer.ApplyAsync(db, items, ct);
    }

    /// <summary>
    /// The correlated items of stored STIX records (sector: the owner's first sector), leaving out
    /// projections of Kizuna's own reports and advisories, which are correlated as themselves.
    /// </summary>
    internal static async Task<List<CorrelatedItem>> StixItemsAsync(KizunaDb db, IReadOnlyList<(StixObjectRecord Record, bool Deleted)> records, int max, CancellationToken ct)
    {
        var own = records.Where(r => r.Record.ContributorUserId != StixObjectRecord.ProjectionContributorId).ToList();
        if (own.Count == 0) return [];
        var owners = own.Select(r => r.Record.Distribution.OwnerOrganizationId).Distinct().ToList();
        var sectors = await db.Organizations.AsNoTracking().Where(o => owners.Contains(o.Id))
            .Select(o => new { o.Id, Sector = o.Sectors.OrderBy(s => s.SortOrder).Select(s => s.Code).FirstOrDefault() })
            .ToDictionaryAsync(x => x.Id, x => x.Sector ?? "", ct);
        return own.Select(r => CorrelatedItems.FromStix(r.Record, sectors.GetValueOrDefault(r.Record.Distribution.OwnerOrganizationId, ""), r.Deleted, max)).ToList();
    }
}

/// <summary>
/// Indexes the records an envelope added through <see cref="AddStixObjectsHandler"/>: they are written
/// by <c>StixObjectInserter</c> outside the change tracker, so the interceptor does not see them.
/// Runs in the envelope's transaction, like every <see cref="IIngestHook"/>.
/// </summary>
public sealed class CorrelationIngestHook(KizunaDb db, CorrelationIndexer indexer, IOptionsMonitor<CorrelationOptions> options) : IIngestHook
{
    public async Task AfterStoredAsync(IReadOnlyList<StixObjectRecord> added, CancellationToken ct)
    {
        var items = await CorrelationIndexInterceptor.StixItemsAsync(db, added.Select(r => (r, false)).ToList(), options.CurrentValue.MaxObservablesPerItem, ct);
        if (items.Count == 0) return;
        await indexer.ApplyAsync(db, items, ct);
        await db.SaveChangesAsync(ct);
    }
}
