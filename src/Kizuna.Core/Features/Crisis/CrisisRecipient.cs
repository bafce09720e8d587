namespace Kizuna.Core.Features.Crisis;

/// <summary>
/// One operator asked for its status in a crisis (状況報告の依頼). Created at declaration; it records
/// when the request went out, when the operator first and last answered, and the reminders it got.
/// Unanswered, it is escalated level by level (0 none, 1 mailed to its primary contacts, 2 to its
/// backup contacts, 3 flagged on the crisis board) by <see cref="CrisisEscalator"/>.
/// Invariants: <see cref="FirstAnsweredAt"/> is set once and never moves; the level only grows, one
/// step at a time, and never after the first answer or the stand-down.
/// </summary>
public sealed class CrisisRecipient
{
    private CrisisRecipient() { }

    public CrisisRecipient(Guid crisisId, Guid organizationId, string sectorCode, DateTimeOffset requestedAt)
    {
        Id = Guid.CreateVersion7();
        CrisisId = crisisId;
        OrganizationId = organizationId;
        SectorCode = sectorCode;
        RequestedAt = requestedAt;
    }

    public Guid Id { get; private set; }
    public Guid CrisisId { get; private set; }
    public Guid OrganizationId { get; private set; }
    /// <summary>The affected sector the operator was asked for (the first in code order if it has several).</summary>
    public string SectorCode { get; private set; } = "";
    public DateTimeOffset RequestedAt { get; private set; }
    public DateTimeOffset? FirstAnsweredAt { get; private set; }
    public DateTimeOffset? LastAnsweredAt { get; private set; }
    public int Reminders { get; private set; }
    public DateTimeOffset? LastRemindedAt { get; private set; }
    public int EscalationLevel { get; private set; }
    public DateTimeOffset? Level1At { get; private set; }
    public DateTimeOffset? Level2At { get; private set; }
    public DateTimeOffset? Level3At { get; private set; }

    public bool HasAnswered => FirstAnsweredAt is not null;

    public void Answered(DateTimeOffset now)
    {
        FirstAnsweredAt ??= now;
        LastAnsweredAt = now;
    }

    public void Reminded(DateTimeOffset now)
    {
        Reminders++;
        LastRemindedAt = now;
    }
}
