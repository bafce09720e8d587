namespace Kizuna.Stix.Validation;

/// <summary>Options of <see cref="StixValidator"/>.</summary>
public sealed record StixValidationOptions
{
    /// <summary>The defaults: no pattern check, at most 10,000 objects in a bundle.</summary>
    public static StixValidationOptions Default { get; } = new();

    /// <summary>
    /// Checks the <c>pattern</c> of indicators whose <c>pattern_type</c> is <c>stix</c>: returns null when the pattern
    /// is valid, else the reason. Null (the default) leaves patterns unchecked.
    /// </summary>
    public Func<string, string?>? PatternValidator { get; init; }

    /// <summary>The largest number of objects accepted in one bundle (default 10,000).</summary>
    public int MaxBundleObjects { get; init; } = 10_000;
}
