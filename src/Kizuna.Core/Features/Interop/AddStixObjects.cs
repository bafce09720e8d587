using System.Text.Json;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Interop;

/// <summary>
/// Adds the objects of a TAXII envelope to a collection (TAXII 2.1 §5.5) and returns its status.
/// Each object is checked on its own (<see cref="IStixObjectCheck"/>, then its marking against the
/// collection): good ones are added, bad ones listed as failures with the reason, in one
/// transaction with the status and the audit entry. Idempotent: an object version already in the
/// collection (same id and <c>modified</c>) counts as a success and adds nothing, so a re-sent
/// envelope changes nothing. Sequence numbers are taken inside the transaction from the current
/// maximum; of two writers that take the same ones, the unique index lets one commit and the
/// other starts again, so the sequence grows in commit order.
/// </summary>
public sealed class AddStixObjectsHandler(KizunaDb db, TaxiiCollections collections, IStixObjectCheck check, AuditTrail audit, TimeProvider clock, IOptions<TaxiiOptions> options)
{
    private const int MaxAttempts = 10;
    private const int LookupChunk = 500;

    public async Task<TaxiiStatus> HandleAsync(string collection, JsonDocument envelope, Viewer viewer, CancellationToken ct = default)
    {
        var access = await collections.WritableAsync(viewer, collection, ct);
        var c = access.Collection;
        if (envelope.RootElement.ValueKind != JsonValueKind.Object)
            throw new InputException("envelope", "The body must be a TAXII envelope: a JSON object with an 'objects' list.");
        if (!envelope.RootElement.TryGetProperty("objects", out var objects) || objects.ValueKind != JsonValueKind.Array)
            throw new InputException("objects", "The envelope must have an 'objects' list.");
        var max = options.Value.MaxObjectsPerEnvelope;
        if (objects.GetArrayLength() > max)
            throw new InputException("objects", $"The envelope holds {objects.GetArrayLength()} objects; the limit is {max} per envelope.");

        var successes = new List<StatusDetail>();
        var failures = new List<StatusDetail>();
        var candidates = new List<(StixObjectFacts Facts, string Json, Tlp Tlp)>();
        var seen = new HashSet<(string, DateTimeOffset?)>();
        foreach (var element in objects.EnumerateArray())
        {
            var verdict = check.Check(element);
            var rawId = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var idProp) && idProp.ValueKind == JsonValueKind.String
                ? Cut(idProp.GetString()!) : "";
            if (verdict.Facts is not { } facts)
            {
                failures.Add(new StatusDetail(rawId, null, verdict.Error));
                continue;
            }
            var version = facts.Version is { } v ? TaxiiTime.Format(v) : null;
            var tlp = facts.Tlp ?? c.DefaultTlp;
            if (c.FixedTlp is { } only && facts.Tlp is { } marked && marked != only)
            {
                failures.Add(new StatusDetail(facts.Id, version, $"This collection holds {TlpMarkings.Label(only)} objects only; the object is marked {TlpMarkings.Label(marked)}."));
                continue;
            }
            if (tlp == Tlp.Red && c.Kind != TaxiiCollectionKinds.Inbox)
            {
                failures.Add(new StatusDetail(facts.Id, version, "TLP:RED objects go only to an organisation's inbox collection, whose readers are named."));
                continue;
            }
            if (tlp == Tlp.AmberStrict && c.Kind == TaxiiCollectionKinds.Peer)
            {
                failures.Add(new StatusDetail(facts.Id, version, "TLP:AMBER+STRICT from a federation peer is for the receiving organisation only; it is not shared into the community."));
                continue;
            }
            if (seen.Add((facts.Id, facts.Version))) candidates.Add((facts, element.GetRawText(), tlp));
            else successes.Add(new StatusDetail(facts.Id, version, "Repeated in the envelope; stored once."));
        }

        for (var attempt = 1; ; attempt++)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var added = await AddAsync(c, candidates, viewer, successes, ct);
            var status = new TaxiiStatus(c.Id, added.Successes, failures, viewer.OrganizationId, viewer.UserId, clock.GetUtcNow());
            db.TaxiiStatuses.Add(status);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // Another envelope took these sequence numbers at the same moment: start again on the new tail.
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                continue;
            }
            await audit.AppendAsync(db, AuditRecord.By(viewer, "taxii.added", "taxii-collection", c.Alias,
                $"{added.New} new, {status.SuccessCount - added.New} already present, {status.FailureCount} failed; status {status.Id:D}"), ct);
            await tx.CommitAsync(ct);
            return status;
        }
    }

    private async Task<(List<StatusDetail> Successes, int New)> AddAsync(TaxiiCollection c, List<(StixObjectFacts Facts, string Json, Tlp Tlp)> candidates,
        Viewer viewer, List<StatusDetail> earlier, CancellationToken ct)
    {
        var successes = new List<StatusDetail>(earlier);
        var ids = candidates.Select(x => x.Facts.Id).Distinct().ToList();
        var existing = new List<StixObjectRecord>();
        foreach (var chunk in ids.Chunk(LookupChunk))
            existing.AddRange(await db.StixObjects.Where(r => r.CollectionId == c.Id && chunk.Contains(r.StixId)).ToListAsync(ct));
        var byId = existing.GroupBy(r => r.StixId).ToDictionary(g => g.Key, g => g.ToList());

        var tail = await db.StixObjects.OrderByDescending(r => r.Sequence).Select(r => new { r.Sequence, r.DateAdded }).FirstOrDefaultAsync(ct);
        var sequence = tail?.Sequence ?? 0;
        var now = TaxiiTime.ToMicroseconds(clock.GetUtcNow());
        // date_added never goes back, even if this node's clock is behind the last writer's.
        var dateAdded = tail is not null && tail.DateAdded > now ? tail.DateAdded : now;
        var added = 0;
        foreach (var (facts, json, tlp) in candidates)
        {
            var versions = byId.TryGetValue(facts.Id, out var list) ? list : byId[facts.Id] = [];
            var version = facts.Version is { } v ? TaxiiTime.Format(v) : null;
            var present = facts.Version is null ? versions.FirstOrDefault(r => !r.HasTimestamps) : versions.FirstOrDefault(r => r.HasTimestamps && r.Version == facts.Version);
            if (present is not null)
            {
                successes.Add(new StatusDetail(facts.Id, TaxiiTime.Format(present.Version), "Already in the collection; nothing added."));
                continue;
            }
            var record = new StixObjectRecord(++sequence, c.Id, facts, json, dateAdded, c.DistributionFor(tlp, viewer.OrganizationId), viewer.UserId);
            db.StixObjects.Add(record);
            versions.Add(record);
            added++;
            successes.Add(new StatusDetail(facts.Id, version ?? TaxiiTime.Format(dateAdded), null));
        }
        foreach (var versions in byId.Values) MarkEnds(versions);
        return (successes, added);
    }

    /// <summary>Sets the first/latest flags of one object's versions in one collection.</summary>
    internal static void MarkEnds(IReadOnlyList<StixObjectRecord> versions)
    {
        if (versions.Count == 0) return;
        var first = versions.MinBy(r => (r.Version, r.Sequence))!;
        var last = versions.MaxBy(r => (r.Version, r.Sequence))!;
        foreach (var r in versions)
        {
            if (r.IsFirst != (r == first)) r.MarkFirst(r == first);
            if (r.IsLatest != (r == last)) r.MarkLatest(r == last);
        }
    }

    private static string Cut(string s) => s.Length > StixObjectRecord.MaxStixIdLength ? s[..StixObjectRecord.MaxStixIdLength] : s;
}
