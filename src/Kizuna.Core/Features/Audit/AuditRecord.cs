using Kizuna.Core.Disclosure;

namespace Kizuna.Core.Features.Audit;

/// <summary>What happened, before it becomes a numbered, hashed <see cref="AuditEntry"/>.</summary>
public sealed record AuditRecord(
    string Action,
    Guid? ActorUserId = null,
    string? ActorEmail = null,
    Guid? ActorOrganizationId = null,
    string? TargetType = null,
    string? TargetId = null,
    string? Detail = null,
    string? RemoteAddress = null)
{
    public static AuditRecord By(Viewer viewer, string action, string? targetType = null, string? targetId = null, string? detail = null, string? remoteAddress = null)
        => new(action, viewer.IsSystem ? null : viewer.UserId, viewer.UserEmail, viewer.IsSystem ? null : viewer.OrganizationId, targetType, targetId, detail, remoteAddress);
}
