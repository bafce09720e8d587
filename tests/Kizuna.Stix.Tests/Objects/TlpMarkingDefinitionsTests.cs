using System.Text.Json.Nodes;
using Kizuna.Stix.Json;
using Kizuna.Stix.Objects;
using Kizuna.Stix.Validation;

namespace Kizuna.Stix.Tests.Objects;

public sealed class TlpMarkingDefinitionsTests
{
    [Fact]
    public void For_AmberStrict_IsTheOfficialObject()
    {
        const string official = """
            {"type":"marking-definition","spec_version":"2.1","id":"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
             "created":"2022-10-01T00:00:00.000Z","name":"TLP:AMBER+STRICT",
             "extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"amber+strict"}}}
            """;

        var written = StixJson.Serialize(TlpMarkingDefinitions.For(Tlp.AmberStrict));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(official), JsonNode.Parse(written)), written);
        Assert.Equal(TlpMarkingDefinitions.For(Tlp.AmberStrict), StixJson.Parse(official));
    }

    [Theory]
    [InlineData(Tlp.Clear, "clear")]
    [InlineData(Tlp.Green, "green")]
    [InlineData(Tlp.Amber, "amber")]
    [InlineData(Tlp.AmberStrict, "amber+strict")]
    [InlineData(Tlp.Red, "red")]
    public void For_EachLevel_CarriesTheOfficialIdNameAndLevel(Tlp tlp, string level)
    {
        var marking = TlpMarkingDefinitions.For(tlp);

        Assert.Equal(TlpMarkings.StixId(tlp), marking.Id);
        Assert.Equal(TlpMarkings.Label(tlp), marking.Name);
        Assert.Equal(level, marking.Extensions![TlpMarkingDefinitions.ExtensionId].GetProperty("tlp_2_0").GetString());
        Assert.Equal("2022-10-01T00:00:00.000Z", marking.Created.ToString());
        Assert.Equal(tlp, TlpMarkingDefinitions.LevelOf(marking.Id));
        var result = StixValidator.Validate(marking);
        Assert.True(result.IsValid, result.ToString());
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void All_IsTheFiveLevels() => Assert.Equal(5, TlpMarkingDefinitions.All.Select(m => m.Id).Distinct().Count());

    [Fact]
    public void LevelOf_OtherMarking_IsNull() => Assert.Null(TlpMarkingDefinitions.LevelOf("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"));
}
