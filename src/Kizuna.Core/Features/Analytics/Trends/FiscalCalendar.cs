using System.Globalization;

namespace Kizuna.Core.Features.Analytics.Trends;

/// <summary>One period of a trend: a month, a fiscal quarter or a fiscal year, with its labels.</summary>
public sealed record TrendPeriod(string Key, string NameJa, string NameEn);

/// <summary>How a trend is bucketed in time: <c>month</c>, <c>quarter</c> (fiscal, 1Q = April–June) or <c>fy</c> (年度).</summary>
public static class TrendGranularity
{
    public const string Month = "month";
    public const string Quarter = "quarter";
    public const string FiscalYear = "fy";
    public static readonly IReadOnlyList<string> All = [Month, Quarter, FiscalYear];
}

/// <summary>
/// The fiscal calendar (年度, 1 April – 31 March) in Japan Standard Time: every statistic counts a
/// moment in the JST day, month, quarter and year it falls in.
/// </summary>
public static class FiscalCalendar
{
    /// <summary>The fiscal year a moment falls in (JST): 2025 for 2025-04-01 … 2026-03-31.</summary>
    public static int FiscalYearOf(DateTimeOffset at)
    {
        var local = at.ToOffset(Jst.Offset);
        return local.Month >= 4 ? local.Year : local.Year - 1;
    }

    /// <summary>1 for April–June (JST), 2 for July–September, 3 for October–December, 4 for January–March.</summary>
    public static int Quarter(DateTimeOffset at) => QuarterOfMonth(at.ToOffset(Jst.Offset).Month);

    public static int QuarterOfMonth(int month) => month switch { >= 4 and <= 6 => 1, >= 7 and <= 9 => 2, >= 10 and <= 12 => 3, _ => 4 };

    /// <summary>The first moment of a JST day.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new(day.Year, day.Month, day.Day, 0, 0, 0, Jst.Offset);

    /// <summary>The first day of a fiscal year.</summary>
    public static DateOnly FirstDay(int fiscalYear) => new(fiscalYear, 4, 1);

    /// <summary>The last day of a fiscal year.</summary>
    public static DateOnly LastDay(int fiscalYear) => new(fiscalYear + 1, 3, 31);

    /// <summary>The JST day of a moment.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Jst.Offset).DateTime);

    /// <summary>The key of the period a moment falls in: <c>2026-04</c>, <c>FY2026-Q1</c> or <c>FY2026</c>.</summary>
    public static string PeriodKey(DateTimeOffset at, string by) => PeriodOf(DayOf(at), by).Key;

    public static TrendPeriod PeriodOf(DateOnly day, string by)
    {
        var fy = day.Month >= 4 ? day.Year : day.Year - 1;
        return by switch
        {
            TrendGranularity.Month => new TrendPeriod(day.ToString("yyyy-MM", CultureInfo.InvariantCulture), $"{day.Year}年{day.Month}月",
                day.ToString("MMM yyyy", CultureInfo.InvariantCulture)),
            TrendGranularity.Quarter => new TrendPeriod($"FY{fy}-Q{QuarterOfMonth(day.Month)}", $"{fy}年度 第{QuarterOfMonth(day.Month)}四半期", $"FY{fy} Q{QuarterOfMonth(day.Month)}"),
            TrendGranularity.FiscalYear => new TrendPeriod($"FY{fy}", $"{fy}年度", $"FY{fy}"),
            _ => throw new ArgumentOutOfRangeException(nameof(by), by, "Unknown granularity."),
        };
    }

    /// <summary>The first day of the month, fiscal quarter or fiscal year a day falls in.</summary>
    public static DateOnly FirstDayOfPeriod(DateOnly day, string by) => by switch
    {
        TrendGranularity.Month => new DateOnly(day.Year, day.Month, 1),
        // Fiscal quarters (April–June, …, January–March) start on the same months as calendar quarters.
        TrendGranularity.Quarter => new DateOnly(day.Year, (day.Month - 1) / 3 * 3 + 1, 1),
        TrendGranularity.FiscalYear => FirstDay(day.Month >= 4 ? day.Year : day.Year - 1),
        _ => throw new ArgumentOutOfRangeException(nameof(by), by, "Unknown granularity."),
    };

    /// <summary>The last day of the month, fiscal quarter or fiscal year a day falls in.</summary>
    public static DateOnly LastDayOfPeriod(DateOnly day, string by)
        => FirstDayOfPeriod(day, by).AddMonths(by switch { TrendGranularity.Month => 1, TrendGranularity.Quarter => 3, _ => 12 }).AddDays(-1);

    /// <summary>Every period from <paramref name="from"/> to <paramref name="to"/> (JST days, inclusive), empty ones included, in order.</summary>
    public static IReadOnlyList<TrendPeriod> Periods(DateOnly from, DateOnly to, string by)
    {
        var result = new List<TrendPeriod>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var period = PeriodOf(month, by);
            if (result.Count == 0 || result[^1].Key != period.Key) result.Add(period);
        }
        return result;
    }
}
