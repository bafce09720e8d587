using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Liaison;

namespace Kizuna.Core.Features.Analytics.Trends;

/// <summary>
/// Small-count suppression for a set of counts that add up to a total shown beside them (a
/// partition: quarters of a year, sectors, severity levels). Each count below the threshold is
/// hidden ("&lt;N"); then, since the total minus the shown counts gives the hidden ones away, the
/// smallest other non-zero counts are hidden too (shown as <see cref="Complementary"/>) until at
/// least two are hidden and they add up to the threshold or more. When every non-zero count is
/// hidden, the total equals their sum and is itself thresholded by its own cell.
/// Multi-valued categories (event and cause types, where one report counts several times) do not
/// add up to the total and only get the first rule.
/// </summary>
public static class Suppression
{
    /// <summary>How a count hidden only to protect another one is shown.</summary>
    public const string Complementary = "*";

    public static IReadOnlyList<StatCell> Partition(IReadOnlyList<int> counts, StatisticsScope scope)
    {
        var cells = counts.Select(scope.Cell).ToArray();
        if (!scope.Suppressed) return cells;
        // Hide more until the hidden counts are at least two and add up to the threshold or more: then
        // the total minus the shown counts no longer pins any hidden one down.
        while (true)
        {
            var hidden = 0;
            var hiddenSum = 0;
            var partner = -1;
            for (var i = 0; i < counts.Count; i++)
            {
                if (cells[i].Value is null) { hidden++; hiddenSum += counts[i]; continue; }
                if (counts[i] > 0 && (partner < 0 || counts[i] < counts[partner])) partner = i;
            }
            if (hidden == 0 || (hidden >= 2 && hiddenSum >= scope.Threshold) || partner < 0) break;
            cells[partner] = new StatCell(null, Complementary);
        }
        return cells;
    }
}

/// <summary>
/// A table of counts whose rows or columns add up to totals shown in the same table (the annual
/// tables: quarters add up to the year, sectors to all sectors). Each equation lists addend cells
/// and the cell holding their sum. Primary suppression hides counts below the threshold; then, until
/// nothing changes, any equation with exactly one hidden cell, or with only hidden addends that add
/// up to less than the threshold, gets its smallest visible non-zero addend hidden (else its sum).
/// </summary>
public sealed class SuppressedGrid
{
    private readonly int[] _values;
    private readonly bool[] _hidden;
    private readonly List<(int[] Addends, int Sum)> _equations = [];

    public SuppressedGrid(int[] values)
    {
        _values = values;
        _hidden = new bool[values.Length];
    }

    public void AddEquation(int[] addends, int sum) => _equations.Add((addends, sum));

    public IReadOnlyList<StatCell> Cells(StatisticsScope scope)
    {
        var primary = _values.Select(scope.Cell).ToArray();
        if (!scope.Suppressed) return primary;
        for (var i = 0; i < _values.Length; i++) _hidden[i] = primary[i].Value is null;
        bool changed;
        var rounds = 0;
        do
        {
            changed = false;
            foreach (var (addends, sum) in _equations)
            {
                var hiddenAddends = addends.Where(i => _hidden[i]).ToList();
                var hiddenCount = hiddenAddends.Count + (_hidden[sum] ? 1 : 0);
                if (hiddenCount == 0) continue;
                if (hiddenCount >= 2 && (_hidden[sum] || hiddenAddends.Sum(i => _values[i]) >= scope.Threshold)) continue;
                var partner = addends.Where(i => !_hidden[i] && _values[i] > 0).OrderBy(i => _values[i]).ThenBy(i => i).Cast<int?>().FirstOrDefault();
                if (partner is null && !_hidden[sum] && _values[sum] > 0) partner = sum;
                if (partner is not { } p) continue;
                _hidden[p] = true;
                changed = true;
            }
        } while (changed && ++rounds < 1000);
        return _values.Select((v, i) => !_hidden[i] ? primary[i] : primary[i].Value is null ? primary[i] : new StatCell(null, Suppression.Complementary)).ToArray();
    }
}
