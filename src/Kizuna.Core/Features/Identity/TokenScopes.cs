namespace Kizuna.Core.Features.Identity;

/// <summary>What a personal API token may do. A token never exceeds its user's own roles.</summary>
public static class TokenScopes
{
    /// <summary>Safe methods (GET, HEAD) only.</summary>
    public const string Read = "read";
    /// <summary>Everything the user may do through the API.</summary>
    public const string Write = "write";

    public static readonly IReadOnlyList<string> All = [Read, Write];
}
