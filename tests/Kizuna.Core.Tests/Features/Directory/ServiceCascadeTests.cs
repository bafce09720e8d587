using CsCheck;
using Kizuna.Core.Features.Directory;

namespace Kizuna.Core.Tests.Features.Directory;

/// <summary>The at-risk traversal: minimum depth, one path each, cycles, the depth cap and a deterministic choice of path.</summary>
public sealed class ServiceCascadeTests
{
    private const string Stops = DependencyImpacts.Stops;
    private const string Degrades = DependencyImpacts.Degrades;

    private static ServiceEdge E(string service, string dependsOn, string impact = Stops) => new(service, dependsOn, impact);

    [Fact]
    public void AtRisk_Chain_ReportsEachServiceAtItsDepthWithThePath()
    {
        var result = ServiceCascade.AtRisk(["power"], [E("water", "power"), E("hospital", "water", Degrades), E("rail", "power")], 3);

        Assert.Equal(["rail", "water", "hospital"], result.Select(r => r.Code));
        var hospital = result.Single(r => r.Code == "hospital");
        Assert.Equal(2, hospital.Depth);
        Assert.Equal(["power", "water", "hospital"], hospital.Path);
        Assert.Equal("water", hospital.Via);
        Assert.Equal("power", hospital.Origin);
        Assert.Equal(Degrades, hospital.Impact);
        Assert.Equal(Stops, result.Single(r => r.Code == "water").Impact);
    }

    [Fact]
    public void AtRisk_PowerTelecomCycle_EndsAndNeverReportsTheFailingService()
    {
        // power ↔ telecom, and finance on telecom.
        var edges = new[] { E("telecom", "power", Degrades), E("power", "telecom", Degrades), E("finance", "telecom") };

        var result = ServiceCascade.AtRisk(["power"], edges, 5);

        Assert.Equal(["telecom", "finance"], result.Select(r => r.Code));
        Assert.Equal([1, 2], result.Select(r => r.Depth));
        Assert.DoesNotContain(result, r => r.Code == "power");
        // Through a degrading dependency the whole path only degrades.
        Assert.Equal(Degrades, result.Single(r => r.Code == "finance").Impact);
    }

    [Fact]
    public void AtRisk_DepthCap_StopsAtTheCap()
    {
        var edges = new[] { E("b", "a"), E("c", "b"), E("d", "c"), E("e", "d") };

        Assert.Equal(["b"], ServiceCascade.AtRisk(["a"], edges, 1).Select(r => r.Code));
        Assert.Equal(["b", "c", "d"], ServiceCascade.AtRisk(["a"], edges, 3).Select(r => r.Code));
        Assert.Empty(ServiceCascade.AtRisk(["a"], edges, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ServiceCascade.AtRisk(["a"], edges, -1));
    }

    [Fact]
    public void AtRisk_TwoPathsOfTheSameDepth_KeepsTheOneThatStopsThenTheFirst()
    {
        // d is two steps from a through b (degrades) and through c (stops): reported once, through c.
        var edges = new[] { E("b", "a"), E("c", "a"), E("d", "b", Degrades), E("d", "c"), E("e", "b"), E("e", "c") };

        var result = ServiceCascade.AtRisk(["a"], edges, 3);

        Assert.Single(result, r => r.Code == "d");
        Assert.Equal(["a", "c", "d"], result.Single(r => r.Code == "d").Path);
        Assert.Equal(Stops, result.Single(r => r.Code == "d").Impact);
        // Both paths stop: the first in ordinal order.
        Assert.Equal(["a", "b", "e"], result.Single(r => r.Code == "e").Path);
    }

    [Fact]
    public void AtRisk_SeveralFailing_MinimumDepthFromTheNearest()
    {
        var edges = new[] { E("b", "a"), E("c", "b"), E("c", "x"), E("x", "c") };

        var result = ServiceCascade.AtRisk(["a", "x"], edges, 5);

        Assert.Equal(["b", "c"], result.Select(r => r.Code));
        var c = result.Single(r => r.Code == "c");
        Assert.Equal(1, c.Depth);
        Assert.Equal(["x", "c"], c.Path);
    }

    [Fact]
    public void AtRisk_NoDependents_IsEmpty()
    {
        Assert.Empty(ServiceCascade.AtRisk(["water"], [E("water", "power")], 5));
        Assert.Empty(ServiceCascade.AtRisk([], [E("water", "power")], 5));
    }

    private static readonly string[] Nodes = ["n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9"];

    private static readonly Gen<ServiceEdge[]> Graphs =
        Gen.Select(Gen.Int[0, Nodes.Length - 1], Gen.Int[0, Nodes.Length - 1], Gen.Bool)
            .Where(t => t.Item1 != t.Item2)
            .Select(t => E(Nodes[t.Item1], Nodes[t.Item2], t.Item3 ? Stops : Degrades))
            .Array[0, 30]
            .Select(edges => edges.DistinctBy(e => (e.Service, e.DependsOn)).ToArray());

    private static readonly Gen<string[]> Failing = Gen.Int[0, Nodes.Length - 1].Select(i => Nodes[i]).Array[1, 3].Select(a => a.Distinct().ToArray());

    [Fact]
    public void AtRisk_RandomGraphs_EachReachableServiceOnceAtItsShortestDistanceWithAValidPath()
    {
        Gen.Select(Graphs, Failing, Gen.Int[0, 6]).Sample((edges, failing, cap) =>
        {
            var result = ServiceCascade.AtRisk(failing, edges, cap);
            var distance = Distances(failing, edges);
            var expected = distance.Where(d => d.Value is > 0 && d.Value <= cap).Select(d => d.Key).Order(StringComparer.Ordinal);
            Assert.Equal(expected, result.Select(r => r.Code).Order(StringComparer.Ordinal));
            Assert.Equal(result.Count, result.Select(r => r.Code).Distinct().Count());
            Assert.Equal(result.Select(r => r.Depth).Order(), result.Select(r => r.Depth));
            foreach (var r in result)
            {
                Assert.Equal(distance[r.Code], r.Depth);
                Assert.Equal(r.Depth + 1, r.Path.Count);
                Assert.Contains(r.Path[0], failing);
                Assert.Equal(r.Code, r.Path[^1]);
                Assert.Equal(r.Path.Count, r.Path.Distinct().Count());
                var onPath = r.Path.Zip(r.Path.Skip(1), (up, down) => edges.Single(e => e.DependsOn == up && e.Service == down)).ToList();
                Assert.Equal(onPath.All(e => e.Impact == Stops) ? Stops : Degrades, r.Impact);
            }
        }, iter: 2000);
    }

    /// <summary>Shortest distance from any failing service along "is depended on by", by plain repeated relaxation (an independent oracle).</summary>
    private static Dictionary<string, int> Distances(IReadOnlyList<string> failing, IReadOnlyList<ServiceEdge> edges)
    {
        var distance = failing.ToDictionary(f => f, _ => 0);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var e in edges)
            {
                if (!distance.TryGetValue(e.DependsOn, out var d)) continue;
                if (!distance.TryGetValue(e.Service, out var current) || d + 1 < current)
                {
                    distance[e.Service] = d + 1;
                    changed = true;
                }
            }
        }
        return distance;
    }
}
