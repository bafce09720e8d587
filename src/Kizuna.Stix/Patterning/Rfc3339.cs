using System.Globalization;
using System.Text.RegularExpressions;

namespace Kizuna.Stix.Patterning;

/// <summary>Strict RFC 3339 date-time reading (upper-case <c>T</c>, any fraction length, leap second 60).</summary>
internal static partial class Rfc3339
{
    [GeneratedRegex(@"^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(Z|[+-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Shape();

    internal static bool TryParse(string text, bool requireUtc, out DateTimeOffset value)
    {
        value = default;
        if (text.Length > 64)
        {
            return false;
        }
        var m = Shape().Match(text);
        if (!m.Success)
        {
            return false;
        }
        int Part(int i) => int.Parse(m.Groups[i].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
        int year = Part(1), month = Part(2), day = Part(3), hour = Part(4), minute = Part(5), second = Part(6);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }
        var zone = m.Groups[8].Value;
        if (requireUtc && zone != "Z")
        {
            return false;
        }
        var offset = TimeSpan.Zero;
        if (zone != "Z")
        {
            var oh = int.Parse(zone.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture);
            var om = int.Parse(zone.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture);
            if (oh > 23 || om > 59)
            {
                return false;
            }
            offset = new TimeSpan(oh, om, 0) * (zone[0] == '-' ? -1 : 1);
        }
        long ticks = 0;
        if (m.Groups[7].Success)
        {
            var digits = m.Groups[7].Value;
            var seven = digits.Length >= 7 ? digits[..7] : digits.PadRight(7, '0');
            ticks = long.Parse(seven, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        try
        {
            var leap = second == 60;
            var local = new DateTime(year, month, day, hour, minute, leap ? 59 : second, DateTimeKind.Unspecified).AddTicks(ticks);
            if (leap)
            {
                local = local.AddSeconds(1);
            }
            value = new DateTimeOffset(local, offset).ToUniversalTime();
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
