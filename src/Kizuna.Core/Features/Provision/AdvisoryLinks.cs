using Kizuna.Core.Data;
using Kizuna.Core.Features.Delivery;
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
    private readonly SignedLinkCodec _codec = new(Path.Combine(database.Value.DataDirectory, "keys", "links.key"));

    public string Create(Guid advisoryId, Guid organizationId, Guid userId, DateTimeOffset now)
        => _codec.Create(advisoryId, organizationId, userId, now + Lifetime);

    /// <summary>The link's meaning, or null when it is malformed, forged or expired.</summary>
    public AdvisoryLink? Read(string token, DateTimeOffset now)
        => _codec.Read(token, now) is { } p ? new AdvisoryLink(p.SubjectId, p.OrganizationId, p.UserId, p.ExpiresAt) : null;
}
