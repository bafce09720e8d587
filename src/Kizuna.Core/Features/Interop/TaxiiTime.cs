using System.Globalization;

namespace Kizuna.Core.Features.Interop;

/// <summary>TAXII and STIX timestamps: UTC, kept to the microsecond (what PostgreSQL stores), written with at least milliseconds.</summary>
public static class TaxiiTime
{
    public static DateTimeOffset ToMicroseconds(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return new DateTimeOffset(utc.UtcTicks - utc.UtcTicks % 10, TimeSpan.Zero);
    }

    public static DateTimeOffset? ToMicroseconds(DateTimeOffset? t) => t is { } v ? ToMicroseconds(v) : null;

    /// <summary><c>2026-04-01T09:30:00.123Z</c>, or with six digits when the microseconds are not zero.</summary>
    public static string Format(DateTimeOffset t)
    {
        var utc = t.UtcDateTime;
        var format = utc.Ticks % TimeSpan.TicksPerMillisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss.fff'Z'" : "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
        return utc.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>Parses a timestamp from a query (<c>added_after</c>, <c>match[version]</c>).</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text) || !BasicStixObjectCheck.TryTimestamp(text.Trim(), out var t)) return false;
        value = ToMicroseconds(t);
        return true;
    }
}
