using System.Security.Cryptography;
using System.Text;
using Kizuna.Core.Errors;

namespace Kizuna.Core.Features.Identity;

/// <summary>
/// A personal API token sent as <c>Authorization: Bearer</c>. The secret is shown once at creation;
/// only its SHA-256 is stored (the secret has 256 bits of entropy, so a plain hash is enough).
/// </summary>
public sealed class ApiToken
{
    public const string SecretPrefix = "kzn_";
    public const int MaxNameLength = 100;

    private ApiToken() { }

    private ApiToken(Guid userId, string name, IEnumerable<string> scopes, DateTimeOffset now, DateTimeOffset expiresAt, string hash, string hint)
    {
        Id = Guid.CreateVersion7();
        UserId = userId;
        Name = name;
        Scopes = scopes.Distinct().ToList();
        CreatedAt = now;
        ExpiresAt = expiresAt;
        SecretHash = hash;
        Hint = hint;
    }

    public Guid Id { get; private set; }
    public Guid UserId { get; private set; }
    public string Name { get; private set; } = "";
    public List<string> Scopes { get; private set; } = [];
    /// <summary>Hex SHA-256 of the secret.</summary>
    public string SecretHash { get; private set; } = "";
    /// <summary>The first characters of the secret, for recognising a token in lists.</summary>
    public string Hint { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }

    /// <summary>Creates a token and returns it with its secret, which is never stored.</summary>
    public static (ApiToken Token, string Secret) Issue(Guid userId, string name, IEnumerable<string> scopes, DateTimeOffset now, TimeSpan lifetime)
    {
        var check = new InputCheck().Required("name", name, MaxNameLength);
        var scopeList = scopes.ToList();
        check.That(scopeList.Count > 0, "scopes", "At least one scope is required (read, write).");
        foreach (var s in scopeList) check.That(TokenScopes.All.Contains(s), "scopes", $"Unknown scope '{s}'; use read or write.");
        check.That(lifetime > TimeSpan.Zero && lifetime <= TimeSpan.FromDays(366), "expiresInDays", "A token lives between 1 and 366 days.");
        check.ThrowIfInvalid();
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (new ApiToken(userId, name.Trim(), scopeList, now, now + lifetime, HashSecret(secret), secret[..10]), secret);
    }

    public static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;

    public void Revoke(DateTimeOffset now)
    {
        if (RevokedAt is not null) throw new ConflictException("The token is already revoked.");
        RevokedAt = now;
    }

    public void Touch(DateTimeOffset now) => LastUsedAt = now;
}
