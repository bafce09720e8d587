using Kizuna.Core.Data;
using Kizuna.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Directory;

/// <summary>One dependency: <see cref="Service"/> depends on <see cref="DependsOn"/>, with its impact and an optional bilingual note.</summary>
public sealed record ServiceDependencyView(Guid Id, CriticalServiceRef Service, CriticalServiceRef DependsOn, string Impact, string? NoteJa, string? NoteEn);

/// <summary>A service at risk: how many dependencies away, the impact along the path, the service just upstream (<see cref="Via"/>) and the whole path from the failing service.</summary>
public sealed record AtRiskServiceView(string Code, string SectorCode, string NameJa, string NameEn, int Depth, string Impact, string Via, IReadOnlyList<string> Path);

/// <summary>The answer to "what is at risk if these services fail": the failing services, the depth used, and the services at risk by depth.</summary>
public sealed record ServiceAtRiskAnswer(IReadOnlyList<CriticalServiceRef> Failing, int Depth, IReadOnlyList<AtRiskServiceView> AtRisk);

/// <summary>Reads the service dependency graph (reference data: every member may read it).</summary>
public sealed class ServiceDependencyQueries(KizunaDb db)
{
    /// <summary>Every dependency, or those with either end in <paramref name="sector"/>; by the dependent service's sector, then codes.</summary>
    public async Task<IReadOnlyList<ServiceDependencyView>> ListAsync(string? sector, CancellationToken ct = default)
    {
        if (!string.IsNullOrEmpty(sector) && !await db.Sectors.AnyAsync(s => s.Code == sector, ct))
            throw new InputException("sector", $"No sector has the code '{sector}'.");
        var query = db.ServiceDependencies.AsNoTracking();
        if (!string.IsNullOrEmpty(sector)) query = query.Where(d => d.Service!.Sector!.Code == sector || d.DependsOn!.Sector!.Code == sector);
        var rows = await query.Select(d => new
            {
                d.Id, d.Impact, d.NoteJa, d.NoteEn, Order = d.Service!.Sector!.SortOrder,
                Service = new CriticalServiceRef(d.Service.Code, d.Service.Sector.Code, d.Service.NameJa, d.Service.NameEn),
                DependsOn = new CriticalServiceRef(d.DependsOn!.Code, d.DependsOn.Sector!.Code, d.DependsOn.NameJa, d.DependsOn.NameEn),
            })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.Order).ThenBy(r => r.Service.Code, StringComparer.Ordinal).ThenBy(r => r.DependsOn.Code, StringComparer.Ordinal)
            .Select(r => new ServiceDependencyView(r.Id, r.Service, r.DependsOn, r.Impact, r.NoteJa, r.NoteEn)).ToList();
    }

    public async Task<ServiceDependencyView> GetAsync(Guid id, CancellationToken ct = default)
        => (await db.ServiceDependencies.AsNoTracking().Where(d => d.Id == id)
                .Select(d => new ServiceDependencyView(d.Id,
                    new CriticalServiceRef(d.Service!.Code, d.Service.Sector!.Code, d.Service.NameJa, d.Service.NameEn),
                    new CriticalServiceRef(d.DependsOn!.Code, d.DependsOn.Sector!.Code, d.DependsOn.NameJa, d.DependsOn.NameEn),
                    d.Impact, d.NoteJa, d.NoteEn))
                .FirstOrDefaultAsync(ct))
            ?? throw new NotFoundException("No such service dependency.");

    /// <summary>
    /// The services at risk when <paramref name="services"/> fail, up to <paramref name="depth"/>
    /// dependencies away (1–5, default 3). Unknown codes, no code, too many codes or a depth out of
    /// range are a 400.
    /// </summary>
    public async Task<ServiceAtRiskAnswer> AtRiskAsync(IReadOnlyList<string>? services, int? depth, CancellationToken ct = default)
    {
        var failing = (services ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var maxDepth = depth ?? ServiceDependencyLimits.DefaultDepth;
        var check = new InputCheck()
            .That(failing.Count > 0, "service", "Name at least one failing critical service (service=CODE).")
            .That(failing.Count <= ServiceDependencyLimits.MaxFailingServices, "service", $"At most {ServiceDependencyLimits.MaxFailingServices} services per question.")
            .That(maxDepth is >= ServiceDependencyLimits.MinDepth and <= ServiceDependencyLimits.MaxDepth, "depth",
                $"The depth is {ServiceDependencyLimits.MinDepth} to {ServiceDependencyLimits.MaxDepth} (default {ServiceDependencyLimits.DefaultDepth}).");
        check.ThrowIfInvalid();
        var graph = await ServiceDependencyGraph.LoadAsync(db, ct);
        var unknown = failing.Where(s => !graph.Services.ContainsKey(s)).ToList();
        if (unknown.Count > 0)
            throw new InputException("service", $"Unknown critical service code{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown.Take(10))}{(unknown.Count > 10 ? ", …" : "")}.");
        return new ServiceAtRiskAnswer(failing.Select(s => graph.Services[s]).ToList(), maxDepth, View(graph, graph.AtRisk(failing, maxDepth)));
    }

    /// <summary>The at-risk services with their names and sectors.</summary>
    public static IReadOnlyList<AtRiskServiceView> View(ServiceDependencyGraph graph, IEnumerable<ServiceAtRisk> atRisk)
        => atRisk.Select(r =>
        {
            var s = graph.Services[r.Code];
            return new AtRiskServiceView(r.Code, s.SectorCode, s.NameJa, s.NameEn, r.Depth, r.Impact, r.Via, r.Path);
        }).ToList();
}
