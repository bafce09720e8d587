using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Liaison;

namespace Kizuna.Core.Features.Analytics.Trends;

/// <summary>
/// How long something took, as counts per band (under 1 hour, 1–6 hours, 6–24 hours, 1–3 days,
/// 3–7 days, 7 days or more), the reports it could not be measured for (<see cref="Unknown"/>) and
/// the median in hours (null when fewer reports were measured than the viewer's threshold).
/// <see cref="Basis"/> says what was measured.
/// </summary>
public sealed record DurationDistribution(string Basis, IReadOnlyList<StatRow> Bands, StatCell Measured, StatCell Unknown, double? MedianHours);

public static class Durations
{
    private static readonly (string Key, string Ja, string En, double UpToHours)[] BandDefs =
    [
        ("lt-1h", "1時間未満", "Under 1 hour", 1),
        ("1h-6h", "1〜6時間", "1–6 hours", 6),
        ("6h-24h", "6〜24時間", "6–24 hours", 24),
        ("1d-3d", "1〜3日", "1–3 days", 72),
        ("3d-7d", "3〜7日", "3–7 days", 168),
        ("gte-7d", "7日以上", "7 days or more", double.PositiveInfinity),
    ];

    /// <summary>Bands the measured durations (negative ones, a start after the end, count as unknown).</summary>
    public static DurationDistribution Of(string basis, IEnumerable<TimeSpan?> durations, StatisticsScope scope)
    {
        var hours = new List<double>();
        var unknown = 0;
        foreach (var d in durations)
        {
            if (d is { } span && span >= TimeSpan.Zero) hours.Add(span.TotalHours);
            else unknown++;
        }
        var counts = BandDefs.Select((b, i) => hours.Count(h => h < b.UpToHours && (i == 0 || h >= BandDefs[i - 1].UpToHours))).ToList();
        var cells = Suppression.Partition(counts, scope);
        var bands = BandDefs.Select((b, i) => new StatRow(b.Key, b.Ja, b.En, cells[i])).ToList();
        hours.Sort();
        double? median = hours.Count == 0 || (scope.Suppressed && hours.Count < scope.Threshold)
            ? null
            : Math.Round(hours.Count % 2 == 1 ? hours[hours.Count / 2] : (hours[hours.Count / 2 - 1] + hours[hours.Count / 2]) / 2, 1);
        // Measured + unknown = the total shown beside them: hidden together, or one gives the other away.
        var split = Suppression.Partition([hours.Count, unknown], scope);
        return new DurationDistribution(basis, bands, split[0], split[1], median);
    }
}
