using System.Globalization;

namespace Kizuna.Core;

/// <summary>CSV (RFC 4180) as every export writes it.</summary>
public static class Csv
{
    /// <summary>
    /// One field: quoted when it holds a comma, quote or line break, and defused when a spreadsheet would
    /// run it as a formula (it starts with <c>= + - @</c>, a tab or a carriage return and is not a plain
    /// number): a <c>'</c> goes in front.
    /// </summary>
    public static string Field(string value)
    {
        var v = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
                && !decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)
            ? "'" + value
            : value;
        return v.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }

    /// <summary>A line of fields, ended by CRLF.</summary>
    public static string Line(IEnumerable<string> fields) => string.Join(",", fields.Select(Field)) + "\r\n";
}
