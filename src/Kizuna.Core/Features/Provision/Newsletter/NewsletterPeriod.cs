using System.Globalization;
using System.Text.RegularExpressions;
using Kizuna.Core.Errors;

namespace Kizuna.Core.Features.Provision.Newsletter;

/// <summary>
/// The period one newsletter issue covers: half a month in Japan time, the 1st to the 15th
/// (<see cref="Half"/> 1) or the 16th to the end of the month (half 2). Its number reads
/// <c>2026-11-1</c> for the first half of November 2026. <see cref="Start"/> is inclusive and
/// <see cref="End"/> exclusive; both are instants (JST midnight).
/// </summary>
public readonly partial record struct NewsletterPeriod
{
    /// <summary>The first year an issue may cover.</summary>
    public const int MinYear = 2000;

    private NewsletterPeriod(int year, int month, int half)
    {
        Year = year;
        Month = month;
        Half = half;
    }

    public int Year { get; }
    public int Month { get; }
    /// <summary>1 for the 1st–15th, 2 for the 16th–end of the month.</summary>
    public int Half { get; }

    public string Number => string.Create(CultureInfo.InvariantCulture, $"{Year}-{Month}-{Half}");

    public DateTimeOffset Start => new(Year, Month, Half == 1 ? 1 : 16, 0, 0, 0, Jst.Offset);

    public DateTimeOffset End => Half == 1 ? new DateTimeOffset(Year, Month, 16, 0, 0, 0, Jst.Offset) : Start.AddDays(-15).AddMonths(1);

    public NewsletterPeriod Previous => Half == 2 ? new(Year, Month, 1) : Month == 1 ? new(Year - 1, 12, 2) : new(Year, Month - 1, 2);

    /// <summary>A period from its parts; a year before <see cref="MinYear"/> or after 9998, a month outside 1–12 or a half other than 1 or 2 is a bad request.</summary>
    public static NewsletterPeriod Of(int year, int month, int half)
    {
        new InputCheck()
            .That(year is >= MinYear and <= 9998, "year", $"The year must be between {MinYear} and 9998.")
            .That(month is >= 1 and <= 12, "month", "The month must be between 1 and 12.")
            .That(half is 1 or 2, "half", "The half is 1 (1st–15th) or 2 (16th–end of the month).")
            .ThrowIfInvalid("The newsletter period is invalid.");
        return new NewsletterPeriod(year, month, half);
    }

    /// <summary>The period a moment falls in (read in Japan time).</summary>
    public static NewsletterPeriod Containing(DateTimeOffset instant)
    {
        var local = instant.ToOffset(Jst.Offset);
        return new NewsletterPeriod(local.Year, local.Month, local.Day <= 15 ? 1 : 2);
    }

    /// <summary>Reads a number such as <c>2026-11-1</c>; false for anything else (also for years before <see cref="MinYear"/>).</summary>
    public static bool TryParse(string? number, out NewsletterPeriod period)
    {
        period = default;
        if (number is null || number.Length > 12) return false;
        var m = NumberPattern().Match(number);
        if (!m.Success) return false;
        var (year, month, half) = (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
        if (year is < MinYear or > 9998 || month is < 1 or > 12) return false;
        period = new NewsletterPeriod(year, month, half);
        return true;
    }

    /// <summary>
    /// The issue the scheduler should have drafted by <paramref name="now"/>: on each of
    /// <paramref name="daysOfMonth"/> (Japan time) the period that ended last is due. The latest
    /// drafting day on or before today, this month or last, decides.
    /// </summary>
    public static NewsletterPeriod DueAt(DateTimeOffset now, IReadOnlyCollection<int> daysOfMonth)
    {
        var local = now.ToOffset(Jst.Offset);
        var today = new DateTimeOffset(local.Year, local.Month, local.Day, 0, 0, 0, Jst.Offset);
        var thisMonth = new DateTimeOffset(local.Year, local.Month, 1, 0, 0, 0, Jst.Offset);
        var candidates = daysOfMonth.Select(d => thisMonth.AddDays(d - 1)).Where(d => d <= today)
            .Concat(daysOfMonth.Select(d => thisMonth.AddMonths(-1).AddDays(d - 1)));
        var draftingDay = candidates.Max();
        return Containing(draftingDay).Previous;
    }

    public override string ToString() => Number;

    [GeneratedRegex(@"^(\d{4})-(\d{1,2})-([12])$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
