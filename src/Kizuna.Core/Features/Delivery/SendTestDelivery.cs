using System.Text.Json;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Delivery;

/// <summary>What a test delivery queued: one outbox message per channel target.</summary>
public sealed record TestDeliveryResult(IReadOnlyList<QueuedDelivery> Queued);

public sealed record QueuedDelivery(Guid MessageId, string Channel, string IdempotencyKey, string Destination);

/// <summary>
/// The test button (配信テスト): queues a test e-mail to the acting user and a <c>delivery.test</c>
/// event to each enabled webhook of the organisation, through the outbox like any real item, so it
/// proves the whole path. Urgent, so quiet hours do not hold it. Channels switched off are skipped.
/// </summary>
public sealed class SendTestDeliveryHandler(KizunaDb db, AuditTrail audit, TimeProvider clock, IOptions<DeliveryOptions> options)
{
    public const string Topic = "delivery.test";

    public async Task<TestDeliveryResult> HandleAsync(string code, Viewer viewer, CancellationToken ct = default)
    {
        var org = await DeliverySettingsAccess.RequireEditableAsync(db, code, viewer, ct);
        var now = clock.GetUtcNow();
        var settings = await DeliverySettingsAccess.ReadAsync(db, org.Id, now, ct);
        var run = Guid.CreateVersion7().ToString("N");
        var queued = new List<OutboxMessage>();

        if (settings.EmailEnabled)
        {
            var user = await db.Users.AsNoTracking().Where(u => u.Id == viewer.UserId).Select(u => new { u.Email, u.PreferredLanguage }).FirstOrDefaultAsync(ct);
            if (user?.Email is { } email)
            {
                var english = user.PreferredLanguage == "en";
                var link = options.Value.PublicBaseUrl.TrimEnd('/') + $"/organizations/{Uri.EscapeDataString(org.Code)}/delivery";
                var subject = english ? $"[Kizuna] Delivery test for {org.Code}" : $"[Kizuna] 配信テスト（{org.Code}）";
                var text = english
                    ? $"This is a test delivery from Kizuna for {org.NameEn} ({org.Code}), requested by {viewer.UserEmail} at {now:yyyy-MM-dd HH:mm:ss} UTC.\n\nDelivery settings: {link}\n"
                    : $"これは Kizuna からの配信テストです（{org.NameJa}、{org.Code}）。{viewer.UserEmail} が {now.ToOffset(Jst.Offset):yyyy-MM-dd HH:mm:ss} JST に依頼しました。\n\n配信設定: {link}\n";
                queued.Add(OutboxMessage.Create(OutboxChannels.Email, $"{Topic}:{run}:email", Topic,
                    new EmailPayload(email, subject, text, null, english ? "en" : "ja"), now, organizationId: org.Id, userId: viewer.UserId, destination: email, urgent: true));
            }
        }
        if (settings.WebhooksEnabled)
        {
            var hooks = await db.Webhooks.AsNoTracking().Where(w => w.OrganizationId == org.Id && w.Enabled).OrderBy(w => w.CreatedAt).ToListAsync(ct);
            foreach (var hook in hooks)
            {
                var body = JsonSerializer.SerializeToElement(new { organization = org.Code, requestedBy = viewer.UserEmail, requestedAt = now, test = true }, OutboxMessage.PayloadJson);
                queued.Add(OutboxMessage.Create(OutboxChannels.Webhook, $"{Topic}:{run}:webhook:{hook.Id:N}", Topic,
                    new WebhookPayload(hook.Id, Topic, body), now, organizationId: org.Id, userId: viewer.UserId, destination: hook.Url, urgent: true));
            }
        }
        if (queued.Count == 0)
            throw new ConflictException("Nothing to test: e-mail and webhooks are both switched off, or there is no enabled webhook and no e-mail address.");
        db.Outbox.AddRange(queued);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "delivery.test.sent", "organization", org.Code,
            string.Join(", ", queued.Select(q => $"{q.Channel} {q.Destination}"))), ct);
        return new TestDeliveryResult(queued.Select(q => new QueuedDelivery(q.Id, q.Channel, q.IdempotencyKey, q.Destination ?? "")).ToList());
    }
}
