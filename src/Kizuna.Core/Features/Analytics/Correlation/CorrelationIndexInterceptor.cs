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
            .ToList();
        if (stix.Count > 0)
        {
            var owners = stix.Select(e => e.Entity.Distribution.OwnerOrganizationId).Distinct().ToList();
            var sectors = await db.Organizations.AsNoTracking().Where(o => owners.Contains(o.Id))
                .Select(o => new { o.Id, Sector = o.Sectors.OrderBy(s => s.SortOrder).Select(s => s.Code).FirstOrDefault() })
                .ToDictionaryAsync(x => x.Id, x => x.Sector ?? "", ct);
            foreach (var e in stix)
                items.Add(CorrelatedItems.FromStix(e.Entity, sectors.GetValueOrDefault(e.Entity.Distribution.OwnerOrganizationId, ""), e.State == EntityState.Deleted, max));
        }

        if (items.Count > 0) await indexer.ApplyAsync(db, items, ct);
    }
}
