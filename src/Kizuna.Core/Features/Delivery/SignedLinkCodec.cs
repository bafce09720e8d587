using System.Buffers.Binary;
using System.Security.Cryptography;
using Kizuna.Core.Features.Liaison;

namespace Kizuna.Core.Features.Delivery;

/// <summary>What a signed link carries: three ids (subject, organisation, user) and when it expires.</summary>
public sealed record SignedLinkPayload(Guid SubjectId, Guid OrganizationId, Guid UserId, DateTimeOffset ExpiresAt);

/// <summary>
/// The token format of the links in mails (<c>payload.mac</c>, base64url): three ids and an expiry,
/// signed with a truncated HMAC-SHA256 under a key file of the caller's (one key per purpose, so a
/// link for one purpose never verifies for another). Created with owner-only permissions on first use.
/// </summary>
public sealed class SignedLinkCodec(string keyPath)
{
    private const int PayloadLength = 16 * 3 + 8;
    private const int MacLength = 16;
    public const int MaxTokenLength = 200;
    private readonly Lazy<byte[]> _key = new(() => IdentityVault.LoadOrCreate(keyPath).Key);

    public string Create(Guid subjectId, Guid organizationId, Guid userId, DateTimeOffset expiresAt)
    {
        var payload = new byte[PayloadLength];
        subjectId.TryWriteBytes(payload.AsSpan(0, 16));
        organizationId.TryWriteBytes(payload.AsSpan(16, 16));
        userId.TryWriteBytes(payload.AsSpan(32, 16));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(48), expiresAt.ToUnixTimeSeconds());
        return Base64Url(payload) + "." + Base64Url(HMACSHA256.HashData(_key.Value, payload).AsSpan(0, MacLength).ToArray());
    }

    /// <summary>The link's content, or null when it is malformed, forged or expired.</summary>
    public SignedLinkPayload? Read(string token, DateTimeOffset now)
    {
        var dot = token.IndexOf('.');
        if (dot < 0 || token.Length > MaxTokenLength) return null;
        byte[] payload, mac;
        try
        {
            payload = FromBase64Url(token[..dot]);
            mac = FromBase64Url(token[(dot + 1)..]);
        }
        catch (FormatException) { return null; }
        if (payload.Length != PayloadLength || mac.Length != MacLength) return null;
        var expected = HMACSHA256.HashData(_key.Value, payload).AsSpan(0, MacLength);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac)) return null;
        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(48)));
        return expires < now ? null
            : new SignedLinkPayload(new Guid(payload.AsSpan(0, 16)), new Guid(payload.AsSpan(16, 16)), new Guid(payload.AsSpan(32, 16)), expires);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string s)
    {
        var t = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(t + new string('=', (4 - t.Length % 4) % 4));
    }
}
