namespace Kizuna.Stix.Validation;

/// <summary>The outcome of validating STIX JSON: errors (MUST rules broken) and warnings (SHOULD rules).</summary>
public sealed class ValidationResult
{
    /// <summary>Creates a result.</summary>
    public ValidationResult(IReadOnlyList<StixValidationIssue> errors, IReadOnlyList<StixValidationIssue> warnings)
    {
        Errors = errors;
        Warnings = warnings;
    }

    /// <summary>The broken MUST rules.</summary>
    public IReadOnlyList<StixValidationIssue> Errors { get; }

    /// <summary>The unmet SHOULD rules.</summary>
    public IReadOnlyList<StixValidationIssue> Warnings { get; }

    /// <summary>True when there is no error (warnings allowed).</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>Every finding, one per line.</summary>
    public override string ToString() => string.Join(Environment.NewLine, Errors.Concat(Warnings));
}
