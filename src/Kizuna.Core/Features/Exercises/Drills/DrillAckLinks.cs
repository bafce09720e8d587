using Kizuna.Core.Data;
using Kizuna.Core.Features.Delivery;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Exercises.Drills;

/// <summary>What a drill acknowledgement link stands for: acknowledge this drill for this organisation (sent to this user, or to a contact address when <see cref="UserId"/> is empty).</summary>
public sealed record DrillAckLink(Guid DrillId, Guid OrganizationId, Guid UserId, DateTimeOffset ExpiresAt);

/// <summary>
/// Signs and checks the acknowledgement links in drill mails (<c>/drills/ack/{token}</c>) under a key
/// of their own (<c>{DataDirectory}/keys/drill.key</c>), so a hotline link never acknowledges a drill
/// nor the reverse. A link acts only through the POST of its confirmation page.
/// </summary>
public sealed class DrillAckLinks(IOptions<DatabaseOptions> database, IOptions<DrillOptions> options)
{
    private readonly SignedLinkCodec _codec = new(Path.Combine(database.Value.DataDirectory, "keys", "drill.key"));

    public string Create(Guid drillId, Guid organizationId, Guid userId, DateTimeOffset now)
        => _codec.Create(drillId, organizationId, userId, now + options.Value.AckLinkLifetime);

    public DrillAckLink? Read(string token, DateTimeOffset now)
        => _codec.Read(token, now) is { } p ? new DrillAckLink(p.SubjectId, p.OrganizationId, p.UserId, p.ExpiresAt) : null;
}
