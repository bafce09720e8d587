using System.Collections.Concurrent;
using Kizuna.Core.Data;
using Kizuna.Core.Features.Liaison.Anonymization;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Liaison;

/// <summary>
/// Keeps one <see cref="DirectorySnapshot"/> for as long as the directory does not change, so the
/// sanitizer reuses its index (building it costs ~0.1 s at 10,000 organisations). The stamp — the
/// organisation count, their latest update, the user count — is read on every use; a change anywhere
/// (a new organisation, a renamed one, a new contact or user) builds a fresh snapshot. Nothing here is
/// the only copy of anything: the database is.
/// </summary>
public sealed class DirectorySnapshotCache
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Entry? _current;

    private sealed record Entry(object Stamp, DirectorySnapshot Snapshot)
    {
        public ConcurrentDictionary<string, DirectorySnapshot> ByCeptoar { get; } = new(StringComparer.Ordinal);
    }

    public async Task<DirectorySnapshot> GetAsync(KizunaDb db, CancellationToken ct = default) => (await CurrentAsync(db, ct)).Snapshot;

    /// <summary>
    /// The snapshot whose organisations are only the members of one CEPTOAR (its anonymity set);
    /// names of all other organisations travel as names to redact. Kept as long as the full one.
    /// </summary>
    public async Task<DirectorySnapshot> GetForCeptoarAsync(KizunaDb db, string ceptoarCode, CancellationToken ct = default)
    {
        var entry = await CurrentAsync(db, ct);
        if (entry.ByCeptoar.TryGetValue(ceptoarCode, out var cached)) return cached;
        var members = (await db.Organizations.AsNoTracking().Where(o => o.Ceptoars.Any(c => c.Code == ceptoarCode)).Select(o => o.Id).ToListAsync(ct)).ToHashSet();
        var full = entry.Snapshot;
        var others = full.Organizations.Where(o => !members.Contains(o.Id)).SelectMany(o => new[] { o.NameJa, o.NameEn }).Where(n => !string.IsNullOrWhiteSpace(n));
        var restricted = new DirectorySnapshot(full.Organizations.Where(o => members.Contains(o.Id)).ToList(), full.AreaOfPrefecture,
            full.PeopleNames.Concat(others).Distinct().ToList());
        return entry.ByCeptoar.GetOrAdd(ceptoarCode, restricted);
    }

    private async Task<Entry> CurrentAsync(KizunaDb db, CancellationToken ct)
    {
        var stamp = await StampAsync(db, ct);
        if (_current is { } c && c.Stamp.Equals(stamp)) return c;
        await _gate.WaitAsync(ct);
        try
        {
            if (_current is { } again && again.Stamp.Equals(stamp)) return again;
            return _current = new Entry(stamp, await BuildAsync(db, ct));
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<object> StampAsync(KizunaDb db, CancellationToken ct)
    {
        var orgs = await db.Organizations.CountAsync(ct);
        var updated = orgs == 0 ? DateTimeOffset.MinValue : await db.Organizations.MaxAsync(o => o.UpdatedAt, ct);
        var users = await db.Users.CountAsync(ct);
        return (orgs, updated, users);
    }

    private static async Task<DirectorySnapshot> BuildAsync(KizunaDb db, CancellationToken ct)
    {
        var orgs = await db.Organizations.AsNoTracking()
            .Select(o => new { o.Id, o.Code, o.NameJa, o.NameEn, o.RegionCode, o.SizeClass, Sectors = o.Sectors.Select(s => s.Code).ToList(), o.Contacts })
            .ToListAsync(ct);
        var areas = await db.Prefectures.AsNoTracking().ToDictionaryAsync(p => p.Code, p => p.AreaCode, ct);
        var users = await db.Users.AsNoTracking().Select(u => u.DisplayName).ToListAsync(ct);
        var people = users.Concat(orgs.SelectMany(o => o.Contacts.Select(c => c.Name)))
            .Where(n => !string.IsNullOrWhiteSpace(n) && !n.Contains('@')).Distinct().ToList();
        return new DirectorySnapshot(
            orgs.Select(o => new DirectoryEntry(o.Id, o.Code, o.NameJa, o.NameEn, o.Sectors, o.RegionCode, o.SizeClass)).ToList(),
            areas, people);
    }
}
