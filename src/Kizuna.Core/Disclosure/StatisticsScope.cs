using Kizuna.Core.Features.Liaison;

namespace Kizuna.Core.Disclosure;

/// <summary>
/// What statistics (統計・動向) a viewer may be shown, decided by <see cref="DisclosurePolicy.Statistics"/>:
/// the sectors whose reports, deliveries and feedback it may count (<see cref="Sectors"/>, null for
/// every sector) and whether small counts are hidden (<see cref="Suppressed"/>): a count from 1 to
/// <see cref="Threshold"/> − 1 is shown as "&lt;N" so that a small cell cannot point at a reporter.
/// </summary>
public sealed record StatisticsScope(IReadOnlySet<string>? Sectors, bool Suppressed, int Threshold)
{
    public bool AllSectors => Sectors is null;

    public bool Includes(string? sectorCode) => Sectors is null || (sectorCode is not null && Sectors.Contains(sectorCode));

    /// <summary>A count as this viewer may see it.</summary>
    public StatCell Cell(int n) => Suppressed && n > 0 && n < Threshold ? new StatCell(null, $"<{Threshold}") : new StatCell(n, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
