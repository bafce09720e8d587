using Kizuna.Core.Data;
using Kizuna.Core.Features.Directory;

namespace Kizuna.Core.Features.Crisis;

/// <summary>A critical service some operators report <c>down</c> or <c>degraded</c> (latest answers): counts only, never which operator.</summary>
public sealed record CrisisFailingService(string ServiceCode, string SectorCode, string NameJa, string NameEn, int Down, int Degraded);

/// <summary>A service at risk downstream of the failing ones: its depth, the impact along the path, the service it is reached through (<see cref="Via"/>) and the whole path.</summary>
public sealed record CrisisAtRiskService(string ServiceCode, string SectorCode, string NameJa, string NameEn, int Depth, string Impact, string Via, IReadOnlyList<string> Path);

/// <summary>
/// 他分野への波及 (downstream at risk) on the crisis board: the services reported down or degraded,
/// and the services at risk through the service dependency graph, up to <see cref="Depth"/>
/// dependencies away. Empty when nothing is failing or no dependency is recorded.
/// </summary>
public sealed record CrisisDownstream(int Depth, IReadOnlyList<CrisisFailingService> Failing, IReadOnlyList<CrisisAtRiskService> AtRisk)
{
    public static CrisisDownstream None { get; } = new(ServiceDependencyLimits.DefaultDepth, [], []);
}

/// <summary>Computes <see cref="CrisisDownstream"/> from the latest answers of a crisis; only board readers get here (the callers are gated by the crisis room).</summary>
public static class CrisisDownstreamAnalysis
{
    public static async Task<CrisisDownstream> ComputeAsync(KizunaDb db, IEnumerable<CrisisStatusAnswer> latestAnswers, CancellationToken ct)
    {
        var failing = latestAnswers.Where(a => a.Status is ServiceStatuses.Down or ServiceStatuses.Degraded)
            .GroupBy(a => a.ServiceCode, StringComparer.Ordinal)
            .Select(g => (Code: g.Key, Down: g.Count(a => a.Status == ServiceStatuses.Down), Degraded: g.Count(a => a.Status == ServiceStatuses.Degraded)))
            .ToList();
        if (failing.Count == 0) return CrisisDownstream.None;
        var graph = await ServiceDependencyGraph.LoadAsync(db, ct);
        // An answer names a service of the operator's sector; one removed from reference data since has no place in the graph.
        failing = failing.Where(f => graph.Services.ContainsKey(f.Code)).ToList();
        var depth = ServiceDependencyLimits.DefaultDepth;
        var atRisk = graph.AtRisk(failing.Select(f => f.Code), depth).Select(r =>
        {
            var s = graph.Services[r.Code];
            return new CrisisAtRiskService(r.Code, s.SectorCode, s.NameJa, s.NameEn, r.Depth, r.Impact, r.Via, r.Path);
        }).ToList();
        var failingRows = failing.Select(f =>
            {
                var s = graph.Services[f.Code];
                return new CrisisFailingService(f.Code, s.SectorCode, s.NameJa, s.NameEn, f.Down, f.Degraded);
            })
            .OrderBy(f => f.SectorCode, StringComparer.Ordinal).ThenBy(f => f.ServiceCode, StringComparer.Ordinal).ToList();
        return new CrisisDownstream(depth, failingRows, atRisk);
    }
}
