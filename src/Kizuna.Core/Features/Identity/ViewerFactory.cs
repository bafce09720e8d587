using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Identity;

/// <summary>Builds a <see cref="Viewer"/> from the database, so role and membership changes apply at once.</summary>
public sealed class ViewerFactory(KizunaDb db)
{
    public async Task<Viewer?> ForUserAsync(Guid userId, CancellationToken ct = default)
    {
        var row = await (
            from u in db.Users.AsNoTracking()
            join o in db.Organizations.AsNoTracking() on u.OrganizationId equals o.Id
            where u.Id == userId
            select new { u.Id, u.Email, u.Roles, u.IsPlatformAdmin, OrgId = o.Id, o.Code, o.Kind, o.TrustTier, Sectors = o.Sectors.Select(s => s.Code).ToList() }
        ).FirstOrDefaultAsync(ct);
        return row is null
            ? null
            : new Viewer(row.Id, row.Email ?? "", row.OrgId, row.Code, row.Kind, row.Sectors, row.TrustTier, row.Roles, row.IsPlatformAdmin);
    }
}
