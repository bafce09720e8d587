using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Analytics.Trends;
using Kizuna.Core.Features.Liaison;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Exercises.Drills;

/// <summary>
/// The drill table of the annual figures (年次集計): per quarter of the fiscal year, drills started
/// (down and up; cancelled ones left out), organisations addressed, organisations that acknowledged,
/// and the reachability rate (疎通確認率) of the two. For the coordinator only (an unrestricted,
/// unsuppressed <see cref="StatisticsScope"/> from <see cref="DisclosurePolicy.Statistics"/>); null for anyone else.
/// </summary>
public static class DrillFigures
{
    public const string TableKey = "drills";

    public static async Task<AnnualTable?> TableAsync(KizunaDb db, StatisticsScope scope, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        if (!scope.AllSectors || scope.Suppressed) return null;
        var drills = await db.Set<Drill>().AsNoTracking()
            .Where(d => d.StartedAt != null && d.StartedAt >= from && d.StartedAt < to && d.Status != DrillStates.Cancelled)
            .Select(d => new { d.Id, d.Direction, StartedAt = d.StartedAt!.Value }).ToListAsync(ct);
        var ids = drills.Select(d => d.Id).ToList();
        var counts = await db.Set<DrillRecipient>().AsNoTracking().Where(r => ids.Contains(r.DrillId))
            .GroupBy(r => r.DrillId).Select(g => new { g.Key, Recipients = g.Count(), Acknowledged = g.Count(r => r.AcknowledgedAt != null) })
            .ToDictionaryAsync(g => g.Key, ct);
        var values = new int[4, 5];
        foreach (var d in drills)
        {
            var q = FiscalCalendar.Quarter(d.StartedAt) - 1;
            var c = counts.GetValueOrDefault(d.Id);
            foreach (var col in new[] { q, 4 })
            {
                values[d.Direction == DrillDirections.Up ? 1 : 0, col]++;
                values[2, col] += c?.Recipients ?? 0;
                values[3, col] += c?.Acknowledged ?? 0;
            }
        }
        AnnualRow Row(int r, string key, string ja, string en)
        {
            var cells = Enumerable.Range(0, 5).Select(c => scope.Cell(values[r, c])).ToList();
            return new AnnualRow(key, ja, en, cells.Take(4).ToList(), cells[4]);
        }
        AnnualRow RateRow()
        {
            var cells = Enumerable.Range(0, 5).Select(c => values[2, c] == 0 ? new StatCell(null, "—")
                : new StatCell((int)Math.Round(100.0 * values[3, c] / values[2, c]), (100.0 * values[3, c] / values[2, c]).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%")).ToList();
            return new AnnualRow("rate", "疎通確認率（確認 ÷ 対象）", "Reachability rate (acknowledged ÷ addressed)", cells.Take(4).ToList(), cells[4]);
        }
        return new AnnualTable(TableKey, "セプター訓練（四半期別）", "Drills by quarter",
            [
                Row(0, "down", "訓練実施数（下り）", "Drills run (down)"),
                Row(1, "up", "訓練実施数（上り）", "Drills run (up)"),
                Row(2, "recipients", "対象組織数（延べ）", "Organisations addressed (total)"),
                Row(3, "acknowledged", "受領確認した組織数（延べ）", "Organisations that acknowledged (total)"),
                RateRow(),
            ], null);
    }
}
