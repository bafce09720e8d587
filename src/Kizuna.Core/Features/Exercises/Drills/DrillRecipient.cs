namespace Kizuna.Core.Features.Exercises.Drills;

/// <summary>
/// One organisation on a drill's chain: its hop (1 is the first layer under the origin), the
/// organisation that passes the message to it, when the message reached it and when (and how) it
/// acknowledged. For a relay (<see cref="Relays"/>) acknowledging means "received and relayed": the
/// message reaches its children at that moment (<see cref="RelayedAt"/>). Invariants: acknowledged
/// at most once (<see cref="AcknowledgedAt"/> is a concurrency token and the acknowledgement a
/// conditional update), and never before the message reached it.
/// </summary>
public sealed class DrillRecipient
{
    private DrillRecipient() { }

    public DrillRecipient(Guid drillId, Guid organizationId, int hop, Guid parentOrganizationId, string? sectorCode, bool relays, DateTimeOffset? receivedAt)
    {
        Id = Guid.CreateVersion7();
        DrillId = drillId;
        OrganizationId = organizationId;
        Hop = hop;
        ParentOrganizationId = parentOrganizationId;
        SectorCode = sectorCode;
        Relays = relays;
        ReceivedAt = receivedAt;
    }

    public Guid Id { get; private set; }
    public Guid DrillId { get; private set; }
    public Guid OrganizationId { get; private set; }
    /// <summary>The layer: 1 receives from the origin, 2 from a hop-1 relay, and so on.</summary>
    public int Hop { get; private set; }
    /// <summary>The organisation that passes the message on to this one (the origin for hop 1).</summary>
    public Guid ParentOrganizationId { get; private set; }
    /// <summary>The organisation's first sector, for the per-sector rates (null when it has none).</summary>
    public string? SectorCode { get; private set; }
    /// <summary>Whether others receive the message through this organisation.</summary>
    public bool Relays { get; private set; }
    /// <summary>When the message reached it (its parent acknowledged and relayed); null while it has not.</summary>
    public DateTimeOffset? ReceivedAt { get; private set; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }
    /// <summary>One of <see cref="DrillChannels"/>.</summary>
    public string? AcknowledgedVia { get; private set; }
    /// <summary>The user who acknowledged; null through a mail link sent to a contact address.</summary>
    public Guid? AcknowledgedByUserId { get; private set; }
    /// <summary>For a relay: when it passed the message on (its acknowledgement).</summary>
    public DateTimeOffset? RelayedAt { get; private set; }

    public bool IsAcknowledged => AcknowledgedAt is not null;
}
