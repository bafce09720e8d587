using System.Buffers.Binary;
using System.Security.Cryptography;
using Kizuna.Core.Data;
using Kizuna.Core.Features.Liaison;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Hotline;

/// <summary>What an acknowledgement link stands for: acknowledge this alert for this organisation (sent to this user, or to a contact address when <see cref="UserId"/> is empty).</summary>
public sealed record HotlineAckLink(Guid AlertId, Guid OrganizationId, Guid UserId, DateTimeOffset ExpiresAt);

/// <summary>
/// Signs and checks the acknowledgement links in hotline mails (<c>/hotline/ack/{token}</c>) with
/// HMAC-SHA256 under a key of its own (<c>{DataDirectory}/keys/hotline.key</c>). A link acts only
/// through a POST from its confirmation page, so mail scanners that prefetch it acknowledge
/// nothing. It is single-use: it acknowledges the organisation once, and once the organisation has
/// acknowledged (by any way) every link for that alert answers that it was already used.
/// </summary>
public sealed class HotlineAckLinks(IOptions<DatabaseOptions> database, IOptions<HotlineOptions> options)
{
    private const int PayloadLength = 16 * 3 + 8;
    private readonly Lazy<byte[]> _key = new(() => IdentityVault.LoadOrCreate(Path.Combine(database.Value.DataDirectory, "keys", "hotline.key")).Key);

    public string Create(Guid alertId, Guid organizationId, Guid userId, DateTimeOffset now)
    {
        var payload = new byte[PayloadLength];
        alertId.TryWriteBytes(payload.AsSpan(0, 16));
        organizationId.TryWriteBytes(payload.AsSpan(16, 16));
        userId.TryWriteBytes(payload.AsSpan(32, 16));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(48), (now + options.Value.AckLinkLifetime).ToUnixTimeSeconds());
        var mac = HMACSHA256.HashData(_key.Value, payload).AsSpan(0, 16).ToArray();
        return Base64Url(payload) + "." + Base64Url(mac);
    }

    /// <summary>The link's meaning, or null when it is malformed, forged or expired.</summary>
    public HotlineAckLink? Read(string token, DateTimeOffset now)
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
        return new HotlineAckLink(new Guid(payload.AsSpan(0, 16)), new Guid(payload.AsSpan(16, 16)), new Guid(payload.AsSpan(32, 16)), expires);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string s)
    {
        var t = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(t + new string('=', (4 - t.Length % 4) % 4));
    }
}
