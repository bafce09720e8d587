using Kizuna.Core.Features.Delivery;

namespace Kizuna.Core.Features.Crisis;

/// <summary>
/// A live push of the crisis board (状況ボード): the board of <see cref="CrisisId"/> changed (an
/// operator answered, a reminder round, an escalation step, stand-down). Queued in the outbox in the
/// same transaction as the change, on the hotline's live channel machinery (the hub's group
/// <c>crisis:{id:N}</c>). It carries no board content: the open pages read the board again through
/// the disclosure policy. <paramref name="Change"/> makes the idempotency key unique per change.
/// </summary>
public sealed record CrisisLiveEvent(Guid CrisisId)
{
    public const string Channel = "crisis-live";

    public static OutboxMessage For(Guid crisisId, string change, DateTimeOffset now)
        => OutboxMessage.Create(Channel, $"crisis:{crisisId:N}:live:{change}", "crisis.live", new CrisisLiveEvent(crisisId), now, urgent: true);
}
