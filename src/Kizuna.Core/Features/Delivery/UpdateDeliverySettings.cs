using System.Globalization;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;

namespace Kizuna.Core.Features.Delivery;

/// <summary>
/// Replaces an organisation's delivery settings. Quiet hours are <c>HH:mm</c> in Asia/Tokyo (both or
/// neither; the end may be before the start to wrap midnight); relay mode is automatic or manual.
/// </summary>
public sealed record UpdateDeliverySettings(
    bool EmailEnabled, bool WebhooksEnabled, IReadOnlyList<string>? ExtraEmailAddresses, string? QuietHoursStart, string? QuietHoursEnd, string? RelayMode);

public sealed class UpdateDeliverySettingsHandler(KizunaDb db, AuditTrail audit, TimeProvider clock)
{
    public async Task HandleAsync(string code, UpdateDeliverySettings u, Viewer viewer, CancellationToken ct = default)
    {
        var org = await DeliverySettingsAccess.RequireEditableAsync(db, code, viewer, ct);
        var check = new InputCheck();
        var addresses = u.ExtraEmailAddresses ?? [];
        check.That(addresses.Count <= 100, "extraEmailAddresses", $"At most {OrganizationDeliverySettings.MaxExtraEmailAddresses} extra e-mail addresses.");
        var start = ParseTime(check, "quietHoursStart", u.QuietHoursStart);
        var end = ParseTime(check, "quietHoursEnd", u.QuietHoursEnd);
        check.ThrowIfInvalid("The delivery settings are invalid.");
        var now = clock.GetUtcNow();
        var settings = await DeliverySettingsAccess.LoadOrCreateAsync(db, org.Id, now, ct);
        settings.Change(u.EmailEnabled, u.WebhooksEnabled, addresses, start, end, string.IsNullOrWhiteSpace(u.RelayMode) ? RelayModes.Automatic : u.RelayMode.Trim(), now);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "delivery.settings.updated", "organization", org.Code,
            $"email {(settings.EmailEnabled ? "on" : "off")}, webhooks {(settings.WebhooksEnabled ? "on" : "off")}, {settings.ExtraEmailAddresses.Count} extra addresses, " +
            $"quiet {settings.QuietHoursStart?.ToString("HH:mm") ?? "-"}–{settings.QuietHoursEnd?.ToString("HH:mm") ?? "-"}, relay {settings.RelayMode}"), ct);
    }

    private static TimeOnly? ParseTime(InputCheck check, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (TimeOnly.TryParseExact(value.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return t;
        check.Add(field, $"'{field}' must be a time of day as HH:mm (e.g. 22:00).");
        return null;
    }
}
