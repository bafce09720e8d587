using System.Text.Json;
using CsCheck;
using Kizuna.Stix.Json;
using Kizuna.Stix.Objects;
using Kizuna.Stix.Validation;

namespace Kizuna.Stix.Tests.Objects;

/// <summary>Generated valid objects: parse(serialize(x)) == x, serializing is stable, and validation finds no error.</summary>
public sealed class PropertyTests
{
    private static readonly Gen<string> Text = Gen.String[Gen.Char['\u0020', '\u9FFF'], 1, 30];
    private static readonly Gen<string> Word = Gen.String[Gen.Char['a', 'z'], 3, 12];

    private static readonly Gen<string> Uuid4 = Gen.Guid.Select(g =>
    {
        var bytes = g.ToByteArray(bigEndian: true);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    });

    private static Gen<string> IdOf(string type) => Uuid4.Select(u => $"{type}--{u}");

    private static readonly Gen<StixTimestamp> Timestamp =
        Gen.Select(Gen.Long[new DateTime(1990, 1, 1).Ticks, new DateTime(2090, 1, 1).Ticks], Gen.Int[0, 7],
            (ticks, digits) => StixTimestamp.From(new DateTimeOffset(ticks, TimeSpan.Zero), digits));

    /// <summary>created and modified with at least millisecond precision and modified not before created.</summary>
    private static readonly Gen<(StixTimestamp Created, StixTimestamp Modified)> Versions =
        Gen.Select(Gen.Long[new DateTime(1990, 1, 1).Ticks, new DateTime(2090, 1, 1).Ticks], Gen.Long[0, TimeSpan.TicksPerDay * 400], Gen.Int[3, 7],
            (ticks, later, digits) => (StixTimestamp.From(new DateTimeOffset(ticks, TimeSpan.Zero), digits), StixTimestamp.From(new DateTimeOffset(ticks + later, TimeSpan.Zero), digits)));

    private static readonly Gen<StixList<string>?> Labels = Word.Array[1, 4].Select(StixList.From).Null(0.5);

    private static readonly Gen<StixPropertyBag?> Custom =
        Gen.Select(Word, Text, Gen.Int, Gen.Double[-1e6, 1e6], (name, text, i, d) => StixPropertyBag.Of(("x_" + name, text), ("x_" + name + "_n", i), ("x_" + name + "_d", d), ("x_" + name + "_o", new { a = new[] { 1, 2 }, b = text })))
            .Null(0.3);

    private static readonly Gen<StixList<ExternalReference>?> References =
        Gen.Select(Word, Text, Gen.Int[1, 99999], (source, description, n) => new ExternalReference { SourceName = source, Description = description, ExternalId = $"CVE-2024-{n}" })
            .Array[1, 3].Select(StixList.From).Null(0.5);

    private static readonly Gen<string> TlpId = Gen.Enum<Tlp>().Select(TlpMarkings.StixId);

    private static readonly Gen<StixObject> Indicator =
        Gen.Select(IdOf("indicator"), Versions, Text, Timestamp, Labels, Custom, References, TlpId)
            .Select(Gen.Int[0, 100].Nullable(0.3), Gen.Bool.Nullable(0.5), (t, confidence, revoked) => (StixObject)new Indicator
            {
                Id = t.Item1,
                Created = t.Item2.Created,
                Modified = t.Item2.Modified,
                Name = t.Item3,
                Description = t.Item3,
                Pattern = "[ipv4-addr:value = '198.51.100.1']",
                PatternType = "stix",
                PatternVersion = "2.1",
                ValidFrom = t.Item4,
                Labels = t.Item5,
                CustomProperties = t.Item6,
                ExternalReferences = t.Item7,
                ObjectMarkingRefs = [t.Item8],
                Confidence = confidence,
                Revoked = revoked,
                KillChainPhases = [new KillChainPhase { KillChainName = "lockheed-martin-cyber-kill-chain", PhaseName = "delivery" }],
            });

    private static readonly Gen<StixObject> Location =
        Gen.Select(IdOf("location"), Versions, Gen.Double[-90, 90], Gen.Double[-180, 180], Text, Custom)
            .Select(t => (StixObject)new Location
            {
                Id = t.Item1, Created = t.Item2.Created, Modified = t.Item2.Modified, Latitude = t.Item3, Longitude = t.Item4, Name = t.Item5, Country = "JP", CustomProperties = t.Item6,
            });

    private static readonly Gen<StixObject> Relationship =
        Gen.Select(IdOf("relationship"), Versions, IdOf("indicator"), IdOf("malware"), Gen.OneOf("indicates", "uses", "x-kizuna-relayed-to"), Custom)
            .Select(t => (StixObject)new Relationship
            {
                Id = t.Item1, Created = t.Item2.Created, Modified = t.Item2.Modified, SourceRef = t.Item3, TargetRef = t.Item4, RelationshipType = t.Item5, CustomProperties = t.Item6,
            });

    private static readonly Gen<StixObject> Ipv4 =
        Gen.Select(Gen.Byte, Gen.Byte, Gen.Byte, Gen.Byte, Gen.Int[8, 32].Nullable(0.7), Custom)
            .Select(t => (StixObject)StixIds.WithDeterministicId(new Ipv4Address
            {
                Value = $"{t.Item1}.{t.Item2}.{t.Item3}.{t.Item4}{(t.Item5 is { } prefix ? "/" + prefix : "")}", CustomProperties = t.Item6,
            }));

    private static readonly Gen<StixObject> File =
        Gen.Select(Text, Gen.Long[0, long.MaxValue], Gen.Byte.Array[32], Timestamp.Nullable(0.5), Custom)
            .Select(t => (StixObject)StixIds.WithDeterministicId(new StixFile
            {
                Name = t.Item1,
                Size = t.Item2,
                Hashes = StixMap.Of(("SHA-256", Convert.ToHexStringLower(t.Item3))),
                Mtime = t.Item4,
                CustomProperties = t.Item5,
                Extensions = StixMap.Of(("x-kizuna-scan-ext", JsonSerializer.SerializeToElement(new { verdict = t.Item1 }))),
            }));

    private static readonly Gen<StixObject> CustomType =
        Gen.Select(Word, Uuid4, Text, Gen.Int).Select(t => StixJson.Parse(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = "x-" + t.Item1,
            ["id"] = $"x-{t.Item1}--{t.Item2}",
            ["x_text"] = t.Item3,
            ["x_count"] = t.Item4,
        })));

    private static readonly Gen<StixObject> AnyObject = Gen.OneOf(Indicator, Location, Relationship, Ipv4, File, CustomType);

    private static readonly Gen<StixObject> Bundle =
        Gen.Select(IdOf("bundle"), AnyObject.Array[1, 6]).Select(t => (StixObject)new StixBundle { Id = t.Item1, Objects = StixList.From(t.Item2) });

    [Fact]
    public void RoundTrip_GeneratedObjects_AreEqualAndStable()
        => Gen.OneOf(AnyObject, Bundle).Sample(value =>
        {
            var json = StixJson.Serialize(value);
            var result = StixValidator.Validate(value);
            Assert.True(result.IsValid, result + "\n" + json);
            var parsed = StixJson.Parse(json);
            Assert.Equal(value, parsed);
            Assert.Equal(json, StixJson.Serialize(parsed));
        }, iter: 2000);

    [Fact]
    public void Validate_GeneratedJsonGarbage_NeverThrows()
        => Gen.Select(AnyObject, Gen.Int[0, 200], Gen.Char['\u0000', '\u007F'])
            .Sample(t =>
            {
                var json = StixJson.Serialize(t.Item1);
                var position = Math.Min(t.Item2, json.Length - 1);
                var broken = json[..position] + t.Item3 + json[(position + 1)..];
                StixJson.TryParse(broken, out var value, out var result);
                Assert.True(value is not null || !result.IsValid);
            }, iter: 2000);
}
