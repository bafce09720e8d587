using Kizuna.Core.Features.Delivery;

namespace Kizuna.Core.Features.Hotline;

/// <summary>
/// A live push of the hotline (the open browsers and the live streams of the audience), queued in
/// the outbox in the same transaction as the change it announces, so it survives a node dying
/// right after the commit. <see cref="Sent"/>: an alert was sent (pushed to its recipients);
/// <see cref="Acknowledged"/>: an organisation acknowledged (pushed to the sender's board).
/// </summary>
public sealed record HotlineLiveEvent(string Kind, Guid AlertId, Guid? OrganizationId)
{
    public const string Channel = "hotline-live";
    public const string Sent = "sent";
    public const string Acknowledged = "acknowledged";

    public static OutboxMessage ForSent(Guid alertId, DateTimeOffset now)
        => OutboxMessage.Create(Channel, $"hotline:{alertId:N}:live", "hotline.live", new HotlineLiveEvent(Sent, alertId, null), now, urgent: true);

    public static OutboxMessage ForAcknowledged(Guid alertId, Guid organizationId, DateTimeOffset now)
        => OutboxMessage.Create(Channel, $"hotline:{alertId:N}:live-ack:{organizationId:N}", "hotline.live", new HotlineLiveEvent(Acknowledged, alertId, organizationId), now,
            organizationId: organizationId, urgent: true);
}
