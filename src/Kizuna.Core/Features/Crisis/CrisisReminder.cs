namespace Kizuna.Core.Features.Crisis;

/// <summary>
/// One reminder round of a crisis: the status request re-sent to the operators that had not
/// answered. Invariant: a round number exists once per crisis (the idempotency of the reminder).
/// </summary>
public sealed class CrisisReminder
{
    private CrisisReminder() { }

    public CrisisReminder(Guid crisisId, int round, int sent, Guid userId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        CrisisId = crisisId;
        Round = round;
        Sent = sent;
        SentByUserId = userId;
        SentAt = now;
    }

    public Guid Id { get; private set; }
    public Guid CrisisId { get; private set; }
    public int Round { get; private set; }
    /// <summary>How many operators were reminded.</summary>
    public int Sent { get; private set; }
    public Guid SentByUserId { get; private set; }
    public DateTimeOffset SentAt { get; private set; }
}
