using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kizuna.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Delivery;

/// <summary>One mail address a notification goes to: a member (with its language) or one of the organisation's extra addresses.</summary>
public sealed record Mailbox(string Address, bool Japanese, Guid? UserId);

/// <summary>
/// Turns "tell this organisation" into outbox rows by the organisation's delivery settings, the one
/// way every feature does it: a mail to each member that can sign in (in the member's language) and
/// to each extra address (Japanese), and — when the caller has a webhook body — a call to each
/// enabled webhook. Quiet hours hold back all but urgent notifications. Keys are
/// <c>{keyBase}:mail:{user}</c>, <c>{keyBase}:extra:{address hash}</c> and <c>{keyBase}:hook:{webhook}</c>.
/// </summary>
public static class OrganizationFanOut
{
    public static async Task AddAsync(KizunaDb db, Guid organizationId, string keyBase, string topic, bool urgent, DateTimeOffset now,
        Func<Mailbox, EmailPayload> mail, JsonElement? webhookBody, CancellationToken ct)
    {
        var settings = await DeliverySettingsAccess.ReadAsync(db, organizationId, now, ct);
        var due = settings.DueAt(now, urgent);
        if (settings.EmailEnabled)
        {
            var members = await db.Users.AsNoTracking()
                .Where(u => u.OrganizationId == organizationId && u.Email != null && (u.LockoutEnd == null || u.LockoutEnd < now))
                .Select(u => new { u.Id, u.Email, u.PreferredLanguage }).ToListAsync(ct);
            var boxes = members.Select(u => (Box: new Mailbox(u.Email!, u.PreferredLanguage != "en", u.Id), Key: $"{keyBase}:mail:{u.Id:N}"))
                .Concat(settings.ExtraEmailAddresses.Select(a => (Box: new Mailbox(a, true, null), Key: $"{keyBase}:extra:{AddressKey(a)}")));
            foreach (var (box, key) in boxes)
                db.Outbox.Add(OutboxMessage.Create(OutboxChannels.Email, key, topic, mail(box), now, due, organizationId, box.UserId, box.Address, urgent));
        }
        if (webhookBody is { } body && settings.WebhooksEnabled)
        {
            var hooks = await db.Webhooks.AsNoTracking().Where(w => w.OrganizationId == organizationId && w.Enabled).Select(w => new { w.Id, w.Url }).ToListAsync(ct);
            foreach (var h in hooks)
                db.Outbox.Add(OutboxMessage.Create(OutboxChannels.Webhook, $"{keyBase}:hook:{h.Id:N}", topic,
                    new WebhookPayload(h.Id, topic, body), now, due, organizationId, destination: h.Url, urgent: urgent));
        }
    }

    /// <summary>A stable, non-reversible key part for an address (idempotency keys must not carry addresses).</summary>
    public static string AddressKey(string address)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address.ToLowerInvariant())))[..24];
}
