namespace Kizuna.Core.Errors;

/// <summary>
/// The closed set of failures a use case may report. The server turns each into an RFC 9457
/// problem details answer; anything else is an unexpected 500.
/// </summary>
public abstract class DomainException(string message) : Exception(message)
{
    /// <summary>Short machine-readable kind, used as the problem type suffix.</summary>
    public abstract string Kind { get; }
}

/// <summary>The thing does not exist, or the viewer may not know it exists (answers 404).</summary>
public sealed class NotFoundException(string message) : DomainException(message)
{
    public override string Kind => "not-found";
}

/// <summary>The viewer may see the thing but may not do this to it (answers 403).</summary>
public sealed class ForbiddenException(string message) : DomainException(message)
{
    public override string Kind => "forbidden";
}

/// <summary>The change clashes with the current state (answers 409).</summary>
public sealed class ConflictException(string message) : DomainException(message)
{
    public override string Kind => "conflict";
}

/// <summary>The input is invalid; <see cref="Errors"/> names each bad field (answers 400).</summary>
public sealed class InputException : DomainException
{
    public InputException(string message, IReadOnlyDictionary<string, string[]>? errors = null) : base(message)
        => Errors = errors ?? new Dictionary<string, string[]>();

    public InputException(string field, string error) : this(error, new Dictionary<string, string[]> { [field] = [error] }) { }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public override string Kind => "invalid-input";
}
