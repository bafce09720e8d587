using Kizuna.Core.Data;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Identity;

namespace Kizuna.Server.Features.Identity.Pages;

/// <summary>Writes sign-in outcomes to the audit trail.</summary>
public sealed class SignInAudit(KizunaDb db, AuditTrail audit, IHttpContextAccessor http)
{
    public Task RecordAsync(string action, string email, KizunaUser? user, string? detail = null)
        => audit.AppendAsync(db, new AuditRecord(action, user?.Id, email.Trim().ToLowerInvariant(), user?.OrganizationId,
            "user", user?.Id.ToString("D"), detail, http.HttpContext?.Connection.RemoteIpAddress?.ToString()));
}
