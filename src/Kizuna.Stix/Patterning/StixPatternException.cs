namespace Kizuna.Stix.Patterning;

/// <summary>
/// Thrown by <see cref="StixPattern.Parse(string)"/> when a pattern is not a valid STIX 2.1 pattern.
/// The message names the first problem and its position; <see cref="Errors"/> lists every problem found
/// (syntax errors stop the parse, so there is then exactly one).
/// </summary>
public sealed class StixPatternException : Exception
{
    /// <summary>Creates the exception for a non-empty list of errors.</summary>
    public StixPatternException(IReadOnlyList<StixPatternError> errors)
        : base(Describe(errors))
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("At least one error is required.", nameof(errors));
        }
        Errors = errors;
    }

    /// <summary>Every problem found, in order of position.</summary>
    public IReadOnlyList<StixPatternError> Errors { get; }

    /// <summary>Zero-based offset of the first problem.</summary>
    public int Offset => Errors[0].Offset;

    /// <summary>One-based line of the first problem.</summary>
    public int Line => Errors[0].Line;

    /// <summary>One-based column of the first problem.</summary>
    public int Column => Errors[0].Column;

    private static string Describe(IReadOnlyList<StixPatternError> errors)
    {
        if (errors is null || errors.Count == 0)
        {
            return "Invalid STIX pattern.";
        }
        var first = $"Invalid STIX pattern at line {errors[0].Line}, column {errors[0].Column}: {errors[0].Message}";
        return errors.Count == 1 ? first : $"{first} (and {errors.Count - 1} more error(s))";
    }
}
