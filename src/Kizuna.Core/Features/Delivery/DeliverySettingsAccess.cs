using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Directory;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Delivery;

/// <summary>Finds an organisation's delivery settings for an editor: its org admins, or platform admins.</summary>
public static class DeliverySettingsAccess
{
    public static async Task<Organization> RequireEditableAsync(KizunaDb db, string code, Viewer viewer, CancellationToken ct)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == code, ct)
            ?? throw new NotFoundException($"No organisation has the code '{code}'.");
        if (!UpdateOrganizationHandler.MayEdit(viewer, org.Id))
            throw new ForbiddenException("Only the organisation's admins and platform admins manage its delivery settings.");
        return org;
    }

    /// <summary>The settings row, created (tracked, not yet saved) with the defaults if there is none.</summary>
    public static async Task<OrganizationDeliverySettings> LoadOrCreateAsync(KizunaDb db, Guid organizationId, DateTimeOffset now, CancellationToken ct)
    {
        var settings = await db.DeliverySettings.FirstOrDefaultAsync(s => s.OrganizationId == organizationId, ct);
        if (settings is not null) return settings;
        settings = new OrganizationDeliverySettings(organizationId, now);
        db.DeliverySettings.Add(settings);
        return settings;
    }

    /// <summary>The settings without creating a row: the defaults when there is none (for producers deciding where to deliver).</summary>
    public static async Task<OrganizationDeliverySettings> ReadAsync(KizunaDb db, Guid organizationId, DateTimeOffset now, CancellationToken ct)
        => await db.DeliverySettings.AsNoTracking().FirstOrDefaultAsync(s => s.OrganizationId == organizationId, ct)
           ?? new OrganizationDeliverySettings(organizationId, now);
}
