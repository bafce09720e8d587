using System.Diagnostics;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Exercises;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kizuna.Core.Features.Hotline;

/// <summary>
/// The live streams' shared read (one per node): when an alert wakes every SSE connection of the
/// node, one of them reads "the alerts after sequence N" with their recipients and the others
/// take that same read, each filtering it for its own viewer: addressed to its organisation, and
/// <see cref="DisclosurePolicy.CanSee"/> (the one rule; the read itself decides nothing). Without
/// it each of 5,000 connections re-read the database on every wake-up (issue 5's benchmark,
/// docs/benchmarks.md).
/// <para>
/// A read is shared only when it cannot be stale for the caller: it must have started after the
/// caller's last wake-up (the caller passes the <see cref="HotlineSignal.Next"/> task it took
/// before reading, and a read serves only callers holding the same task), be at most
/// <see cref="MaxReuse"/> old (so the heartbeat's re-read still finds alerts another node sent),
/// and cover the caller's position (start at or before it, and not be cut short before it).
/// </para>
/// </summary>
public sealed class HotlineStreamFeed(IServiceScopeFactory scopes)
{
    /// <summary>At most this many alerts per read; a caller further behind reads again from where the read ended.</summary>
    public const int MaxAlertsPerRead = 20;

    /// <summary>A read serves other callers for at most this long after it started.</summary>
    public static readonly TimeSpan MaxReuse = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private Read? _current;
    private long _reads;

    /// <summary>How many reads this node made (for tests and measurements).</summary>
    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>
    /// The alerts after <paramref name="after"/> (at most <see cref="MaxAlertsPerRead"/>), read
    /// after <paramref name="wake"/> was taken from <see cref="HotlineSignal.Next"/>: shared with
    /// every caller that may use the same read. Filter it with <see cref="FeedBatch.For"/>.
    /// </summary>
    public Task<FeedBatch> AfterAsync(long after, Task wake, CancellationToken ct = default)
    {
        if (after < 0) throw new ArgumentOutOfRangeException(nameof(after), "A sequence number is never negative.");
        Read read;
        lock (_gate)
        {
            var c = _current;
            var fresh = c is not null && ReferenceEquals(c.Wake, wake) && Stopwatch.GetElapsedTime(c.Started) <= MaxReuse && !c.Batch.IsFaulted && !c.Batch.IsCanceled;
            var covers = c is not null && c.After <= after && (!c.Batch.IsCompleted || !c.Batch.Result.Truncated || after < c.Batch.Result.LastSequence);
            if (fresh && covers) read = c!;
            else _current = read = new Read(after, wake, Stopwatch.GetTimestamp(), Task.Run(() => LoadAsync(after)));
        }
        // A caller that stops waiting does not cancel the read the others share.
        return read.Batch.WaitAsync(ct);
    }

    private async Task<FeedBatch> LoadAsync(long after)
    {
        Interlocked.Increment(ref _reads);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
        var alerts = await db.HotlineAlerts.AsNoTracking().Where(a => a.Sequence > after).OrderBy(a => a.Sequence).Take(MaxAlertsPerRead).ToListAsync();
        var ids = alerts.Select(a => a.Id).ToList();
        var senders = alerts.Select(a => a.Distribution.OwnerOrganizationId).Distinct().ToList();
        var codes = await db.Organizations.AsNoTracking().Where(o => senders.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Code);
        var recipients = (await db.AlertAcknowledgements.AsNoTracking().Where(k => ids.Contains(k.AlertId)).Select(k => new { k.AlertId, k.OrganizationId }).ToListAsync())
            .GroupBy(k => k.AlertId).ToDictionary(g => g.Key, g => g.Select(k => k.OrganizationId).ToHashSet());
        var exercises = await ExerciseMarks.OfAsync(db, alerts.Select(a => a.ExerciseId), CancellationToken.None);
        var entries = alerts.Select(a => new FeedAlert(a, codes.GetValueOrDefault(a.Distribution.OwnerOrganizationId, "?"), recipients.GetValueOrDefault(a.Id) ?? [],
            a.ExerciseId is { } e ? exercises.GetValueOrDefault(e) : null)).ToList();
        return new FeedBatch(after, entries.Count > 0 ? entries[^1].Alert.Sequence : after, entries.Count == MaxAlertsPerRead, entries);
    }

    private sealed record Read(long After, Task Wake, long Started, Task<FeedBatch> Batch);
}

/// <summary>One alert of a shared read, with its sender's code and the organisations it was addressed to.</summary>
public sealed record FeedAlert(HotlineAlert Alert, string SenderCode, IReadOnlySet<Guid> Recipients, ExerciseRef? Exercise = null);

/// <summary>
/// A shared read: the alerts with a sequence in (<see cref="After"/>, <see cref="LastSequence"/>],
/// all of them unless <see cref="Truncated"/> (then there may be more after <see cref="LastSequence"/>).
/// </summary>
public sealed record FeedBatch(long After, long LastSequence, bool Truncated, IReadOnlyList<FeedAlert> Alerts)
{
    /// <summary>The alerts after <paramref name="after"/> addressed to the viewer's organisation that the disclosure policy lets it see, oldest first.</summary>
    public IEnumerable<FeedAlert> For(Viewer viewer, long after)
        => Alerts.Where(a => a.Alert.Sequence > after && a.Recipients.Contains(viewer.OrganizationId) && DisclosurePolicy.CanSee(viewer, a.Alert));
}
