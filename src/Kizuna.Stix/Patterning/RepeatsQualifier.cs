using System.Globalization;

namespace Kizuna.Stix.Patterning;

/// <summary><c>REPEATS n TIMES</c>: the expression is matched n times by distinct observations (n ≥ 1).</summary>
public sealed record RepeatsQualifier : PatternQualifier
{
    /// <summary>Requires <paramref name="times"/> distinct matches (at least one).</summary>
    public RepeatsQualifier(int times)
    {
        if (times < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(times), "REPEATS needs a positive integer.");
        }
        Times = times;
    }

    /// <summary>How many distinct matches are required.</summary>
    public int Times { get; }

    /// <inheritdoc />
    public override string ToString() => $"REPEATS {Times.ToString(CultureInfo.InvariantCulture)} TIMES";
}
