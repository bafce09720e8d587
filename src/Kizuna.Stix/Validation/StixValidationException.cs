namespace Kizuna.Stix.Validation;

/// <summary>Thrown when STIX JSON is malformed or breaks the specification; <see cref="Result"/> lists every error.</summary>
public sealed class StixValidationException : Exception
{
    /// <summary>Creates the exception from a failed result.</summary>
    public StixValidationException(ValidationResult result)
        : base(Describe(result)) => Result = result;

    /// <summary>The validation result (at least one error).</summary>
    public ValidationResult Result { get; }

    private static string Describe(ValidationResult result)
    {
        var shown = result.Errors.Take(20).Select(e => e.ToString()).ToList();
        if (result.Errors.Count > shown.Count) shown.Add($"… and {result.Errors.Count - shown.Count} more errors");
        return $"Invalid STIX ({result.Errors.Count} error{(result.Errors.Count == 1 ? "" : "s")}):{Environment.NewLine}{string.Join(Environment.NewLine, shown)}";
    }
}
