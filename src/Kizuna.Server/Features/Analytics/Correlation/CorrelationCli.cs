using System.Globalization;
using Kizuna.Core.Features.Analytics.Correlation;

namespace Kizuna.Server.Features.Analytics.Correlation;

/// <summary>The <c>kizuna analytics rebuild</c> verb: builds the correlation index from scratch and prints what it did as one JSON line.</summary>
public static class CorrelationCli
{
    public static async Task<int> RebuildAsync(IServiceProvider sp, TextWriter stdout, TextWriter stderr)
    {
        var result = await sp.GetRequiredService<RebuildCorrelationIndexHandler>().HandleAsync(p => stderr.WriteLine(p));
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $$"""{"reports":{{result.Reports}},"advisories":{{result.Advisories}},"stixObjects":{{result.StixObjects}},"occurrences":{{result.Occurrences}},"overCommonKeys":{{result.OverCommonKeys}},"seconds":{{result.Elapsed.TotalSeconds:F1}}}"""));
        return 0;
    }
}
