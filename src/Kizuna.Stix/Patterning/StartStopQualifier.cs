namespace Kizuna.Stix.Patterning;

/// <summary>
/// <c>START t'…' STOP t'…'</c>: only observations made from <see cref="Start"/> (inclusive) until
/// <see cref="Stop"/> (exclusive) may match. Start is strictly before stop.
/// </summary>
public sealed record StartStopQualifier : PatternQualifier
{
    /// <summary>A time window; <paramref name="start"/> must be before <paramref name="stop"/>.</summary>
    public StartStopQualifier(TimestampLiteral start, TimestampLiteral stop)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(stop);
        if (start.Value >= stop.Value)
        {
            throw new ArgumentException("START must be before STOP.", nameof(stop));
        }
        Start = start;
        Stop = stop;
    }

    /// <summary>First instant of the window (inclusive).</summary>
    public TimestampLiteral Start { get; }

    /// <summary>End of the window (exclusive).</summary>
    public TimestampLiteral Stop { get; }

    /// <inheritdoc />
    public override string ToString() => $"START {Start} STOP {Stop}";
}
