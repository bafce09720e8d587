using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Paging;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Audit;

public sealed record AuditFilter(string? Action, string? Actor, DateTimeOffset? From, DateTimeOffset? To, PageRequest Paging);

public sealed record AuditEntryView(long Sequence, DateTimeOffset At, string Action, string? ActorEmail, string? ActorOrganizationCode, string? TargetType, string? TargetId, string? Detail, string? RemoteAddress, string Hash);

/// <summary>Reads the audit trail: platform admins see all of it, org admins their own organisation's rows.</summary>
public sealed class AuditQueries(KizunaDb db)
{
    public async Task<Paged<AuditEntryView>> ListAsync(Viewer viewer, AuditFilter f, CancellationToken ct = default)
    {
        if (!viewer.IsPlatformAdmin && !viewer.HasRole(OrgRoles.OrgAdmin)) throw new ForbiddenException("Only admins read the audit trail.");
        new InputCheck().MaxLength("action", f.Action, 64).MaxLength("actor", f.Actor, 256)
            .That(f.From is null || f.To is null || f.From <= f.To, "from", "'from' is after 'to'.")
            .ThrowIfInvalid("The audit filter is invalid.");
        var q = db.AuditEntries.AsNoTracking();
        if (!viewer.IsPlatformAdmin) q = q.Where(e => e.ActorOrganizationId == viewer.OrganizationId);
        if (!string.IsNullOrWhiteSpace(f.Action)) q = q.Where(e => e.Action.StartsWith(f.Action));
        if (!string.IsNullOrWhiteSpace(f.Actor)) q = q.Where(e => e.ActorEmail != null && e.ActorEmail.Contains(f.Actor.ToLower()));
        if (f.From is not null) q = q.Where(e => e.At >= f.From);
        if (f.To is not null) q = q.Where(e => e.At <= f.To);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(e => e.Sequence).Skip(f.Paging.Skip).Take(f.Paging.PageSize).ToListAsync(ct);
        var orgIds = rows.Where(r => r.ActorOrganizationId != null).Select(r => r.ActorOrganizationId!.Value).Distinct().ToList();
        var codes = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Code, ct);
        return new Paged<AuditEntryView>(rows.Select(r => new AuditEntryView(r.Sequence, r.At, r.Action, r.ActorEmail,
            r.ActorOrganizationId is { } id ? codes.GetValueOrDefault(id) : null, r.TargetType, r.TargetId, r.Detail, r.RemoteAddress, r.Hash)).ToList(),
            f.Paging.Page, f.Paging.PageSize, total);
    }
}
