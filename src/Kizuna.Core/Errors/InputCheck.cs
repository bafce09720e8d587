namespace Kizuna.Core.Errors;

/// <summary>Collects field errors for one command and throws them together as an <see cref="InputException"/>.</summary>
public sealed class InputCheck
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public InputCheck Add(string field, string error)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(error);
        return this;
    }

    public InputCheck Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) return Add(field, $"'{field}' is required.");
        return MaxLength(field, value, maxLength);
    }

    public InputCheck MaxLength(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
            Add(field, $"'{field}' is {value.Length} characters long; the limit is {maxLength}.");
        return this;
    }

    public InputCheck That(bool condition, string field, string error) => condition ? this : Add(field, error);

    public bool IsValid => _errors.Count == 0;

    public void ThrowIfInvalid(string message = "The request has invalid fields.")
    {
        if (_errors.Count > 0)
            throw new InputException(message, _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }
}
