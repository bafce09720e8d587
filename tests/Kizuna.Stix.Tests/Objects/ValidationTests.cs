using System.Text.Json;
using System.Text.Json.Nodes;
using Kizuna.Stix.Json;
using Kizuna.Stix.Objects;
using Kizuna.Stix.Validation;

namespace Kizuna.Stix.Tests.Objects;

public sealed class ValidationTests
{
    private sealed record Case(string Sample, Action<JsonObject> Change, string? Property, string Fragment);

    private const string IndicatorId = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["required property missing"] = new("indicator", o => o.Remove("pattern"), "pattern", "is required"),
        ["required valid_from missing"] = new("indicator", o => o.Remove("valid_from"), "valid_from", "is required"),
        ["id of another type"] = new("indicator", o => o["id"] = "malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "id", "does not match"),
        ["id without UUID"] = new("indicator", o => o["id"] = "indicator--1234", "id", "type--UUID"),
        ["nil UUID"] = new("indicator", o => o["id"] = "indicator--00000000-0000-0000-0000-000000000000", "id", "nil UUID"),
        ["UUID of another variant"] = new("indicator", o => o["id"] = "indicator--8e2e2d2b-17d4-4cbf-738f-98ee46b3cd3f", "id", "variant"),
        ["created without milliseconds"] = new("indicator", o => o["created"] = "2016-04-06T20:03:48Z", "created", "millisecond"),
        ["created with an offset"] = new("indicator", o => o["created"] = "2016-04-06T20:03:48.000+09:00", "created", "RFC 3339"),
        ["created not a date"] = new("indicator", o => o["created"] = "2016-02-30T20:03:48.000Z", "created", "not a valid date"),
        ["modified before created"] = new("indicator", o => o["modified"] = "2016-04-06T20:03:47.999Z", "modified", "later than created"),
        ["spec_version 2.0"] = new("indicator", o => o["spec_version"] = "2.0", "spec_version", "\"2.1\""),
        ["confidence over 100"] = new("course-of-action", o => o["confidence"] = 101, "confidence", "0–100"),
        ["confidence not an integer"] = new("course-of-action", o => o["confidence"] = 50.5, "confidence", "integer"),
        ["created_by_ref to a malware"] = new("indicator", o => o["created_by_ref"] = "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b", "created_by_ref", "'identity'"),
        ["object_marking_refs to an identity"] = new("identity", o => o["object_marking_refs"] = new JsonArray("identity--31b940d4-6f7f-459a-80ea-9c1f17b5891b"), "object_marking_refs[0]", "'marking-definition'"),
        ["granular marking_ref to an identity"] = new("indicator", o => o["granular_markings"]![0]!["marking_ref"] = "identity--31b940d4-6f7f-459a-80ea-9c1f17b5891b", "granular_markings[0].marking_ref", "'marking-definition'"),
        ["granular marking with lang and marking_ref"] = new("indicator", o => o["granular_markings"]![0]!["lang"] = "en", "granular_markings[0]", "exactly one of lang and marking_ref"),
        ["relationship to a marking definition"] = new("relationship", o => o["target_ref"] = Samples.Tlp, "target_ref", "not to a 'marking-definition'"),
        ["relationship from a relationship"] = new("relationship", o => o["source_ref"] = "relationship--31b940d4-6f7f-459a-80ea-9c1f17b5891b", "source_ref", "not to a 'relationship'"),
        ["relationship stop before start"] = new("relationship", o => o["stop_time"] = "2016-04-06T20:06:37Z", "stop_time", "later than start_time"),
        ["sighting of an SCO"] = new("sighting", o => o["sighting_of_ref"] = "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4", "sighting_of_ref", "an SDO"),
        ["sighting where a malware"] = new("sighting", o => o["where_sighted_refs"]![0] = "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b", "where_sighted_refs[0]", "'identity' or a 'location'"),
        ["sighting count too high"] = new("sighting", o => o["count"] = 1_000_000_000, "count", "outside"),
        ["opinion outside the enumeration"] = new("opinion", o => o["opinion"] = "maybe", "opinion", "strongly-disagree"),
        ["artifact encryption outside the enumeration"] = new("artifact", o => o["encryption_algorithm"] = "rot13", "encryption_algorithm", "AES-256-GCM"),
        ["artifact with payload and url"] = new("artifact", o => o["url"] = "https://example.org/a.bin", "url", "exclusive"),
        ["registry value data_type outside the enumeration"] = new("windows-registry-key", o => o["values"]![0]!["data_type"] = "REG_TEXT", "values[0].data_type", "REG_SZ"),
        ["extension type outside the enumeration"] = new("extension-definition", o => o["extension_types"] = new JsonArray("new-thing"), "extension_types", "new-sdo"),
        ["toplevel extension without its properties"] = new("extension-definition", o => o.Remove("extension_properties"), "extension_properties", "is required"),
        ["revoked on an SCO"] = new("ipv4-addr", o => o["revoked"] = true, "revoked", "not a property of cyber-observable"),
        ["modified on a marking definition"] = new("marking-definition", o => o["modified"] = "2017-01-21T00:00:00.000Z", "modified", "cannot be versioned"),
        ["marking definition without definition"] = new("marking-definition", o => o.Remove("definition"), "definition", "go together"),
        ["TLP 2.0 extension with an unknown level"] = new("marking-definition", o =>
        {
            o.Remove("definition_type");
            o.Remove("definition");
            o["extensions"] = new JsonObject { [TlpMarkingDefinitions.ExtensionId] = new JsonObject { ["extension_type"] = "property-extension", ["tlp_2_0"] = "purple" } };
        }, $"extensions.{TlpMarkingDefinitions.ExtensionId}.tlp_2_0", "amber+strict"),
        ["extension definition extension without extension_type"] = new("indicator", o => o["extensions"] = new JsonObject { ["extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e"] = new JsonObject { ["rank"] = 5 } },
            "extensions.extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e.extension_type", "is required"),
        ["extension with a bad name"] = new("file", o => o["extensions"] = new JsonObject { ["pebinary"] = new JsonObject { ["pe_type"] = "exe" } }, "extensions.pebinary", "-ext"),
        ["valid_until equal to valid_from"] = new("indicator", o => o["valid_until"] = "2016-01-01T00:00:00.000Z", "valid_until", "later than valid_from"),
        ["number_observed zero"] = new("observed-data", o => o["number_observed"] = 0, "number_observed", "outside"),
        ["observed data without object_refs"] = new("observed-data", o => o.Remove("object_refs"), "object_refs", "exactly one"),
        ["observed data referring to an SDO"] = new("observed-data", o => o["object_refs"]![0] = "malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b", "object_refs[0]", "an SCO"),
        ["latitude without longitude"] = new("location", o => o.Remove("longitude"), "longitude", "go together"),
        ["latitude out of range"] = new("location", o => o["latitude"] = 91.0, "latitude", "-90 and 90"),
        ["malware family without name"] = new("malware", o => { o["is_family"] = true; o.Remove("name"); }, "name", "is_family"),
        ["malware sample that is no file"] = new("malware", o => o["sample_refs"] = new JsonArray("url--c1477287-23ac-5971-a010-5c287877fa60"), "sample_refs[0]", "'file' or a 'artifact'"),
        ["mac address in upper case"] = new("mac-addr", o => o["value"] = "D2:FB:49:24:37:18", "value", "lower-case"),
        ["ipv4 address that is not one"] = new("ipv4-addr", o => o["value"] = "198.51.100.300", "value", "IPv4"),
        ["ipv6 address that is not one"] = new("ipv6-addr", o => o["value"] = "2001:db8::g", "value", "IPv6"),
        ["MD5 of the wrong length"] = new("artifact", o => o["hashes"] = new JsonObject { ["MD5"] = "6826f9a05da0813400655775" }, "hashes.MD5", "32 hexadecimal"),
        ["file without hashes or name"] = new("file", o => { o.Remove("hashes"); o.Remove("name"); }, null, "hashes or name"),
        ["empty list"] = new("incident", o => o["labels"] = new JsonArray(), "labels", "empty list"),
        ["empty dictionary"] = new("process", o => o["environment_variables"] = new JsonObject(), "environment_variables", "empty dictionary"),
        ["external reference without source_name"] = new("attack-pattern", o => o["external_references"]![0]!.AsObject().Remove("source_name"), "external_references[0].source_name", "is required"),
        ["external reference with only source_name"] = new("attack-pattern", o => o["external_references"]![0]!.AsObject().Remove("external_id"), "external_references[0]", "description, url or external_id"),
        ["kill chain phase without phase_name"] = new("attack-pattern", o => o["kill_chain_phases"]![0]!.AsObject().Remove("phase_name"), "kill_chain_phases[0].phase_name", "is required"),
        ["property name not allowed"] = new("tool", o => o["Bad-Name"] = "x", "Bad-Name", "not a valid property name"),
        ["string property given a number"] = new("tool", o => o["name"] = 5, "name", "must be a string"),
        ["boolean property given a string"] = new("malware", o => o["is_family"] = "false", "is_family", "true or false"),
        ["null value"] = new("tool", o => o["description"] = null, "description", "must not be null"),
        ["port out of range"] = new("network-traffic", o => o["src_port"] = 70000, "src_port", "outside"),
        ["network traffic to a URL"] = new("network-traffic", o => o["dst_ref"] = "url--c1477287-23ac-5971-a010-5c287877fa60", "dst_ref", "'ipv4-addr'"),
        ["process with no property of its own"] = new("process", o =>
        {
            foreach (var name in o.Select(p => p.Key).Where(k => k is not ("type" or "id" or "spec_version")).ToList()) o.Remove(name);
        }, null, "at least one property"),
        ["type name in upper case"] = new("tool", o => o["type"] = "Tool", "type", "not a valid type name"),
        ["email body while multipart"] = new("email-message", o => o["body"] = "hi", "body", "is_multipart"),
        ["MIME part with body and body_raw_ref"] = new("email-message", o => o["body_multipart"]![0]!["body_raw_ref"] = "artifact--4cce66f8-6eaa-53cb-85d5-3a85fca3a6c5", "body_multipart[0]", "exactly one of body and body_raw_ref"),
        ["language content without contents"] = new("language-content", o => o.Remove("contents"), "contents", "is required"),
        ["custom object with a bad spec_version"] = new("x-kizuna-drill", o => o["spec_version"] = "2.0", "spec_version", "2.1"),
        ["custom object created without milliseconds"] = new("x-kizuna-drill", o => o["created"] = "2024-06-01T00:00:00Z", "created", "millisecond"),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    private static JsonObject Sample(string name) => JsonNode.Parse(Samples.ByName[name])!.AsObject();

    [Theory, MemberData(nameof(CaseNames))]
    public void Validate_BrokenRule_NamesObjectAndProperty(string caseName)
    {
        var c = Cases[caseName];
        var json = Sample(c.Sample);
        c.Change(json);
        var id = json["id"]!.GetValue<string>();

        var result = StixValidator.Validate(JsonSerializer.SerializeToElement(json));

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.ObjectId == id && e.Property == c.Property && e.Message.Contains(c.Fragment, StringComparison.Ordinal));
        Assert.False(StixJson.TryParse(json.ToJsonString(), out var value, out _));
        Assert.Null(value);
    }

    [Fact]
    public void Validate_MalformedCreated_IsReportedOnce()
    {
        var json = Sample("tool");
        json["created"] = "yesterday";

        var result = StixValidator.Validate(JsonSerializer.SerializeToElement(json));

        var error = Assert.Single(result.Errors);
        Assert.Equal(("tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "created"), (error.ObjectId, error.Property));
    }

    [Fact]
    public void Parse_SeveralBrokenRules_ThrowsListingEveryError()
    {
        var json = Sample("indicator");
        json.Remove("pattern");
        json["confidence"] = -1;
        json["modified"] = "2015-01-01T00:00:00.000Z";

        var e = Assert.Throws<StixValidationException>(() => StixJson.Parse(json.ToJsonString()));

        Assert.Equal(["confidence", "modified", "pattern"], e.Result.Errors.Select(x => x.Property!).Order());
        Assert.All(e.Result.Errors, x => Assert.Equal(IndicatorId, x.ObjectId));
        Assert.Contains($"{IndicatorId} pattern: is required", e.Message);
    }

    [Theory]
    [InlineData("{\"type\":\"indicator\",")]
    [InlineData("[1,2]")]
    [InlineData("{\"type\":\"tool\",\"type\":\"tool\"}")]
    [InlineData("{\"id\":\"tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\"}")]
    public void TryParse_NotAStixObject_FailsWithAnError(string json)
    {
        Assert.False(StixJson.TryParse(json, out var value, out var result));
        Assert.Null(value);
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void Validate_ObjectInBundle_NamesThatObject()
    {
        var bundle = JsonNode.Parse(Samples.Bundle)!.AsObject();
        bundle["objects"]![2]!["target_ref"] = Samples.Tlp;

        var result = StixValidator.Validate(JsonSerializer.SerializeToElement(bundle));

        var error = Assert.Single(result.Errors);
        Assert.Equal("relationship--57b56a43-b8b0-4cba-9deb-34e3e1faed9e", error.ObjectId);
        Assert.Equal("target_ref", error.Property);
    }

    [Fact]
    public void Validate_BundleInBundle_IsAnError()
    {
        var inner = """{"type":"bundle","id":"bundle--6d0092c5-5f74-4287-9642-33f4c354e56d","objects":[]}""";
        var json = $$"""{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[{{inner}}]}""";

        var result = StixValidator.Validate(JsonDocument.Parse(json).RootElement);

        Assert.Contains(result.Errors, e => e.ObjectId == "bundle--6d0092c5-5f74-4287-9642-33f4c354e56d" && e.Message.Contains("must not contain a bundle"));
    }

    [Fact]
    public void Validate_BundleOverTheLimit_IsAnError()
    {
        var options = new StixValidationOptions { MaxBundleObjects = 2 };

        var result = StixValidator.Validate(JsonDocument.Parse(Samples.Bundle).RootElement, options);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects"), (error.ObjectId, error.Property));
        Assert.Contains("limit of 2", error.Message);
        Assert.True(StixValidator.Validate(JsonDocument.Parse(Samples.Bundle).RootElement, options with { MaxBundleObjects = 5 }).IsValid);
    }

    [Fact]
    public void Validate_CustomPropertyWithoutPrefix_IsOnlyAWarning()
    {
        var json = Sample("tool");
        json["kizuna_sector"] = "電力";

        var result = StixValidator.Validate(JsonSerializer.SerializeToElement(json));

        Assert.True(result.IsValid);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "kizuna_sector"), (warning.ObjectId, warning.Property));
    }

    [Fact]
    public void Validate_CustomPropertyOfAToplevelExtension_IsNoWarning()
    {
        var json = Sample("tool");
        json["rank"] = 5;
        json["extensions"] = new JsonObject { ["extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e"] = new JsonObject { ["extension_type"] = "toplevel-property-extension" } };

        var result = StixValidator.Validate(JsonSerializer.SerializeToElement(json));

        Assert.True(result.IsValid, result.ToString());
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Validate_SdoWithUuidV5_IsOnlyAWarning()
    {
        var json = Sample("tool");
        json["id"] = "tool--8e2e2d2b-17d4-5cbf-938f-98ee46b3cd3f";

        var result = StixValidator.Validate(JsonSerializer.SerializeToElement(json));

        Assert.True(result.IsValid);
        Assert.Contains(result.Warnings, w => w.Property == "id" && w.Message.Contains("UUIDv4"));
    }

    [Fact]
    public void Validate_ScoIdNotFromItsContributingProperties_IsAWarningNamingTheExpectedId()
    {
        var json = Sample("ipv4-addr");
        json["value"] = "198.51.100.8";

        var result = StixValidator.Validate(JsonSerializer.SerializeToElement(json));

        Assert.True(result.IsValid);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("id", warning.Property);
        Assert.Contains("ipv4-addr--6c83081b-13af-5e30-ba30-6f401772a083", warning.Message);
    }

    [Fact]
    public void Validate_ScoWithItsDeterministicId_HasNoWarning()
    {
        var result = StixValidator.Validate(JsonDocument.Parse(Samples.ByName["ipv4-addr"]).RootElement);

        Assert.True(result.IsValid);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Validate_PatternValidator_IsAskedForStixPatternsOnly()
    {
        var asked = new List<string>();
        var options = new StixValidationOptions { PatternValidator = p => { asked.Add(p); return p.Contains("evil") ? "unbalanced brackets" : null; } };
        var json = Sample("indicator");
        json["pattern"] = "[evil";

        var result = StixValidator.Validate(JsonSerializer.SerializeToElement(json), options);
        json["pattern_type"] = "yara";
        var yara = StixValidator.Validate(JsonSerializer.SerializeToElement(json), options);

        var error = Assert.Single(result.Errors);
        Assert.Equal((IndicatorId, "pattern", "unbalanced brackets"), (error.ObjectId, error.Property, error.Message));
        Assert.True(yara.IsValid);
        Assert.Equal(["[evil"], asked);
    }

    [Fact]
    public void Validate_ObjectBuiltInCode_FindsMissingProperties()
    {
        var tool = new Tool { Id = "tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", Created = StixTimestamp.Parse("2020-01-01T00:00:00.000Z"), Modified = StixTimestamp.Parse("2020-01-01T00:00:00.000Z") };

        var result = StixValidator.Validate(tool);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "name", "is required"), (error.ObjectId, error.Property, error.Message));
    }

    [Fact]
    public void Validate_DuplicateObjectInBundle_IsAWarning()
    {
        var json = $$"""{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[{{Samples.ByName["tool"]}},{{Samples.ByName["tool"]}}]}""";

        var result = StixValidator.Validate(JsonDocument.Parse(json).RootElement);

        Assert.True(result.IsValid);
        Assert.Contains(result.Warnings, w => w.ObjectId == "tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f" && w.Message.Contains("more than once"));
    }
}
