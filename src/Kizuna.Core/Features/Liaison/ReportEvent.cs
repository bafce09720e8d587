namespace Kizuna.Core.Features.Liaison;

/// <summary>A recorded step of the workflow: who did what, when, with which note.</summary>
public sealed class ReportEvent
{
    private ReportEvent() { }

    public ReportEvent(Guid reportId, string action, Guid actorUserId, Guid actorOrganizationId, string? fromStatus, string? toStatus, string? note, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        ReportId = reportId;
        Action = action;
        ActorUserId = actorUserId;
        ActorOrganizationId = actorOrganizationId;
        FromStatus = fromStatus;
        ToStatus = toStatus;
        Note = note;
        At = now;
    }

    public Guid Id { get; private set; }
    public Guid ReportId { get; private set; }
    /// <summary>submitted, received, forwarded, triaged, closed, updated, final, attachment-added, identity-read, …</summary>
    public string Action { get; private set; } = "";
    public Guid ActorUserId { get; private set; }
    public Guid ActorOrganizationId { get; private set; }
    public string? FromStatus { get; private set; }
    public string? ToStatus { get; private set; }
    public string? Note { get; private set; }
    public DateTimeOffset At { get; private set; }
}
