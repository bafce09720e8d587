using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Hotline;
using Kizuna.Stix;

namespace Kizuna.Core.Tests.Features.Hotline;

/// <summary>
/// The live streams' shared read is filtered per viewer: only alerts addressed to its organisation,
/// only what the disclosure policy lets it see, only after its position. A recipient row never
/// overrides the policy.
/// </summary>
public sealed class FeedBatchTests
{
    private static readonly Guid Sender = Guid.CreateVersion7();
    private static readonly Guid Bank = Guid.CreateVersion7();
    private static readonly Guid Water = Guid.CreateVersion7();
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static Viewer ViewerOf(Guid org, string sector) => Viewer.ForOrganization(org, org.ToString("N")[..8], OrganizationKinds.Operator, [sector], "general");

    private static FeedAlert Alert(long sequence, Tlp tlp, IEnumerable<AudienceEntry> audience, params Guid[] recipients)
        => new(new HotlineAlert(sequence, AlertClasses.Cyber, 4, $"Alert {sequence}", "Isolate the affected systems.", new Distribution(tlp, Sender, audience), Guid.NewGuid(), Now),
            "NISC", recipients.ToHashSet());

    [Fact]
    public void For_MixedBatch_KeepsOnlyAddressedVisibleAndNewer()
    {
        var batch = new FeedBatch(10, 15, false,
        [
            Alert(11, Tlp.Green, [AudienceEntry.Sector("finance")], Bank),
            Alert(12, Tlp.Red, [AudienceEntry.Organization(Water)], Water),
            Alert(13, Tlp.Amber, [AudienceEntry.Community()], Bank, Water),
            // A recipient row the policy does not back (the audience names the water company only): not shown.
            Alert(14, Tlp.Red, [AudienceEntry.Organization(Water)], Bank, Water),
            // Visible to all (CLEAR) but not addressed to the bank: not pushed to it.
            Alert(15, Tlp.Clear, [], Water),
        ]);

        Assert.Equal([11L, 13L], batch.For(ViewerOf(Bank, "finance"), 10).Select(a => a.Alert.Sequence));
        Assert.Equal([13L], batch.For(ViewerOf(Bank, "finance"), 11).Select(a => a.Alert.Sequence));
        Assert.Equal([12L, 13L, 14L, 15L], batch.For(ViewerOf(Water, "water"), 10).Select(a => a.Alert.Sequence));
        Assert.Empty(batch.For(ViewerOf(Water, "water"), 15));
    }
}
