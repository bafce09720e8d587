namespace Kizuna.Stix.Patterning;

/// <summary>
/// A STIX 2.1 pattern (STIX 2.1 part 9, "STIX Patterning"), the <c>pattern</c> of an indicator whose
/// <c>pattern_type</c> is <c>stix</c>: parsed, checked against the rules of the specification, printable
/// in canonical form and matchable against observations.
/// </summary>
/// <remarks>
/// <para><see cref="ToString"/> prints the canonical pattern: single spaces, <c>=</c> and <c>!=</c> for the
/// equality operators, parentheses only where precedence needs them, property names quoted only when they
/// must be. Parsing the printed text gives an equal pattern.</para>
/// <para>Equality is structural: two patterns are equal when their syntax trees are, whatever the spacing,
/// comments or redundant parentheses of the text they came from.</para>
/// </remarks>
public sealed class StixPattern : IEquatable<StixPattern>
{
    /// <summary>Wraps a syntax tree. The semantic rules checked by <see cref="Parse(string)"/> are not re-checked here;
    /// to check a tree built by hand, parse its text: <c>StixPattern.Parse(root.ToString())</c>.</summary>
    public StixPattern(ObservationExpression root)
    {
        Root = root ?? throw new ArgumentNullException(nameof(root));
    }

    /// <summary>The top observation expression.</summary>
    public ObservationExpression Root { get; }

    /// <summary>
    /// Parses and checks a pattern.
    /// </summary>
    /// <exception cref="StixPatternException">The text is not a valid STIX 2.1 pattern; the exception says where and why.</exception>
    public static StixPattern Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var (root, errors) = PatternParser.Run(pattern);
        return root is null ? throw new StixPatternException(errors) : new StixPattern(root);
    }

    /// <summary>Parses a pattern without throwing; on failure <paramref name="result"/> is null and <paramref name="errors"/> says why.</summary>
    public static bool TryParse(string pattern, out StixPattern? result, out IReadOnlyList<StixPatternError> errors)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var (root, found) = PatternParser.Run(pattern);
        result = root is null ? null : new StixPattern(root);
        errors = found;
        return result is not null;
    }

    /// <summary>
    /// Checks a pattern and returns its problems, in order of position; empty when the pattern is valid.
    /// A syntax error ends the check, so after one there are no further errors; semantic errors (qualifier
    /// values, object types, mixed types under AND, regular expressions, CIDR blocks, …) are all reported.
    /// </summary>
    public static IReadOnlyList<StixPatternError> Validate(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return PatternParser.Run(pattern).Errors;
    }

    /// <summary>
    /// Whether the observations match the pattern: there is a set of them that satisfies every observation
    /// expression, operator and qualifier. See <c>docs/stix-patterning.md</c> for the exact semantics.
    /// </summary>
    /// <exception cref="StixPatternEvaluationException">Deciding would exceed an evaluation limit of <see cref="StixPatternLimits"/>.</exception>
    public bool Matches(IEnumerable<StixObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var list = observations.ToList();
        if (list.Any(o => o is null))
        {
            throw new ArgumentException("An observation cannot be null.", nameof(observations));
        }
        return new PatternEvaluator(list).Matches(Root);
    }

    /// <summary>The canonical pattern text.</summary>
    public override string ToString() => Root.ToString();

    /// <inheritdoc />
    public bool Equals(StixPattern? other) => other is not null && Root.Equals(other.Root);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as StixPattern);

    /// <inheritdoc />
    public override int GetHashCode() => Root.GetHashCode();

    /// <summary>Structural equality.</summary>
    public static bool operator ==(StixPattern? left, StixPattern? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Structural inequality.</summary>
    public static bool operator !=(StixPattern? left, StixPattern? right) => !(left == right);
}
