using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kizuna.Stix.Json;
using Kizuna.Stix.Objects;
using Kizuna.Stix.Validation;

namespace Kizuna.Stix.Tests.Objects;

public sealed class RoundTripTests
{
    public static TheoryData<string> Names => [.. Samples.ByName.Keys];

    [Theory, MemberData(nameof(Names))]
    public void ParseThenSerialize_EverySample_GivesEquivalentJson(string name)
    {
        var json = Samples.ByName[name];
        var parsed = StixJson.Parse(json);
        var written = StixJson.Serialize(parsed);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(written)), $"{name}:\n{json}\n→\n{written}");
        Assert.Equal(parsed, StixJson.Parse(written));
        Assert.Equal(written, StixJson.Serialize(StixJson.Parse(written)));
        Assert.Equal(name, parsed.Type);
    }

    [Theory, MemberData(nameof(Names))]
    public void Validate_EverySample_HasNoErrors(string name)
    {
        var result = StixValidator.Validate(JsonDocument.Parse(Samples.ByName[name]).RootElement);
        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Samples_CoverEveryModelledType()
    {
        var missing = StixTypes.All.Where(t => t != "bundle" && !Samples.ByName.ContainsKey(t)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Parse_KnownTypes_GiveTheirRecords()
    {
        Assert.IsType<Indicator>(StixJson.Parse(Samples.ByName["indicator"]));
        Assert.IsType<StixFile>(StixJson.Parse(Samples.ByName["file"]));
        Assert.IsType<MarkingDefinition>(StixJson.Parse(Samples.ByName["marking-definition"]));
        var custom = Assert.IsType<CustomObject>(StixJson.Parse(Samples.ByName["x-kizuna-drill"]));
        Assert.Equal("x-kizuna-drill", custom.Type);
        Assert.Equal("分野横断演習", custom.CustomProperties!["x_scenario"].GetString());
    }

    [Fact]
    public void Parse_Indicator_ReadsEveryProperty()
    {
        var indicator = StixJson.Parse<Indicator>(Samples.ByName["indicator"]);

        Assert.Equal("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", indicator.Id);
        Assert.Equal("2.1", indicator.SpecVersion);
        Assert.Equal("stix", indicator.PatternType);
        Assert.Equal(new DateTime(2016, 4, 6, 20, 3, 48, DateTimeKind.Utc), indicator.Created.UtcDateTime);
        Assert.Equal(3, indicator.Created.FractionDigits);
        Assert.Equal(0, indicator.ValidFrom!.Value.FractionDigits);
        Assert.Equal("2017-01-01T00:00:00.123456Z", indicator.ValidUntil!.Value.ToString());
        Assert.Equal(["malicious-activity"], indicator.IndicatorTypes!);
        Assert.Equal(2, indicator.GranularMarkings!.Count);
        Assert.Equal("en", indicator.GranularMarkings[1].Lang);
        Assert.Equal("電力", indicator.CustomProperties!["x_kizuna_sector"].GetString());
        var extension = indicator.Extensions!["extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e"];
        Assert.Equal(8, extension.GetProperty("toxicity").GetInt32());
    }

    [Fact]
    public void Parse_NestedCustomProperties_AreKeptToo()
    {
        const string json = """
            {"type":"vulnerability","spec_version":"2.1","id":"vulnerability--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061","created":"2016-05-12T08:17:27.000Z","modified":"2016-05-12T08:17:27.000Z",
             "name":"CVE-2016-1234","external_references":[{"source_name":"cve","external_id":"CVE-2016-1234","x_cvss":{"base":9.8,"vector":"AV:N"}}]}
            """;
        var vulnerability = StixJson.Parse<Vulnerability>(json);

        Assert.Equal(9.8, vulnerability.ExternalReferences![0].CustomProperties!["x_cvss"].GetProperty("base").GetDouble());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(StixJson.Serialize(vulnerability))));
    }

    [Fact]
    public void Parse_Bundle_GivesEveryObjectAndRoundTrips()
    {
        var bundle = Assert.IsType<StixBundle>(StixJson.Parse(Samples.Bundle));

        Assert.Equal(["indicator", "malware", "relationship", "ipv4-addr", "x-kizuna-drill"], bundle.Objects!.Select(o => o.Type));
        Assert.IsType<Ipv4Address>(bundle.Objects![3]);
        var written = StixJson.Serialize(bundle);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Samples.Bundle), JsonNode.Parse(written)));
        Assert.Equal(bundle, StixJson.Parse(written));
    }

    [Fact]
    public void Parse_Stream_ReadsUtf8()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Samples.ByName["identity"]));
        var identity = Assert.IsType<Identity>(StixJson.Parse(stream));
        Assert.Equal("内閣サイバーセキュリティセンター (NISC)", identity.Name);
    }

    [Fact]
    public void Serialize_ObjectBuiltInCode_WritesSnakeCaseAndUtcTimestamps()
    {
        var created = StixTimestamp.From(new DateTimeOffset(2024, 4, 1, 9, 30, 15, 123, TimeSpan.FromHours(9)));
        var indicator = new Indicator
        {
            Id = "indicator--0f8c5a7e-3b3c-4a56-9d6e-7f8a9b0c1d2e",
            Created = created,
            Modified = created,
            Name = "悪性ドメイン",
            Pattern = "[domain-name:value = 'evil.example']",
            PatternType = "stix",
            ValidFrom = created,
            ObjectMarkingRefs = [TlpMarkings.StixId(Tlp.Amber)],
            KillChainPhases = [new KillChainPhase { KillChainName = "lockheed-martin-cyber-kill-chain", PhaseName = "delivery" }],
            CustomProperties = StixPropertyBag.Of(("x_kizuna_case", 42)),
        };

        var json = StixJson.Serialize(indicator);

        Assert.Contains("\"type\":\"indicator\"", json);
        Assert.Contains("\"created\":\"2024-04-01T00:30:15.123Z\"", json);
        Assert.Contains("\"pattern_type\":\"stix\"", json);
        Assert.Contains("\"kill_chain_phases\":[{\"kill_chain_name\":\"lockheed-martin-cyber-kill-chain\",\"phase_name\":\"delivery\"}]", json);
        Assert.Contains("\"x_kizuna_case\":42", json);
        Assert.Contains("悪性ドメイン", json);
        Assert.DoesNotContain("null", json);
        Assert.True(StixValidator.Validate(indicator).IsValid);
        Assert.Equal(indicator, StixJson.Parse(json));
    }

    [Fact]
    public void Equality_DiffersOnAnyValue()
    {
        var a = StixJson.Parse<Indicator>(Samples.ByName["indicator"]);
        var b = StixJson.Parse<Indicator>(Samples.ByName["indicator"]);

        Assert.Equal(a, b);
        Assert.NotEqual(a, b with { Labels = ["other"] });
        Assert.NotEqual(a, b with { CustomProperties = StixPropertyBag.Of(("x_kizuna_sector", "ガス")) });
        Assert.NotEqual(a, b with { ValidFrom = StixTimestamp.Parse("2016-01-01T00:00:00.000Z") });
    }

    [Fact]
    public void PropertyBag_IsReadOnlyOnceParsed()
    {
        var indicator = StixJson.Parse<Indicator>(Samples.ByName["indicator"]);
        IDictionary<string, JsonElement> bag = indicator.CustomProperties!;
        Assert.Throws<NotSupportedException>(() => bag.Add("x_more", default));
        Assert.Throws<NotSupportedException>(() => bag.Remove("x_kizuna_sector"));
    }
}
