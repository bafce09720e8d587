using System.Text;

namespace Kizuna.Core.Features.Analytics.Trends.Exports;

/// <summary>
/// A trends answer as CSV (UTF-8 with a byte-order mark), one line per period and combination,
/// written straight to the response: the answer's size is capped before counting (AnalyticsOptions.MaxCells).
/// </summary>
public static class TrendsCsv
{
    public static async Task WriteAsync(TrendAnswer t, Stream output, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(string.Join(",", new[] { "period" }.Concat(t.Dims).Append("count")) + "\r\n");
        if (t.Dims.Count == 0)
            foreach (var p in t.Periods) await writer.WriteAsync(Csv.Line([p.Key, p.Total.Display]).AsMemory(), ct);
        else
            foreach (var c in t.Cells)
                await writer.WriteAsync(Csv.Line(new[] { c.Period }.Concat(t.Dims.Select(d => c.Keys[d])).Append(c.Count.Display)).AsMemory(), ct);
        await writer.FlushAsync(ct);
    }
}
