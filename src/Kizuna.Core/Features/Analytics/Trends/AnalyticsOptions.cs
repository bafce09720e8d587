namespace Kizuna.Core.Features.Analytics.Trends;

/// <summary>Trends and annual figures (動向・年次集計) settings, bound from the <c>Analytics</c> section; every limit is here.</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>The longest date range one trends question may cover, in days (default 3,660: ten fiscal years).</summary>
    public int MaxRangeDays { get; set; } = 3_660;

    /// <summary>At most this many dimensions in one trends question (of sector, event_type, cause_type, severity).</summary>
    public int MaxDimensions { get; set; } = 3;

    /// <summary>
    /// The largest table one trends question or export may produce: periods × the values of every
    /// dimension asked for (default 20,000 cells). Bigger questions are refused (400) before any counting.
    /// </summary>
    public int MaxCells { get; set; } = 20_000;

    /// <summary>The earliest fiscal year asked about (default 2000).</summary>
    public int MinFiscalYear { get; set; } = 2000;

    /// <summary>The latest fiscal year asked about (default 2100).</summary>
    public int MaxFiscalYear { get; set; } = 2100;

    public IReadOnlyList<string> Problems()
    {
        var found = new List<string>();
        if (MaxRangeDays is < 1 or > 36_600) found.Add("Analytics:MaxRangeDays must be between 1 and 36600.");
        if (MaxDimensions is < 1 or > 4) found.Add("Analytics:MaxDimensions must be between 1 and 4.");
        if (MaxCells is < 10 or > 10_000_000) found.Add("Analytics:MaxCells must be between 10 and 10000000.");
        if (MinFiscalYear < 1900 || MaxFiscalYear > 9000 || MinFiscalYear > MaxFiscalYear) found.Add("Analytics:MinFiscalYear..MaxFiscalYear must be a range within 1900–9000.");
        return found;
    }
}
