using System.Globalization;

namespace Kizuna.Stix.Patterning;

/// <summary>
/// A timestamp constant, <c>t'2016-06-01T01:30:00.123Z'</c>: RFC 3339 in UTC (ending in <c>Z</c>) with any
/// number of fractional-second digits. <see cref="Text"/> keeps the written form (and so its precision);
/// <see cref="Value"/> is the instant, truncated to 100 ns. A leap second (<c>:60</c>) is read as the first
/// instant of the next minute.
/// </summary>
public sealed record TimestampLiteral : PatternLiteral
{
    /// <summary>A timestamp for an instant, written with as many fractional digits as it needs (none, up to 7).</summary>
    public TimestampLiteral(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        Value = utc;
        Text = utc.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.') + "Z";
    }

    private TimestampLiteral(string text, DateTimeOffset value)
    {
        Text = text;
        Value = value;
    }

    /// <summary>The instant (UTC).</summary>
    public DateTimeOffset Value { get; }

    /// <summary>The timestamp as written between the quotes.</summary>
    public string Text { get; }

    /// <summary>Reads the text between the quotes; null when it is not a valid UTC RFC 3339 timestamp.</summary>
    public static TimestampLiteral? TryCreate(string text)
        => Rfc3339.TryParse(text, requireUtc: true, out var value) ? new TimestampLiteral(text, value) : null;

    /// <inheritdoc />
    public override string ToString() => $"t'{Text}'";
}
