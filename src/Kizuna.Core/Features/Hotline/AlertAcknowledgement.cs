using Kizuna.Core.Errors;

namespace Kizuna.Core.Features.Hotline;

/// <summary>
/// One recipient organisation of a <see cref="HotlineAlert"/>: whether and when it acknowledged, and
/// how far it has been escalated (0 none, 1 re-sent to its primary contacts, 2 sent to its backup
/// contacts, 3 flagged on the sender's board), with the time each level was reached.
/// Invariants: the level only grows, one step at a time, and never after acknowledgement; an
/// organisation acknowledges once (a second acknowledgement is a conflict).
/// </summary>
public sealed class AlertAcknowledgement
{
    public const int MaxLevel = 3;

    private AlertAcknowledgement() { }

    public AlertAcknowledgement(Guid alertId, Guid organizationId, string? sectorCode)
    {
        Id = Guid.CreateVersion7();
        AlertId = alertId;
        OrganizationId = organizationId;
        SectorCode = sectorCode;
    }

    public Guid Id { get; private set; }
    public Guid AlertId { get; private set; }
    public Guid OrganizationId { get; private set; }
    /// <summary>The organisation's first sector, for the per-sector counts of the board (null when it has none).</summary>
    public string? SectorCode { get; private set; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }
    /// <summary>The user who acknowledged; null when acknowledged through a link sent to a contact address.</summary>
    public Guid? AcknowledgedByUserId { get; private set; }
    /// <summary>One of <see cref="AcknowledgementChannels"/>.</summary>
    public string? AcknowledgedVia { get; private set; }
    public int EscalationLevel { get; private set; }
    public DateTimeOffset? Level1At { get; private set; }
    public DateTimeOffset? Level2At { get; private set; }
    public DateTimeOffset? Level3At { get; private set; }

    public bool IsAcknowledged => AcknowledgedAt is not null;

    public void Acknowledge(Guid? userId, string via, DateTimeOffset now)
    {
        if (AcknowledgedAt is not null) throw new ConflictException("Your organisation has already acknowledged this alert.");
        AcknowledgedAt = now;
        AcknowledgedByUserId = userId;
        AcknowledgedVia = via;
    }
}
