using Kizuna.Core.Errors;

namespace Kizuna.Core.Features.Liaison;

/// <summary>
/// A request to learn a reporter's identity beyond what the reporter allowed. It needs a second,
/// different platform admin's approval, and then lets the requester read the identity for 24 hours.
/// </summary>
public sealed class ReIdentificationRequest
{
    public static readonly TimeSpan Validity = TimeSpan.FromHours(24);

    private ReIdentificationRequest() { }

    public ReIdentificationRequest(Guid reportId, Guid requestedBy, string reason, DateTimeOffset now)
    {
        new InputCheck().Required("reason", reason, 2000).ThrowIfInvalid();
        Id = Guid.CreateVersion7();
        ReportId = reportId;
        RequestedByUserId = requestedBy;
        Reason = reason.Trim();
        RequestedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid ReportId { get; private set; }
    public Guid RequestedByUserId { get; private set; }
    public string Reason { get; private set; } = "";
    public DateTimeOffset RequestedAt { get; private set; }
    public Guid? ApprovedByUserId { get; private set; }
    public DateTimeOffset? ApprovedAt { get; private set; }

    public void Approve(Guid approver, DateTimeOffset now)
    {
        if (approver == RequestedByUserId) throw new ForbiddenException("A second platform admin must approve; the requester cannot approve its own request.");
        if (ApprovedAt is not null) throw new ConflictException("The request is already approved.");
        ApprovedByUserId = approver;
        ApprovedAt = now;
    }

    public bool Grants(Guid userId, DateTimeOffset now) => userId == RequestedByUserId && ApprovedAt is { } at && now < at + Validity;
}
