using System.Security.Cryptography;
using Kizuna.Core.Errors;

namespace Kizuna.Core.Features.Delivery;

/// <summary>
/// An organisation's webhook receiver (Webhook 受信先): events are POSTed to <see cref="Url"/>,
/// signed with <see cref="Secret"/> (see <see cref="WebhookSignature"/>). The secret is shown to
/// the organisation's admins so they can configure the receiver.
/// </summary>
public sealed class OrganizationWebhook
{
    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 200;
    public const int MaxPerOrganization = 10;

    private OrganizationWebhook() { }

    public OrganizationWebhook(Guid organizationId, Uri url, string? description, DateTimeOffset now)
    {
        new InputCheck().MaxLength("description", description, MaxDescriptionLength).ThrowIfInvalid();
        Id = Guid.CreateVersion7();
        OrganizationId = organizationId;
        Url = url.AbsoluteUri;
        Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        Secret = NewSecret();
        Enabled = true;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string Url { get; private set; } = "";
    /// <summary>32 random bytes, base64url: the HMAC-SHA256 key, used as its UTF-8 text.</summary>
    public string Secret { get; private set; } = "";
    public bool Enabled { get; private set; }
    public string? Description { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public void RotateSecret() => Secret = NewSecret();

    public void Disable() => Enabled = false;

    public void Enable() => Enabled = true;

    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
