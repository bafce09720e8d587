namespace Kizuna.Stix.Patterning;

/// <summary>
/// <c>WITHIN n SECONDS</c>: all observations of a match lie within a window of n seconds. n is positive;
/// the STIX 2.1 grammar allows a fraction (<c>WITHIN 0.5 SECONDS</c>).
/// </summary>
public sealed record WithinQualifier : PatternQualifier
{
    /// <summary>A window of <paramref name="seconds"/> seconds (positive).</summary>
    public WithinQualifier(decimal seconds)
    {
        if (seconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), "WITHIN needs a positive number of seconds.");
        }
        Seconds = seconds;
    }

    /// <summary>Length of the window in seconds.</summary>
    public decimal Seconds { get; }

    /// <inheritdoc />
    /// <remarks>A whole number prints without a fraction unless it is beyond the 64-bit integers, where only
    /// the float form parses back.</remarks>
    public override string ToString()
        => $"WITHIN {PatternText.Decimal(Seconds, forceFraction: Seconds > long.MaxValue)} SECONDS";
}
