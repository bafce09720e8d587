namespace Kizuna.Stix.Patterning;

/// <summary>
/// Thrown by <see cref="StixPattern.Matches(IEnumerable{StixObservation})"/> when matching would exceed
/// one of the evaluation limits in <see cref="StixPatternLimits"/> (too many candidate matches, too much work,
/// or a regular expression that runs out of time). The pattern is valid; the observations are too many
/// or too alike for it to be decided within the limits, so no answer is given rather than a wrong one.
/// </summary>
public sealed class StixPatternEvaluationException : Exception
{
    /// <summary>Creates the exception with a message that names the limit reached.</summary>
    public StixPatternEvaluationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
