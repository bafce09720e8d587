namespace Kizuna.Core.Features.Directory;

/// <summary>One edge of the dependency graph: <see cref="Service"/> depends on <see cref="DependsOn"/> (codes).</summary>
public sealed record ServiceEdge(string Service, string DependsOn, string Impact);

/// <summary>
/// A service at risk downstream of failing services. <see cref="Depth"/> is the number of
/// dependencies between it and the nearest failing service; <see cref="Path"/> runs from that
/// failing service (<c>Path[0]</c>) to this one (<c>Path[^1]</c>); <see cref="Impact"/> is
/// <c>stops</c> when every dependency on the path stops its dependent, else <c>degrades</c>.
/// </summary>
public sealed record ServiceAtRisk(string Code, int Depth, IReadOnlyList<string> Path, string Impact)
{
    /// <summary>The failing service the path starts from.</summary>
    public string Origin => Path[0];

    /// <summary>The service just upstream of this one on the path.</summary>
    public string Via => Path[^2];
}

/// <summary>
/// 他分野の障害からの波及: which services are at risk when some services fail. A breadth-first walk
/// from the failing services along "is depended on by" edges, level by level up to a depth cap, with a
/// visited set: every service is reported once, at its minimum depth, and never revisited, so
/// cycles (power ↔ telecom) end. Among the paths of that minimum depth it keeps the one that stops
/// the service if there is one, then the first in ordinal order, so the answer is deterministic.
/// The failing services themselves are not in the answer.
/// </summary>
public static class ServiceCascade
{
    public static IReadOnlyList<ServiceAtRisk> AtRisk(IEnumerable<string> failing, IEnumerable<ServiceEdge> edges, int maxDepth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDepth);
        var dependents = edges.ToLookup(e => e.DependsOn, StringComparer.Ordinal);
        var visited = new HashSet<string>(failing, StringComparer.Ordinal);
        var frontier = visited.Order(StringComparer.Ordinal)
            .Select(code => new ServiceAtRisk(code, 0, [code], DependencyImpacts.Stops)).ToList();
        var result = new List<ServiceAtRisk>();
        for (var depth = 1; depth <= maxDepth && frontier.Count > 0; depth++)
        {
            var next = new Dictionary<string, ServiceAtRisk>(StringComparer.Ordinal);
            foreach (var from in frontier)
            {
                foreach (var edge in dependents[from.Code])
                {
                    if (visited.Contains(edge.Service)) continue;
                    var impact = from.Impact == DependencyImpacts.Stops && edge.Impact == DependencyImpacts.Stops ? DependencyImpacts.Stops : DependencyImpacts.Degrades;
                    var candidate = new ServiceAtRisk(edge.Service, depth, [.. from.Path, edge.Service], impact);
                    if (!next.TryGetValue(edge.Service, out var current) || Better(candidate, current)) next[edge.Service] = candidate;
                }
            }
            frontier = next.Values.OrderBy(s => s.Code, StringComparer.Ordinal).ToList();
            visited.UnionWith(next.Keys);
            result.AddRange(frontier);
        }
        return result;
    }

    private static bool Better(ServiceAtRisk candidate, ServiceAtRisk current)
    {
        var stops = candidate.Impact == DependencyImpacts.Stops;
        if (stops != (current.Impact == DependencyImpacts.Stops)) return stops;
        return string.CompareOrdinal(string.Join('\n', candidate.Path), string.Join('\n', current.Path)) < 0;
    }
}
