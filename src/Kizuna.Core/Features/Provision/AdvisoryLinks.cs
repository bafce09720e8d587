using System.Buffers.Binary;
using System.Security.Cryptography;
using Kizuna.Core.Data;
using Kizuna.Core.Features.Liaison;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Provision;

/// <summary>What a signed link in an e-mail stands for: this user (or, for an extra address, nobody) of this organisation was sent this advisory.</summary>
public sealed record AdvisoryLink(Guid AdvisoryId, Guid OrganizationId, Guid UserId, DateTimeOffset ExpiresAt);

/// <summary>
/// Signs and checks the links in advisory e-mails (<c>/l/{token}</c>) with HMAC-SHA256 under a key
/// kept beside the identity key (<c>{DataDirectory}/keys/links.key</c>). A link proves only that the
/// mail was opened, for the reach board; it never grants sight of the advisory, which still needs a
/// sign-in through the disclosure policy.
/// </summary>
public sealed class AdvisoryLinks(IOptions<DatabaseOptions> database)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(90);
    private const int PayloadLength = 16 * 3 + 8;
    private readonly Lazy<byte[]> _key = new(() => IdentityVault.LoadOrCreate(Path.Combine(database.Value.DataDirectory, "keys", "links.key")).Key);

    public string Create(Guid advisoryId, Guid organizationId, Guid userId, DateTimeOffset now)
    {
        var payload = new byte[PayloadLength];
        advisoryId.TryWriteBytes(payload.AsSpan(0, 16));
        organizationId.TryWriteBytes(payload.AsSpan(16, 16));
        userId.TryWriteBytes(payload.AsSpan(32, 16));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(48), (now + Lifetime).ToUnixTimeSeconds());
        var mac = HMACSHA256.HashData(_key.Value, payload).AsSpan(0, 16);
        return Base64Url(payload) + "." + Base64Url(mac.ToArray());
    }

    /// <summary>The link's meaning, or null when it is malformed, forged or expired.</summary>
    public AdvisoryLink? Read(string token, DateTimeOffset now)
    {
        var dot = token.IndexOf('.');
        if (dot < 0 || token.Length > 200) return null;
        byte[] payload, mac;
        try
        {
            payload = FromBase64Url(token[..dot]);
            mac = FromBase64Url(token[(dot + 1)..]);
        }
        catch (FormatException) { return null; }
        if (payload.Length != PayloadLength || mac.Length != 16) return null;
        var expected = HMACSHA256.HashData(_key.Value, payload).AsSpan(0, 16);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac)) return null;
        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(48)));
        if (expires < now) return null;
        return new AdvisoryLink(new Guid(payload.AsSpan(0, 16)), new Guid(payload.AsSpan(16, 16)), new Guid(payload.AsSpan(32, 16)), expires);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string s)
    {
        var t = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(t + new string('=', (4 - t.Length % 4) % 4));
    }
}
