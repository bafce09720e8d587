using Kizuna.Stix;

namespace Kizuna.Stix.Tests;

public sealed class TlpMarkingsTests
{
    /// <summary>
    /// The ids published with the TLP 2.0 STIX extension (extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d),
    /// created 2022-10-01; other tools recognise TLP markings by exactly these ids.
    /// </summary>
    public static TheoryData<Tlp, string> OfficialIds => new()
    {
        { Tlp.Clear, "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487" },
        { Tlp.Green, "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb" },
        { Tlp.Amber, "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421" },
        { Tlp.AmberStrict, "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003" },
        { Tlp.Red, "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1" },
    };

    [Theory, MemberData(nameof(OfficialIds))]
    public void StixId_EachLevel_IsTheOfficialTlp2MarkingDefinition(Tlp tlp, string expected)
        => Assert.Equal(expected, TlpMarkings.StixId(tlp));

    [Fact]
    public void StixId_AllLevels_AreDistinctAndNotTlp1Ids()
    {
        var ids = Enum.GetValues<Tlp>().Select(TlpMarkings.StixId).ToList();
        Assert.Equal(5, ids.Distinct().Count());
        // The TLP 1.0 ids of STIX 2.1 itself (WHITE, GREEN, AMBER, RED) must not be emitted for TLP 2.0.
        string[] tlp1 =
        [
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
            "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
            "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
            "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
        ];
        Assert.Empty(ids.Intersect(tlp1));
    }

    [Fact]
    public void StixId_UnknownLevel_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => TlpMarkings.StixId((Tlp)99));

    [Theory]
    [InlineData(Tlp.Clear, "TLP:CLEAR")]
    [InlineData(Tlp.Green, "TLP:GREEN")]
    [InlineData(Tlp.Amber, "TLP:AMBER")]
    [InlineData(Tlp.AmberStrict, "TLP:AMBER+STRICT")]
    [InlineData(Tlp.Red, "TLP:RED")]
    public void Label_EachLevel_IsWrittenAsInTlp2(Tlp tlp, string expected)
        => Assert.Equal(expected, TlpMarkings.Label(tlp));

    [Fact]
    public void Label_UnknownLevel_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => TlpMarkings.Label((Tlp)(-1)));

    [Fact]
    public void TryParse_EveryLabel_RoundTrips()
    {
        foreach (var tlp in Enum.GetValues<Tlp>())
        {
            Assert.True(TlpMarkings.TryParse(TlpMarkings.Label(tlp), out var parsed));
            Assert.Equal(tlp, parsed);
        }
    }

    [Theory]
    [InlineData("TLP:CLEAR", Tlp.Clear)]
    [InlineData("CLEAR", Tlp.Clear)]
    [InlineData("clear", Tlp.Clear)]
    [InlineData("tlp:white", Tlp.Clear)]
    [InlineData("WHITE", Tlp.Clear)]
    [InlineData("TLP:GREEN", Tlp.Green)]
    [InlineData("green", Tlp.Green)]
    [InlineData("  Tlp:Green  ", Tlp.Green)]
    [InlineData("TLP:AMBER", Tlp.Amber)]
    [InlineData("amber", Tlp.Amber)]
    [InlineData("TLP:AMBER+STRICT", Tlp.AmberStrict)]
    [InlineData("AMBER+STRICT", Tlp.AmberStrict)]
    [InlineData("amber+strict", Tlp.AmberStrict)]
    [InlineData("amber-strict", Tlp.AmberStrict)]
    [InlineData("TLP:AMBER-STRICT", Tlp.AmberStrict)]
    [InlineData("AmberStrict", Tlp.AmberStrict)]
    [InlineData("TLP:RED", Tlp.Red)]
    [InlineData("red", Tlp.Red)]
    public void TryParse_KnownSpelling_ReturnsLevel(string text, Tlp expected)
    {
        Assert.True(TlpMarkings.TryParse(text, out var tlp));
        Assert.Equal(expected, tlp);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("TLP:")]
    [InlineData("TLP")]
    [InlineData("BLUE")]
    [InlineData("TLP:PURPLE")]
    [InlineData("AMBER+")]
    [InlineData("AMBER STRICT")]
    [InlineData("STRICT")]
    [InlineData("REDD")]
    [InlineData("TLP:TLP:RED")]
    [InlineData("TLP-RED")]
    [InlineData("marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1")]
    [InlineData("4")]
    public void TryParse_Garbage_ReturnsFalse(string? text)
        => Assert.False(TlpMarkings.TryParse(text, out _));

    [Fact]
    public void TlpOrder_HigherValue_IsMoreRestrictive()
        => Assert.Equal([Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red], Enum.GetValues<Tlp>().OrderBy(t => (int)t));
}
