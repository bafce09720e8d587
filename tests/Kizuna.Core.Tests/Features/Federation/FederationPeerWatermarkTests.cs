using System.Text.Json;
using Kizuna.Core.Features.Federation;

namespace Kizuna.Core.Tests.Features.Federation;

/// <summary>The pull watermark's keys (<c>id|version</c> seen at its instant): kept as one stored list, read without re-parsing it per page.</summary>
public sealed class FederationPeerWatermarkTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Watermark_AdvanceThenAddKeys_SetAndStoredListAgree()
    {
        var peer = new FederationPeer("p", T0);
        Assert.Empty(peer.WatermarkKeySet());

        peer.AdvanceWatermark(T0, ["a|1", "b|1"]);
        Assert.Equal(["a|1", "b|1"], peer.WatermarkKeySet().Order());
        peer.AddSeenKeys(["b|1", "c|1"]);
        Assert.Equal(["a|1", "b|1", "c|1"], peer.WatermarkKeySet().Order());
        Assert.Equal(["a|1", "b|1", "c|1"], JsonSerializer.Deserialize<List<string>>(peer.WatermarkKeys));

        // A later instant starts a new list.
        peer.AdvanceWatermark(T0.AddSeconds(1), ["d|1"]);
        Assert.Equal(["d|1"], peer.WatermarkKeySet());
        Assert.Equal("[\"d|1\"]", peer.WatermarkKeys);
    }

    [Fact]
    public void Watermark_ManyKeys_CappedAtMaxWatermarkKeys()
    {
        var peer = new FederationPeer("p", T0);
        peer.AdvanceWatermark(T0, Enumerable.Range(0, FederationPeer.MaxWatermarkKeys - 1).Select(i => $"x{i}|1"));
        peer.AddSeenKeys(["y|1", "z|1"]);
        Assert.Equal(FederationPeer.MaxWatermarkKeys, peer.WatermarkKeySet().Count);
        Assert.Contains("y|1", peer.WatermarkKeySet());
        Assert.DoesNotContain("z|1", peer.WatermarkKeySet());
        Assert.Equal(FederationPeer.MaxWatermarkKeys, JsonSerializer.Deserialize<List<string>>(peer.WatermarkKeys)!.Count);
    }
}
