using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Delivery;

/// <summary>Registers a webhook receiver for an organisation; answers it with its new secret.</summary>
public sealed record AddWebhook(string Url, string? Description);

public sealed class AddWebhookHandler(KizunaDb db, AuditTrail audit, TimeProvider clock, IOptions<DeliveryOptions> options)
{
    public async Task<WebhookView> HandleAsync(string code, AddWebhook a, Viewer viewer, CancellationToken ct = default)
    {
        var org = await DeliverySettingsAccess.RequireEditableAsync(db, code, viewer, ct);
        var url = await NetworkTargets.CheckWebhookUrlAsync(a.Url, options.Value.AllowPrivateWebhookTargets, ct);
        if (await db.Webhooks.CountAsync(w => w.OrganizationId == org.Id, ct) >= OrganizationWebhook.MaxPerOrganization)
            throw new ConflictException($"An organisation has at most {OrganizationWebhook.MaxPerOrganization} webhooks; remove one first.");
        var hook = new OrganizationWebhook(org.Id, url, a.Description, clock.GetUtcNow());
        db.Webhooks.Add(hook);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "delivery.webhook.added", "webhook", hook.Id.ToString("D"), $"{org.Code}: {hook.Url}"), ct);
        return GetDeliverySettingsHandler.ToView(hook);
    }
}

/// <summary>Removes a webhook; events still queued for it go dead with "webhook removed".</summary>
public sealed class RemoveWebhookHandler(KizunaDb db, AuditTrail audit)
{
    public async Task HandleAsync(string code, Guid webhookId, Viewer viewer, CancellationToken ct = default)
    {
        var org = await DeliverySettingsAccess.RequireEditableAsync(db, code, viewer, ct);
        var hook = await db.Webhooks.FirstOrDefaultAsync(w => w.Id == webhookId && w.OrganizationId == org.Id, ct)
            ?? throw new NotFoundException("No such webhook for this organisation.");
        db.Webhooks.Remove(hook);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "delivery.webhook.removed", "webhook", hook.Id.ToString("D"), $"{org.Code}: {hook.Url}"), ct);
    }
}

/// <summary>Replaces a webhook's secret; the next delivery is signed with the new one.</summary>
public sealed class RotateWebhookSecretHandler(KizunaDb db, AuditTrail audit)
{
    public async Task<WebhookView> HandleAsync(string code, Guid webhookId, Viewer viewer, CancellationToken ct = default)
    {
        var org = await DeliverySettingsAccess.RequireEditableAsync(db, code, viewer, ct);
        var hook = await db.Webhooks.FirstOrDefaultAsync(w => w.Id == webhookId && w.OrganizationId == org.Id, ct)
            ?? throw new NotFoundException("No such webhook for this organisation.");
        hook.RotateSecret();
        await audit.AppendAsync(db, AuditRecord.By(viewer, "delivery.webhook.secret-rotated", "webhook", hook.Id.ToString("D"), org.Code), ct);
        return GetDeliverySettingsHandler.ToView(hook);
    }
}
