using System.Globalization;
using System.Text;

namespace Kizuna.Stix.Patterning;

/// <summary>Printing helpers shared by the syntax tree types.</summary>
internal static class PatternText
{
    /// <summary>Words the lexer reads as keywords or booleans; a property with such a name prints quoted.</summary>
    internal static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "AND", "OR", "NOT", "FOLLOWEDBY", "LIKE", "MATCHES", "ISSUPERSET", "ISSUBSET", "EXISTS", "LAST",
        "IN", "START", "STOP", "SECONDS", "TRUE", "FALSE", "WITHIN", "REPEATS", "TIMES", "true", "false",
    };

    internal static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('\'');
        foreach (var c in value)
        {
            if (c is '\\' or '\'')
            {
                sb.Append('\\');
            }
            sb.Append(c);
        }
        return sb.Append('\'').ToString();
    }

    internal static bool IsPlainIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }
        return !Keywords.Contains(name);
    }

    internal static string PropertyName(string name) => IsPlainIdentifier(name) ? name : Quote(name);

    internal static string Decimal(decimal value, bool forceFraction)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        return forceFraction && !text.Contains('.') ? text + ".0" : text;
    }

    internal static string Operator(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.GreaterThan => ">",
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.GreaterThanOrEqual => ">=",
        ComparisonOperator.LessThanOrEqual => "<=",
        ComparisonOperator.In => "IN",
        ComparisonOperator.Like => "LIKE",
        ComparisonOperator.Matches => "MATCHES",
        ComparisonOperator.IsSubset => "ISSUBSET",
        ComparisonOperator.IsSuperset => "ISSUPERSET",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    internal static int HashBytes(IReadOnlyList<byte> bytes)
    {
        var hash = new HashCode();
        foreach (var b in bytes)
        {
            hash.Add(b);
        }
        return hash.ToHashCode();
    }
}
