using System.Text.Json;
using Kizuna.Stix.Patterning;
using Kizuna.Stix.Validation;

namespace Kizuna.Core.Features.Interop;

/// <summary>
/// The TAXII server's object check: the facts the store needs come from
/// <see cref="BasicStixObjectCheck"/>; then <c>Kizuna.Stix</c>'s strict STIX 2.1 validation (required
/// properties per type, vocabularies, reference types, timestamps…) with indicators' <c>stix</c>
/// patterns parsed by <see cref="StixPattern"/>. An object with an error is refused with the first
/// errors (object id and property named); warnings (e.g. a non-v4 id) do not refuse it.
/// </summary>
public sealed class StrictStixObjectCheck(BasicStixObjectCheck basic) : IStixObjectCheck
{
    /// <summary>At most this many errors are named in one refusal.</summary>
    public const int MaxErrorsNamed = 3;

    private static readonly StixValidationOptions Options = new()
    {
        PatternValidator = pattern => StixPattern.Validate(pattern) is { Count: > 0 } errors ? string.Join("; ", errors.Take(MaxErrorsNamed)) : null,
    };

    public StixObjectVerdict Check(JsonElement obj)
    {
        var verdict = basic.Check(obj);
        if (verdict.Facts is null) return verdict;
        ValidationResult result;
        try
        {
            result = StixValidator.Validate(obj, Options);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or InvalidOperationException)
        {
            return StixObjectVerdict.Refuse($"The object could not be read as STIX 2.1: {e.Message}");
        }
        if (result.IsValid) return verdict;
        var named = result.Errors.Take(MaxErrorsNamed).Select(e => (e.Property is null ? "" : e.Property + ": ") + e.Message);
        var more = result.Errors.Count > MaxErrorsNamed ? $" (and {result.Errors.Count - MaxErrorsNamed} more)" : "";
        return StixObjectVerdict.Refuse(string.Join("; ", named) + more);
    }
}
