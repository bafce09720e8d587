namespace Kizuna.Stix.Patterning;

/// <summary>
/// The fixed limits of the pattern parser and evaluator. They keep hostile or broken input from
/// exhausting the stack, memory or time: every limit is checked, and crossing one gives a clear error
/// instead of a crash or a hang.
/// </summary>
public static class StixPatternLimits
{
    /// <summary>Longest pattern accepted, in UTF-16 code units (64 KiB).</summary>
    public const int MaxPatternLength = 64 * 1024;

    /// <summary>
    /// Deepest nesting of brackets and parentheses accepted (<c>[</c>, <c>(</c> around observation and
    /// comparison expressions, and set literals). Long flat chains of AND / OR / FOLLOWEDBY do not nest
    /// and are not limited by this.
    /// </summary>
    public const int MaxNestingDepth = 100;

    /// <summary>Longest property name or dictionary key in an object path (the STIX limit for property names).</summary>
    public const int MaxPropertyNameLength = 250;

    /// <summary>Time one <c>MATCHES</c> regular expression may run against one value.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>Most partial matches (sets of observations) the evaluator keeps for one sub-expression.</summary>
    public const int MaxCandidateMatches = 10_000;

    /// <summary>Most combination steps the evaluator takes for one call of <see cref="StixPattern.Matches(IEnumerable{StixObservation})"/>.</summary>
    public const int MaxEvaluationSteps = 2_000_000;
}
