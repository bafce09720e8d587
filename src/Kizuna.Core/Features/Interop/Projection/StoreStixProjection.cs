using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Provision;
using Kizuna.Stix;
using Kizuna.Stix.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kizuna.Core.Features.Interop.Projection;

/// <summary>
/// Delivers <see cref="StixProjectionOutbox.Channel"/> messages: puts the projection of an advisory or a
/// report into the TAXII store, so TAXII readers and the <c>/intel</c> search see exactly who may see the item:
/// <list type="bullet">
/// <item>an advisory (not a draft) with its own distribution (TLP, owner, audience), in the collection of
/// each sector it is addressed to when its audience is sectors (and the organisations its relay chain
/// named), else in <c>community</c>;</item>
/// <item>a report's <b>sanitized</b> view, never more, with the report's distribution (its hops, the
/// reporter as owner), in its sector's collection, at the version of the message.</item>
/// </list>
/// The issuing organisation's identity is kept at TLP:CLEAR (<see cref="StixProjection.PublicIds"/>).
/// TLP:RED items are not put in the store (the TAXII store holds RED only in named inboxes); they stay
/// readable through their own pages and <c>/stix</c> endpoints. Every object passes the server's strict
/// object check. Idempotent: an object version already in the collection is not added again. Runs in
/// its own scope and transaction; of two writers taking the same sequence numbers one retries.
/// Exercise items are never put in the store (<see cref="Exercises.ExerciseIsolation"/>): their
/// <c>/stix</c> endpoints answer, with the label <c>kizuna-exercise</c>, and nothing else does.
/// </summary>
public sealed class StoreStixProjectionHandler(IServiceScopeFactory scopes, TimeProvider clock) : IOutboxHandler
{
    private const int MaxAttempts = 10;

    public string Channel => StixProjectionOutbox.Channel;

    public async Task<OutboxResult> HandleAsync(OutboxMessage message, KizunaDb outboxDb, CancellationToken ct)
    {
        var payload = message.ReadPayload<StixProjectionPayload>();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
        var collections = scope.ServiceProvider.GetRequiredService<TaxiiCollections>();
        var check = scope.ServiceProvider.GetRequiredService<IStixObjectCheck>();

        StixProjection projection;
        Distribution distribution;
        List<TaxiiCollection> targets;
        var all = await collections.AllAsync(ct);
        if (payload.Kind == StixProjectionOutbox.Advisory)
        {
            var advisory = await db.Advisories.AsNoTracking().FirstOrDefaultAsync(a => a.Id == payload.Id, ct);
            if (advisory is null) return OutboxResult.Permanent("The advisory no longer exists.");
            if (advisory.Status == AdvisoryStatus.Draft) return OutboxResult.Permanent("A draft is not projected.");
            if (advisory.ExerciseId is not null) return OutboxResult.Delivered; // exercise data never reaches a TAXII collection
            var publisher = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == advisory.Distribution.OwnerOrganizationId, ct);
            projection = AdvisoryProjection.Project(advisory, publisher);
            distribution = advisory.Distribution;
            var audience = advisory.Distribution.Audience;
            // Sector-addressed: sectors, and the relays and organisations named beside them; anything wider goes to the community feed.
            var sectorAddressed = audience.Any(a => a.Kind == AudienceKind.Sector) && audience.All(a => a.Kind is AudienceKind.Sector or AudienceKind.Organization);
            targets = sectorAddressed
                ? all.Where(c => c.Kind == TaxiiCollectionKinds.Sector && audience.Any(a => c.Key == "sector:" + a.Value)).ToList()
                : all.Where(c => c.Kind == TaxiiCollectionKinds.Community).ToList();
        }
        else if (payload.Kind == StixProjectionOutbox.Report)
        {
            var report = await db.Reports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == payload.Id, ct);
            if (report is null) return OutboxResult.Permanent("The report no longer exists.");
            if (report.ExerciseId is not null) return OutboxResult.Delivered; // exercise data never reaches a TAXII collection
            // The sanitized view, and only it, is what leaves the reporter's circle.
            var view = ReportQueries.SanitizedOf(report.SanitizedJson);
            if (view is null) return OutboxResult.Delivered;
            projection = ReportProjection.Sanitized(report, view, payload.Version);
            distribution = report.Distribution;
            targets = all.Where(c => c.Key == "sector:" + report.SectorCode).ToList();
        }
        else return OutboxResult.Permanent($"Unknown projection kind '{payload.Kind}'.");

        if (distribution.Tlp == Tlp.Red || targets.Count == 0) return OutboxResult.Delivered;

        var records = new List<(StixObjectFacts Facts, string Json, Distribution Distribution, IReadOnlyList<string> Sectors, TaxiiCollection Collection)>();
        var sectorCodes = await db.Sectors.AsNoTracking().OrderBy(s => s.SortOrder).Select(s => s.Code).ToListAsync(ct);
        foreach (var c in targets)
            foreach (var obj in projection.Objects)
            {
                var element = StixJson.ToElement(obj);
                var verdict = check.Check(element);
                if (verdict.Facts is not { } facts) return OutboxResult.Permanent($"The projection of {payload.Kind} {payload.Id:D} is not valid STIX: {verdict.Error}");
                var d = projection.PublicIds.Contains(obj.Id)
                    ? new Distribution(Tlp.Clear, distribution.OwnerOrganizationId, [AudienceEntry.Community()])
                    : new Distribution(distribution.Tlp, distribution.OwnerOrganizationId, distribution.Audience.Select(a => new AudienceEntry { Kind = a.Kind, Value = a.Value }));
                var sectors = projection.Sectors.Concat(StixSectors.Of(element, c, sectorCodes)).Where(sectorCodes.Contains).Distinct().ToList();
                records.Add((facts, element.GetRawText(), d, sectors, c));
            }

        for (var attempt = 1; ; attempt++)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await AddAsync(db, records, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return OutboxResult.Delivered;
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task AddAsync(KizunaDb db, List<(StixObjectFacts Facts, string Json, Distribution Distribution, IReadOnlyList<string> Sectors, TaxiiCollection Collection)> records,
        CancellationToken ct)
    {
        var tail = await db.StixObjects.OrderByDescending(r => r.Sequence).Select(r => new { r.Sequence, r.DateAdded }).FirstOrDefaultAsync(ct);
        var sequence = tail?.Sequence ?? 0;
        var now = TaxiiTime.ToMicroseconds(clock.GetUtcNow());
        var dateAdded = tail is not null && tail.DateAdded > now ? tail.DateAdded : now;
        foreach (var group in records.GroupBy(r => r.Collection))
        {
            var c = group.Key;
            var ids = group.Select(r => r.Facts.Id).Distinct().ToList();
            var existing = await db.StixObjects.Where(r => r.CollectionId == c.Id && ids.Contains(r.StixId)).ToListAsync(ct);
            var byId = existing.GroupBy(r => r.StixId).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var (facts, json, distribution, sectors, _) in group)
            {
                var versions = byId.TryGetValue(facts.Id, out var list) ? list : byId[facts.Id] = [];
                if (versions.Any(r => facts.Version is null ? !r.HasTimestamps : r.HasTimestamps && r.Version == facts.Version)) continue;
                var record = new StixObjectRecord(++sequence, c.Id, facts, json, dateAdded, distribution, StixObjectRecord.ProjectionContributorId, sectors);
                db.StixObjects.Add(record);
                versions.Add(record);
            }
            foreach (var versions in byId.Values) AddStixObjectsHandler.MarkEnds(versions);
        }
    }
}
