using System.Text;
using System.Text.Json;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Interop;
using Kizuna.Core.Leases;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Federation;

/// <summary>How one run of a peer went.</summary>
public sealed record PeerRunResult(string Code, LeasedRun Run, int Pulled, int Refused, int Pushed, int PushRefused, string? Error)
{
    public bool Succeeded => Run is LeasedRun.Ran or LeasedRun.RanWithoutLease && Error is null;
}

/// <summary>
/// One run of one federation peer (連携): pull, then push, under the lease <c>federation-peer:&lt;code&gt;</c>
/// so one node works a peer at a time.
/// <para><b>Pull</b>: pages of the peer's collection with <c>added_after</c> = the watermark (minus a
/// microsecond, so objects at the watermark's instant come again and the ones already seen there are
/// skipped), following <c>next</c> while the peer gives a working one and falling back to
/// <c>added_after</c> when it is missing or broken; a page that brings nothing new while the peer
/// says there is more doubles the <c>limit</c> (up to <see cref="FederationOptions.MaxPageSize"/>),
/// which gets past many objects at one <c>date_added</c>. Each page's objects go through
/// <see cref="AddStixObjectsHandler"/> as <see cref="Viewer.System"/> into <c>peer-&lt;code&gt;</c>
/// (validation, idempotency: nothing is stored twice; TLP:RED is refused there); the watermark moves
/// only after they are committed. Refused objects are counted and the reasons kept on the peer.</para>
/// <para><b>Push</b>: objects added after the push cursor to the agreement's local collections, that a
/// member of the community could see (<see cref="DisclosurePolicy.Visible{T}"/> with a viewer standing
/// for the peer), with a TLP up to the agreement's ceiling and never AMBER+STRICT or RED, and never
/// an object that came from this same peer (its id is in <c>peer-&lt;code&gt;</c>), are posted in
/// batches; the cursor moves after the peer's status comes back. A failed post moves nothing and is
/// tried again after the backoff; the peer's own idempotency absorbs a batch sent twice.</para>
/// Any failure is recorded on the peer (last error, consecutive failures) and the next attempt
/// backs off exponentially with jitter.
/// </summary>
public sealed class FederationSync(KizunaDb db, TaxiiCollections collections, AddStixObjectsHandler add, TaxiiClient client, PeerSecretProtector secrets,
    ILeaseProvider leases, TimeProvider clock, IOptions<FederationOptions> options, IOptions<TaxiiOptions> taxii, ILogger<FederationSync> log)
{
    public static string LeaseName(string code) => "federation-peer:" + code;

    /// <summary>Runs one peer now (whatever its schedule), unless another node is running it.</summary>
    public async Task<PeerRunResult> RunAsync(string code, CancellationToken ct = default)
    {
        var peer = await ManagePeersHandler.FindAsync(db, code, ct);
        PeerRunResult? result = null;
        var ttl = options.Value.RequestTimeout * 4;
        var run = await leases.RunAsync(LeaseName(peer.Code), ttl > LeaseLimits.MaxTtl ? LeaseLimits.MaxTtl : ttl,
            async token => result = await RunUnderLeaseAsync(peer.Id, token), runWhenUnavailable: true, log, ct);
        return result is null ? new PeerRunResult(peer.Code, run, 0, 0, 0, 0, "Another node is working this peer now.") : result with { Run = run };
    }

    private async Task<PeerRunResult> RunUnderLeaseAsync(Guid peerId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var peer = await db.FederationPeers.FirstAsync(p => p.Id == peerId, ct);
        var tally = new Tally();
        string? error = null;
        bool morePending = false;
        try
        {
            var connection = secrets.ConnectionFor(peer);
            if (peer.PullCollection is not null) morePending = await PullAsync(peer, connection, tally, ct);
            if (peer.PushCollection is not null && peer.PushedCollectionList.Count > 0) await PushAsync(peer, connection, tally, ct);
        }
        catch (TaxiiClientException e)
        {
            error = e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogError(e, "Federation run of peer {Peer} failed.", peer.Code);
            error = $"{e.GetType().Name}: {e.Message}";
        }
        db.ChangeTracker.Clear();
        peer = await db.FederationPeers.FirstAsync(p => p.Id == peerId, CancellationToken.None);
        var now = clock.GetUtcNow();
        if (error is null)
        {
            peer.Succeeded(now, soonAgain: morePending);
        }
        else
        {
            var backoff = Backoff(peer.ConsecutiveFailures, options.Value, Random.Shared.NextDouble());
            peer.Failed(now, error, backoff);
            log.LogWarning("Federation peer {Peer}: {Error} (failure {Count}; next attempt in {Backoff}).", peer.Code, error, peer.ConsecutiveFailures, backoff);
        }
        await db.SaveChangesAsync(CancellationToken.None);
        return new PeerRunResult(peer.Code, LeasedRun.Ran, tally.Pulled, tally.Refused, tally.Pushed, tally.PushRefused, error);
    }

    /// <summary>The wait after the (<paramref name="failuresBefore"/>+1)-th consecutive failure: base·2^n, at most the maximum, plus up to 20% jitter.</summary>
    public static TimeSpan Backoff(int failuresBefore, FederationOptions o, double random)
    {
        var factor = Math.Pow(2, Math.Min(failuresBefore, 30));
        var ms = Math.Min(o.BackoffBase.TotalMilliseconds * factor, o.BackoffMax.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ms * (1 + 0.2 * Math.Clamp(random, 0, 1)));
    }

    private sealed class Tally
    {
        public int Pulled, Refused, Pushed, PushRefused;
    }

    /// <summary>Pulls pages until the peer has no more or the run's page limit; true when more is waiting.</summary>
    private async Task<bool> PullAsync(FederationPeer peer, TaxiiConnection connection, Tally tally, CancellationToken ct)
    {
        var o = options.Value;
        var alias = TaxiiCollections.PeerAlias(peer.Code);
        var limit = o.PageSize;
        string? next = null;
        for (var pages = 0; pages < o.MaxPagesPerRun; pages++)
        {
            var after = peer.WatermarkAddedAt is { } w ? w - TimeSpan.FromMicroseconds(1) : (DateTimeOffset?)null;
            TaxiiObjectsPage page;
            try
            {
                page = await client.ObjectsAsync(connection, peer.PullCollection!, new TaxiiObjectsQuery(after, limit, next), ct);
            }
            catch (TaxiiClientException e) when (next is not null)
            {
                log.LogWarning("Federation peer {Peer}: following 'next' failed ({Error}); going on by added_after.", peer.Code, e.Message);
                next = null;
                continue;
            }
            using (page)
            {
                // Parsed once per pull (the peer keeps the parsed keys while it extends them page after page).
                var seen = peer.WatermarkKeySet();
                var keys = page.Objects.Select(KeyOf).ToList();
                var fresh = page.Objects.Where((_, i) => !seen.Contains(keys[i])).ToList();
                var added = 0;
                var refused = 0;
                string? refusal = null;
                foreach (var chunk in fresh.Chunk(taxii.Value.MaxObjectsPerEnvelope))
                {
                    using var envelope = JsonSerializer.SerializeToDocument(new { objects = chunk });
                    var status = await add.HandleAsync(alias, envelope, Viewer.System, ct);
                    var details = status.ReadDetails();
                    added += details.Successes.Count(s => s.Message is null);
                    refused += status.FailureCount;
                    if (details.Failures.Count > 0)
                        refusal = $"{details.Failures.Count} object(s) refused from {peer.Code}: " + string.Join("; ", details.Failures.Take(3).Select(f => $"{f.Id}: {f.Message}"));
                }
                // Committed: now the watermark may move. (The ingest clears the change tracker when it retries a sequence clash.)
                if (db.Entry(peer).State == EntityState.Detached) db.FederationPeers.Attach(peer);
                if (page.DateAddedLast is { } last && (peer.WatermarkAddedAt is not { } current || last > current))
                    peer.AdvanceWatermark(last, keys);
                else
                    peer.AddSeenKeys(keys);
                peer.CountPulled(added, refused, refusal);
                await db.SaveChangesAsync(ct);
                tally.Pulled += added;
                tally.Refused += refused;

                if (!page.More) return false;
                if (page.Next is not null)
                {
                    next = page.Next;
                    continue;
                }
                next = null;
                if (fresh.Count == 0)
                {
                    // The peer says there is more but gave nothing new and no way to page: ask for more at once.
                    if (limit >= o.MaxPageSize)
                        throw new TaxiiClientException($"Peer '{peer.Code}' pages badly: more than {o.MaxPageSize} objects (Federation:MaxPageSize) share one date_added and it gives no 'next'; the rest cannot be reached.");
                    limit = Math.Min(limit * 2, o.MaxPageSize);
                }
            }
        }
        return true;
    }

    /// <summary>An object's identity for the watermark: id and version (modified, else created).</summary>
    internal static string KeyOf(JsonElement o)
    {
        if (o.ValueKind != JsonValueKind.Object) return "?";
        static string? S(JsonElement e, string n) => e.TryGetProperty(n, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        return $"{S(o, "id")}|{S(o, "modified") ?? S(o, "created")}";
    }

    private async Task PushAsync(FederationPeer peer, TaxiiConnection connection, Tally tally, CancellationToken ct)
    {
        var o = options.Value;
        var pushed = peer.PushedCollectionList.ToHashSet(StringComparer.Ordinal);
        var all = await collections.AllAsync(ct);
        var sources = all.Where(c => pushed.Contains(c.Alias) && c.Alias != TaxiiCollections.PeerAlias(peer.Code)).Select(c => c.Id).ToList();
        if (sources.Count == 0) return;
        var own = TaxiiCollection.NameBasedId(TaxiiCollections.PeerKey(peer.Id));
        var green = peer.MaxPushTlp >= Tlp.Green;
        var amber = peer.MaxPushTlp >= Tlp.Amber;
        // The peer as a member of the community with no sector, kind or tier of ours: what anyone in the community could see.
        var asPeer = Viewer.ForOrganization(peer.Id, "peer:" + peer.Code, "federation-peer", [], null);
        for (var batch = 0; batch < o.MaxPushBatchesPerRun; batch++)
        {
            var cursor = peer.PushCursor;
            var rows = await DisclosurePolicy.Visible(db.StixObjects.AsNoTracking(), asPeer)
                .Where(r => r.Sequence > cursor && sources.Contains(r.CollectionId)
                            && (r.Distribution.Tlp == Tlp.Clear || (green && r.Distribution.Tlp == Tlp.Green) || (amber && r.Distribution.Tlp == Tlp.Amber)))
                .Where(r => !db.StixObjects.Any(p => p.CollectionId == own && p.StixId == r.StixId))
                .OrderBy(r => r.Sequence).Take(o.PushBatchSize)
                .Select(r => new { r.Sequence, r.StixId, r.Version, r.Json }).ToListAsync(ct);
            if (rows.Count == 0) return;
            // The same object version in two pushed collections goes once.
            var unique = rows.DistinctBy(r => (r.StixId, r.Version)).ToList();
            var body = new StringBuilder("{\"objects\":[");
            body.AppendJoin(',', unique.Select(r => r.Json));
            body.Append("]}");
            var status = await client.AddObjectsAsync(connection, peer.PushCollection!, Encoding.UTF8.GetBytes(body.ToString()), ct);
            for (var i = 0; !status.IsComplete && i < o.StatusPollAttempts; i++)
            {
                await Task.Delay(o.StatusPollInterval, clock, ct);
                status = await client.StatusAsync(connection, status.Id, ct);
            }
            string? refusal = status.Failures.Count > 0
                ? $"{status.FailureCount} object(s) refused by {peer.Code}: " + string.Join("; ", status.Failures.Take(3).Select(f => $"{f.Id}: {f.Message}"))
                : null;
            peer.AdvancePush(rows[^1].Sequence, status.SuccessCount, status.FailureCount, refusal);
            await db.SaveChangesAsync(ct);
            tally.Pushed += status.SuccessCount;
            tally.PushRefused += status.FailureCount;
            if (rows.Count < o.PushBatchSize) return;
        }
    }
}
