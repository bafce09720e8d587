using System.Globalization;

namespace Kizuna.Stix.Objects;

/// <summary>
/// A STIX timestamp (RFC 3339, always UTC with the <c>Z</c> designator) that keeps the number of
/// sub-second digits it was written with, so <c>2016-01-01T00:00:00.000Z</c> and
/// <c>2016-01-01T00:00:00Z</c> stay distinct when round-tripped. Up to 9 fractional digits are kept.
/// </summary>
public readonly struct StixTimestamp : IEquatable<StixTimestamp>, IComparable<StixTimestamp>
{
    private readonly string? _text;

    private StixTimestamp(DateTime utc, int nanosOfSecond, int fractionDigits, string text)
    {
        UtcDateTime = utc;
        NanosOfSecond = nanosOfSecond;
        FractionDigits = fractionDigits;
        _text = text;
    }

    /// <summary>The instant, truncated to .NET's 100 ns resolution, with <see cref="DateTimeKind.Utc"/>.</summary>
    public DateTime UtcDateTime { get; }

    /// <summary>The sub-second part in nanoseconds (full precision up to 9 digits).</summary>
    public int NanosOfSecond { get; }

    /// <summary>How many fractional-second digits the timestamp is written with (0–9).</summary>
    public int FractionDigits { get; }

    /// <summary>The instant as a <see cref="DateTimeOffset"/> at offset zero.</summary>
    public DateTimeOffset Value => new(UtcDateTime, TimeSpan.Zero);

    /// <summary>Creates a timestamp from an instant (converted to UTC) written with <paramref name="fractionDigits"/> sub-second digits (default 3, milliseconds).</summary>
    public static StixTimestamp From(DateTimeOffset instant, int fractionDigits = 3)
    {
        if (fractionDigits is < 0 or > 7)
            throw new ArgumentOutOfRangeException(nameof(fractionDigits), fractionDigits, "Between 0 and 7 fractional digits.");
        var utc = instant.UtcDateTime;
        var ticksOfSecond = (int)(utc.Ticks % TimeSpan.TicksPerSecond);
        var unit = (int)Math.Pow(10, 7 - fractionDigits);
        ticksOfSecond -= ticksOfSecond % unit;
        var whole = new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        var fraction = fractionDigits == 0 ? "" : "." + ticksOfSecond.ToString("D7", CultureInfo.InvariantCulture)[..fractionDigits];
        var text = whole.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + fraction + "Z";
        return new StixTimestamp(whole.AddTicks(ticksOfSecond), ticksOfSecond * 100, fractionDigits, text);
    }

    /// <summary>Parses a STIX timestamp; throws <see cref="FormatException"/> when <paramref name="text"/> is not one.</summary>
    public static StixTimestamp Parse(string text)
        => TryParse(text, out var ts, out var error) ? ts : throw new FormatException(error);

    /// <summary>
    /// Parses <c>YYYY-MM-DDTHH:mm:ss[.s+]Z</c> strictly: upper-case <c>T</c> and <c>Z</c>, no offsets other than <c>Z</c>,
    /// 1–9 fractional digits, a real calendar date and a second of 00–60 (60 only as a leap second, read as 59.999…).
    /// </summary>
    public static bool TryParse(string? text, out StixTimestamp timestamp, out string? error)
    {
        timestamp = default;
        error = null;
        if (string.IsNullOrEmpty(text)) { error = "timestamp is empty"; return false; }
        var s = text.AsSpan();
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[^1] != 'Z')
        {
            error = $"'{text}' is not an RFC 3339 UTC timestamp of the form YYYY-MM-DDTHH:mm:ss[.s+]Z";
            return false;
        }
        if (!Digits(s[..4], out var year) || !Digits(s[5..7], out var month) || !Digits(s[8..10], out var day)
            || !Digits(s[11..13], out var hour) || !Digits(s[14..16], out var minute) || !Digits(s[17..19], out var second))
        {
            error = $"'{text}' is not an RFC 3339 UTC timestamp of the form YYYY-MM-DDTHH:mm:ss[.s+]Z";
            return false;
        }
        var rest = s[19..^1];
        var fractionDigits = 0;
        var nanos = 0;
        if (rest.Length > 0)
        {
            if (rest[0] != '.' || rest.Length < 2 || rest.Length > 10 || !Digits(rest[1..], out _))
            {
                error = rest.Length > 10 && rest[0] == '.'
                    ? $"'{text}' has more than 9 fractional-second digits"
                    : $"'{text}' is not an RFC 3339 UTC timestamp of the form YYYY-MM-DDTHH:mm:ss[.s+]Z";
                return false;
            }
            fractionDigits = rest.Length - 1;
            nanos = int.Parse(rest[1..].ToString().PadRight(9, '0'), CultureInfo.InvariantCulture);
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
        {
            error = $"'{text}' is not a valid date and time";
            return false;
        }
        var leap = second == 60;
        var baseTime = new DateTime(year, month, day, hour, minute, leap ? 59 : second, DateTimeKind.Utc);
        var utc = leap ? baseTime.AddTicks(TimeSpan.TicksPerSecond - 1) : baseTime.AddTicks(nanos / 100);
        timestamp = new StixTimestamp(utc, leap ? 999_999_999 : nanos, fractionDigits, text);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (c is < '0' or > '9') return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    /// <summary>The timestamp as written (RFC 3339, <c>Z</c>, the original number of fractional digits).</summary>
    public override string ToString() => _text ?? "0001-01-01T00:00:00Z";

    /// <summary>Equal when written the same (same instant and same precision).</summary>
    public bool Equals(StixTimestamp other) => string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is StixTimestamp other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>Orders by instant (to the nanosecond), ignoring precision.</summary>
    public int CompareTo(StixTimestamp other)
    {
        var seconds = (UtcDateTime.Ticks / TimeSpan.TicksPerSecond).CompareTo(other.UtcDateTime.Ticks / TimeSpan.TicksPerSecond);
        return seconds != 0 ? seconds : NanosOfSecond.CompareTo(other.NanosOfSecond);
    }

    /// <summary>Equality operator.</summary>
    public static bool operator ==(StixTimestamp left, StixTimestamp right) => left.Equals(right);
    /// <summary>Inequality operator.</summary>
    public static bool operator !=(StixTimestamp left, StixTimestamp right) => !left.Equals(right);
    /// <summary>Earlier than.</summary>
    public static bool operator <(StixTimestamp left, StixTimestamp right) => left.CompareTo(right) < 0;
    /// <summary>Later than.</summary>
    public static bool operator >(StixTimestamp left, StixTimestamp right) => left.CompareTo(right) > 0;
    /// <summary>Earlier than or the same instant.</summary>
    public static bool operator <=(StixTimestamp left, StixTimestamp right) => left.CompareTo(right) <= 0;
    /// <summary>Later than or the same instant.</summary>
    public static bool operator >=(StixTimestamp left, StixTimestamp right) => left.CompareTo(right) >= 0;
}
