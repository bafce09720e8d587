using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Directory;

/// <summary>Add a dependency: <see cref="Service"/> depends on <see cref="DependsOn"/> (critical service codes), with an impact (<c>stops</c> or <c>degrades</c>).</summary>
public sealed record AddServiceDependency(string Service, string DependsOn, string Impact, string? NoteJa = null, string? NoteEn = null);

/// <summary>Platform admins add and remove service dependencies (reference data); every change is audited.</summary>
public sealed class EditServiceDependenciesHandler(KizunaDb db, AuditTrail audit, TimeProvider clock)
{
    public async Task<ServiceDependencyView> AddAsync(AddServiceDependency a, Viewer viewer, CancellationToken ct = default)
    {
        RequireAdmin(viewer);
        var check = new InputCheck()
            .Required("service", a.Service, 64)
            .Required("dependsOn", a.DependsOn, 64)
            .That(DependencyImpacts.All.Contains(a.Impact), "impact", $"Unknown impact '{a.Impact}'; use {string.Join(", ", DependencyImpacts.All)}.")
            .MaxLength("noteJa", a.NoteJa, ServiceDependencyLimits.MaxNoteLength)
            .MaxLength("noteEn", a.NoteEn, ServiceDependencyLimits.MaxNoteLength);
        check.ThrowIfInvalid();
        var service = await db.CriticalServices.Include(s => s.Sector).FirstOrDefaultAsync(s => s.Code == a.Service, ct);
        var dependsOn = await db.CriticalServices.Include(s => s.Sector).FirstOrDefaultAsync(s => s.Code == a.DependsOn, ct);
        check.That(service is not null, "service", $"No critical service has the code '{a.Service}'.")
            .That(dependsOn is not null, "dependsOn", $"No critical service has the code '{a.DependsOn}'.")
            .That(a.Service != a.DependsOn, "dependsOn", "A service cannot depend on itself.")
            .ThrowIfInvalid();
        if (await ExistsAsync(service!.Id, dependsOn!.Id, ct)) throw Duplicate(a);
        var dependency = new ServiceDependency(service.Id, dependsOn.Id, a.Impact, a.NoteJa, a.NoteEn, clock.GetUtcNow());
        db.ServiceDependencies.Add(dependency);
        try
        {
            await audit.AppendAsync(db, AuditRecord.By(viewer, "reference.service-dependency.added", "service-dependency", dependency.Id.ToString("D"),
                $"{a.Service} -> {a.DependsOn} ({a.Impact})"), ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            // Another admin added the same pair at the same moment: the unique index kept one.
            if (await ExistsAsync(service.Id, dependsOn.Id, ct)) throw Duplicate(a);
            throw;
        }
        return new ServiceDependencyView(dependency.Id, Ref(service), Ref(dependsOn), dependency.Impact, dependency.NoteJa, dependency.NoteEn);
    }

    public async Task RemoveAsync(Guid id, Viewer viewer, CancellationToken ct = default)
    {
        RequireAdmin(viewer);
        var d = await db.ServiceDependencies.Include(x => x.Service).Include(x => x.DependsOn).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException("No such service dependency.");
        db.ServiceDependencies.Remove(d);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "reference.service-dependency.removed", "service-dependency", id.ToString("D"),
            $"{d.Service!.Code} -> {d.DependsOn!.Code} ({d.Impact})"), ct);
    }

    private Task<bool> ExistsAsync(Guid service, Guid dependsOn, CancellationToken ct)
        => db.ServiceDependencies.AsNoTracking().AnyAsync(d => d.ServiceId == service && d.DependsOnServiceId == dependsOn, ct);

    private static ConflictException Duplicate(AddServiceDependency a) => new($"'{a.Service}' already depends on '{a.DependsOn}'; remove that dependency first to change it.");

    private static CriticalServiceRef Ref(CriticalService s) => new(s.Code, s.Sector!.Code, s.NameJa, s.NameEn);

    private static void RequireAdmin(Viewer viewer)
    {
        if (!viewer.IsPlatformAdmin) throw new ForbiddenException("Only platform admins edit reference data.");
    }
}
