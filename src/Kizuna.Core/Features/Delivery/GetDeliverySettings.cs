using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Delivery;

/// <summary>An organisation's delivery settings and webhooks, secrets included (its admins only).</summary>
public sealed record DeliverySettingsView(
    string OrganizationCode, bool EmailEnabled, bool WebhooksEnabled, IReadOnlyList<string> ExtraEmailAddresses,
    string? QuietHoursStart, string? QuietHoursEnd, string QuietHoursTimeZone, string RelayMode, IReadOnlyList<WebhookView> Webhooks);

public sealed record WebhookView(Guid Id, string Url, string? Description, bool Enabled, string Secret, DateTimeOffset CreatedAt);

public sealed class GetDeliverySettingsHandler(KizunaDb db, TimeProvider clock)
{
    public const string TimeZone = "Asia/Tokyo";

    public async Task<DeliverySettingsView> HandleAsync(string code, Viewer viewer, CancellationToken ct = default)
    {
        var org = await DeliverySettingsAccess.RequireEditableAsync(db, code, viewer, ct);
        var s = await DeliverySettingsAccess.ReadAsync(db, org.Id, clock.GetUtcNow(), ct);
        var hooks = await db.Webhooks.AsNoTracking().Where(w => w.OrganizationId == org.Id).OrderBy(w => w.CreatedAt).ToListAsync(ct);
        return new DeliverySettingsView(org.Code, s.EmailEnabled, s.WebhooksEnabled, s.ExtraEmailAddresses,
            s.QuietHoursStart?.ToString("HH:mm"), s.QuietHoursEnd?.ToString("HH:mm"), TimeZone, s.RelayMode,
            hooks.Select(ToView).ToList());
    }

    public static WebhookView ToView(OrganizationWebhook w) => new(w.Id, w.Url, w.Description, w.Enabled, w.Secret, w.CreatedAt);
}
