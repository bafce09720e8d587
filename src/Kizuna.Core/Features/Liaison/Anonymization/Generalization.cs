using System.Collections.Concurrent;

namespace Kizuna.Core.Features.Liaison.Anonymization;

/// <summary>
/// The published precision of the quasi-identifiers: which region, area and size are shown and
/// how finely times are given, with the number of directory organisations that share them.
/// </summary>
internal sealed record Generalization(int Step, string? RegionCode, string? AreaCode, string? SizeClass, bool TimesToDay, int AnonymitySetSize)
{
    /// <summary>
    /// The first of these that at least <paramref name="k"/> organisations of the sector share:
    /// 0 prefecture + size, hour; 1 area + size, hour; 2 area, day; 3 sector only, day.
    /// Null when not even the whole sector has k organisations.
    /// </summary>
    public static Generalization? Choose(SanitizerIndex index, string sector, string? region, string? size, int k, out int sectorCount)
    {
        var area = index.AreaOf(region);
        sectorCount = index.CountSector(sector);
        if (region is not null && size is not null)
        {
            var n = index.CountRegionSize(sector, region, size);
            if (n >= k) return new(0, region, area, size, false, n);
        }
        if (area is not null && size is not null)
        {
            var n = index.CountAreaSize(sector, area, size);
            if (n >= k) return new(1, null, area, size, false, n);
        }
        if (area is not null)
        {
            var n = index.CountArea(sector, area);
            if (n >= k) return new(2, null, area, null, true, n);
        }
        return sectorCount >= k ? new(3, null, null, null, true, sectorCount) : null;
    }
}

/// <summary>Truncates times to the hour or day as the reporter's clock shows them.</summary>
internal static class TimeTruncation
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    private static readonly Lazy<TimeZoneInfo> Tokyo = new(() =>
        TryFind("Asia/Tokyo") ?? TimeZoneInfo.CreateCustomTimeZone("Asia/Tokyo", Jst.Offset, "Japan Standard Time", "JST"));

    /// <summary>The IANA zone, or Asia/Tokyo when the id is empty or unknown.</summary>
    public static TimeZoneInfo Zone(string? id) =>
        string.IsNullOrWhiteSpace(id) ? Tokyo.Value : Zones.GetOrAdd(id, static i => TryFind(i) ?? Tokyo.Value);

    private static TimeZoneInfo? TryFind(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>
    /// The latest instant not after <paramref name="value"/> at which the zone's wall clock shows a
    /// whole hour (or midnight), expressed with the same UTC offset as <paramref name="value"/>.
    /// </summary>
    public static DateTimeOffset? Truncate(DateTimeOffset? value, TimeZoneInfo zone, bool toDay)
    {
        if (value is not { } v) return null;
        var local = TimeZoneInfo.ConvertTime(v, zone);
        var wall = local.DateTime;
        var truncated = toDay
            ? new DateTime(wall.Year, wall.Month, wall.Day, 0, 0, 0, DateTimeKind.Unspecified)
            : new DateTime(wall.Year, wall.Month, wall.Day, wall.Hour, 0, 0, DateTimeKind.Unspecified);
        // A wall time skipped by a DST change does not exist: take the first moment after the gap.
        while (zone.IsInvalidTime(truncated)) truncated = truncated.AddMinutes(15);
        TimeSpan offset;
        if (zone.IsAmbiguousTime(truncated))
        {
            // Repeated wall time: the occurrence not later than the original instant, the later of those.
            offset = zone.GetAmbiguousTimeOffsets(truncated)
                .Select(o => new DateTimeOffset(truncated, o))
                .Where(candidate => candidate <= v)
                .DefaultIfEmpty(new DateTimeOffset(truncated, local.Offset))
                .Max().Offset;
        }
        else
        {
            offset = zone.GetUtcOffset(truncated);
        }
        var result = new DateTimeOffset(truncated, offset);
        return result.ToOffset(v.Offset);
    }
}
