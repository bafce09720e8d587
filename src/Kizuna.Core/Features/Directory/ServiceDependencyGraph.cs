using Kizuna.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Directory;

/// <summary>A critical service named in a dependency answer.</summary>
public sealed record CriticalServiceRef(string Code, string SectorCode, string NameJa, string NameEn);

/// <summary>
/// The whole service dependency graph (every critical service and every dependency), read in two
/// small queries: reference data of at most a few hundred rows. The crisis board and the at-risk
/// question both walk it with <see cref="ServiceCascade"/>.
/// </summary>
public sealed class ServiceDependencyGraph
{
    private ServiceDependencyGraph(IReadOnlyDictionary<string, CriticalServiceRef> services, IReadOnlyList<ServiceEdge> edges)
    {
        Services = services;
        Edges = edges;
    }

    /// <summary>Every critical service by code.</summary>
    public IReadOnlyDictionary<string, CriticalServiceRef> Services { get; }

    public IReadOnlyList<ServiceEdge> Edges { get; }

    public static async Task<ServiceDependencyGraph> LoadAsync(KizunaDb db, CancellationToken ct = default)
    {
        var services = await db.CriticalServices.AsNoTracking()
            .Select(s => new CriticalServiceRef(s.Code, s.Sector!.Code, s.NameJa, s.NameEn)).ToListAsync(ct);
        var edges = await db.ServiceDependencies.AsNoTracking()
            .Select(d => new ServiceEdge(d.Service!.Code, d.DependsOn!.Code, d.Impact)).ToListAsync(ct);
        return new ServiceDependencyGraph(services.ToDictionary(s => s.Code, StringComparer.Ordinal), edges);
    }

    /// <summary>The services at risk downstream of <paramref name="failing"/>, at most <paramref name="depth"/> dependencies away.</summary>
    public IReadOnlyList<ServiceAtRisk> AtRisk(IEnumerable<string> failing, int depth) => ServiceCascade.AtRisk(failing, Edges, depth);
}
