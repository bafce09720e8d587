using Kizuna.Core.Data;
using Kizuna.Core.Features.Delivery;
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
    private readonly SignedLinkCodec _codec = new(Path.Combine(database.Value.DataDirectory, "keys", "hotline.key"));

    public string Create(Guid alertId, Guid organizationId, Guid userId, DateTimeOffset now)
        => _codec.Create(alertId, organizationId, userId, now + options.Value.AckLinkLifetime);

    public HotlineAckLink? Read(string token, DateTimeOffset now)
        => _codec.Read(token, now) is { } p ? new HotlineAckLink(p.SubjectId, p.OrganizationId, p.UserId, p.ExpiresAt) : null;
}
