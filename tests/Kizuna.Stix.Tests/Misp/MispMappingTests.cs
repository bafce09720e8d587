using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kizuna.Stix.Misp;
using Kizuna.Stix.Patterning;
using Kizuna.Stix.Validation;

namespace Kizuna.Stix.Tests.Misp;

[Collection(nameof(MemoryMeasurements))]
public sealed class MispMappingTests
{
    private static readonly StixValidationOptions Strict = new()
    {
        PatternValidator = pattern => StixPattern.Validate(pattern) is { Count: > 0 } errors ? string.Join("; ", errors) : null,
    };

    /// <summary>Collects what the reader hands out and maps it, as the importer does, keeping the STIX objects.</summary>
    private sealed class Collector(bool keep = true) : IMispEventHandler
    {
        public MispEventHeader? Header;
        public MispStixMapper? Mapper;
        public readonly List<JsonObject> Objects = [];
        public readonly List<string> Refs = [];
        public readonly List<string> Rejected = [];
        public int Attributes, MispObjects;
        public Action<int>? OnAttribute;

        public ValueTask BeginEventAsync(MispEventHeader header, CancellationToken ct)
        {
            (Header, Mapper) = (header, new MispStixMapper(header));
            Add(Mapper.Galaxies());
            return ValueTask.CompletedTask;
        }

        public ValueTask AttributeAsync(MispAttribute attribute, CancellationToken ct)
        {
            Attributes++;
            Add(Mapper!.Attribute(attribute));
            OnAttribute?.Invoke(Attributes);
            return ValueTask.CompletedTask;
        }

        public ValueTask ObjectAsync(MispObject obj, CancellationToken ct)
        {
            MispObjects++;
            Add(Mapper!.Object(obj));
            return ValueTask.CompletedTask;
        }

        public ValueTask RejectedAsync(string what, string reason, CancellationToken ct)
        {
            Rejected.Add($"{what}: {reason}");
            return ValueTask.CompletedTask;
        }

        public ValueTask EndEventAsync(MispEventHeader header, CancellationToken ct)
        {
            if (keep) Objects.Add(Mapper!.Report(Refs));
            return ValueTask.CompletedTask;
        }

        private void Add(MispStixResult r)
        {
            if (!keep) return;
            Objects.AddRange(r.Objects);
            Refs.AddRange(r.Refs);
        }
    }

    private static async Task<Collector> ReadAsync(MispEventGenerator g, MispEventReader? reader = null)
    {
        var c = new Collector();
        await using var stream = g.OpenStream();
        await (reader ?? new MispEventReader()).ReadAsync(stream, c, TestContext.Current.CancellationToken);
        return c;
    }

    private static async Task<Collector> ReadAsync(string json)
    {
        var c = new Collector();
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        await new MispEventReader().ReadAsync(stream, c, TestContext.Current.CancellationToken);
        return c;
    }

    [Fact]
    public async Task Read_GeneratedEvent_EveryAttributeAndObjectWithTheHeaderWrittenAfterThem()
    {
        var g = new MispEventGenerator(1_000, 25);
        var c = await ReadAsync(g);
        Assert.Equal(1_000, c.Attributes);
        Assert.Equal(25, c.MispObjects);
        Assert.Empty(c.Rejected);
        Assert.Equal(g.Uuid, c.Header!.Uuid);
        // The event's tags stand after its attributes in the JSON; the first attribute already sees them.
        Assert.Equal(Tlp.Amber, c.Header.Tlp);
        Assert.Equal("CIRCL", c.Header.OrgcName);
        Assert.Equal(3, c.Header.Galaxies.Count);
        Assert.Equal(new DateOnly(2026, 3, 20), c.Header.Date);
    }

    [Fact]
    public async Task Map_5000AttributesOfEveryType_EveryObjectPassesStrictStixValidation()
    {
        var g = new MispEventGenerator(5_000, 100);
        var c = await ReadAsync(g);
        var errors = new List<string>();
        foreach (var o in c.Objects)
        {
            var result = StixValidator.Validate(JsonSerializer.SerializeToElement(o), Strict);
            if (!result.IsValid) errors.Add($"{o["id"]}: {result}");
        }
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));

        var byType = c.Objects.GroupBy(o => (string)o["type"]!).ToDictionary(x => x.Key, x => x.Count());
        var mapped = Enumerable.Range(0, 5_000).Where(i => MispEventGenerator.TypeOf(i) is not ("text" or "comment" or "btc" or "user-agent" or "vulnerability")).ToList();
        // Attributes with to_ids are indicators; the others observed data. Objects: file, domain-ip, url, network-connection map whole.
        var objectsWhole = Enumerable.Range(0, 100).Where(j => j % 5 != 4).ToList();
        // The unknown template (x509, every fifth object) is mapped attribute by attribute: its fingerprint as an indicator or observed data, its text as a note.
        Assert.Equal(mapped.Count(MispEventGenerator.ToIds) + objectsWhole.Count(j => j % 2 == 0) + 10, byType["indicator"]);
        Assert.Equal(mapped.Count(i => !MispEventGenerator.ToIds(i)) + objectsWhole.Count(j => j % 2 != 0) + 10, byType["observed-data"]);
        Assert.Equal(2, byType["attack-pattern"]);
        Assert.Equal(1, byType["report"]);
        Assert.True(byType["vulnerability"] > 0);
        Assert.Equal(Enumerable.Range(0, 5_000).Count(i => MispEventGenerator.UnmappedTypes.Contains(MispEventGenerator.TypeOf(i))),
            c.Mapper!.Unmapped["btc"] + c.Mapper.Unmapped["user-agent"]);
        Assert.Equal(20, c.Mapper.Unmapped["object:x509"]);
        Assert.Equal(1, c.Mapper.Unmapped["galaxy:threat-actor"]);
    }

    [Fact]
    public async Task Map_TlpTags_EventLevelOnEveryObjectAndAStricterAttributeTagWins()
    {
        var g = new MispEventGenerator(200);
        var c = await ReadAsync(g);
        string? Marking(string id) => c.Objects.Single(o => (string)o["id"]! == id)["object_marking_refs"]?.AsArray().Single()!.GetValue<string>();
        Assert.Equal(TlpMarkings.StixId(Tlp.AmberStrict), Marking($"observed-data--{g.AttributeUuid(0):D}"));
        Assert.Equal(TlpMarkings.StixId(Tlp.Amber), Marking($"indicator--{g.AttributeUuid(1):D}"));
        Assert.Equal(TlpMarkings.StixId(Tlp.Amber), Marking($"report--{g.Uuid:D}"));
        // Cyber observables carry their observed data's marking, so none falls to a looser collection default.
        Assert.All(c.Objects, o => Assert.NotNull(o["object_marking_refs"]));
    }

    [Theory]
    [InlineData("tlp:white", Tlp.Clear)]
    [InlineData("tlp:clear", Tlp.Clear)]
    [InlineData("TLP:GREEN", Tlp.Green)]
    [InlineData("tlp:amber", Tlp.Amber)]
    [InlineData("tlp:amber+strict", Tlp.AmberStrict)]
    [InlineData("tlp:red", Tlp.Red)]
    public void TlpOf_MispTag_OfficialLevel(string tag, Tlp expected) => Assert.Equal(expected, MispTags.TlpOf(tag));

    [Fact]
    public void TlpOf_OtherTag_IsNone()
    {
        Assert.Null(MispTags.TlpOf("tlp:ex:chr"));
        Assert.Null(MispTags.TlpOf("osint:source-type=\"blog-post\""));
    }

    [Fact]
    public async Task Map_Galaxy_AttackPatternWithMitreExternalId()
    {
        var c = await ReadAsync(new MispEventGenerator(1));
        var ap = c.Objects.Single(o => (string)o["type"]! == "attack-pattern" && (string)o["name"]! == "Spearphishing Attachment");
        Assert.Equal("attack-pattern--2b742742-28c3-4e1b-bab7-8350d6300fa7", (string)ap["id"]!);
        var reference = ap["external_references"]!.AsArray().Single()!;
        Assert.Equal("mitre-attack", (string)reference["source_name"]!);
        Assert.Equal("T1566.001", (string)reference["external_id"]!);
    }

    [Fact]
    public async Task Map_Patterns_NamedAsStixExpects()
    {
        var c = await ReadAsync(new MispEventGenerator(30, 10));
        string Pattern(string id) => (string)c.Objects.Single(o => (string)o["id"]! == id)["pattern"]!;
        var g = new MispEventGenerator(30, 10, uuid: c.Header!.Uuid);
        Assert.Equal("[ipv4-addr:value = '10.0.0.1']", Pattern($"indicator--{g.AttributeUuid(1):D}"));
        Assert.Equal($"[file:hashes.'SHA-256' = '{MispEventGenerator.ValueOf(7)}']", Pattern($"indicator--{g.AttributeUuid(7):D}"));
        Assert.Equal("[windows-registry-key:key = 'HKLM\\\\Software\\\\Evil\\\\k12']", Pattern($"indicator--{g.AttributeUuid(12):D}"));
        Assert.StartsWith("[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '10.0.0.14' AND network-traffic:dst_port = ",
            Pattern($"indicator--{g.AttributeUuid(14):D}"));
        Assert.Equal("[domain-name:value = 'obj6.example.org' AND domain-name:resolves_to_refs[*].value = '172.16.0.6']", Pattern($"indicator--{g.ObjectUuid(6):D}"));
        Assert.StartsWith("[file:hashes.MD5 = ", Pattern($"indicator--{g.ObjectUuid(0):D}"));
    }

    [Fact]
    public async Task RoundTrip_AttributesObjectsAndGalaxies_ComeBackAsTheyWere()
    {
        var g = new MispEventGenerator(48, 5);
        var c = await ReadAsync(g);
        var byId = c.Objects.ToDictionary(o => (string)o["id"]!, o => JsonSerializer.SerializeToElement(o));
        JsonElement? Lookup(string id) => byId.TryGetValue(id, out var e) ? e : null;
        var items = c.Refs.Select(r => StixMispMapper.Map(byId[r], Tlp.Amber, Lookup)!).ToList();
        var attributes = items.SelectMany(i => i.Attributes).ToDictionary(a => a.Uuid);
        for (var i = 0; i < 48; i++)
        {
            var a = attributes[g.AttributeUuid(i)];
            Assert.Equal(MispEventGenerator.TypeOf(i), a.Type);
            Assert.Equal(MispEventGenerator.ValueOf(i), a.Value);
            Assert.Equal("Network activity", a.Category);
            Assert.Equal(MispEventGenerator.ToIds(i), a.ToIds);
            Assert.Contains("tlp:amber", a.Tags);
        }
        var objects = items.Where(i => i.Object is not null).Select(i => i.Object!).ToDictionary(o => o.Uuid);
        Assert.Equal(4, objects.Count);
        var file = objects[g.ObjectUuid(0)];
        Assert.Equal("file", file.Name);
        Assert.Equal(["md5", "sha256", "filename", "size-in-bytes"], file.Attributes.Select(a => a.ObjectRelation));
        var clusters = items.Where(i => i.Cluster is not null).Select(i => i.Cluster!).ToList();
        Assert.Contains(clusters, x => x.Value == "Spearphishing Attachment - T1566.001" && x.ExternalIds.SequenceEqual(["T1566.001"]));

        var header = StixMispMapper.Header(JsonSerializer.SerializeToElement(c.Objects.Single(o => (string)o["type"]! == "report")), Tlp.Amber);
        Assert.Equal(g.Uuid, header.Uuid);
        Assert.Equal(c.Header!.Info, header.Info);
        Assert.Equal(c.Header.Date, header.Date);
        Assert.Equal("2", header.ThreatLevelId);
        Assert.Equal("1", header.Analysis);
        Assert.Equal(c.Header.Timestamp, header.Timestamp);
        Assert.Equal("CIRCL", header.OrgcName);
        Assert.Contains("tlp:amber", header.Tags);
        Assert.Contains("osint:source-type=\"blog-post\"", header.Tags);
    }

    [Fact]
    public void Map_NativeIndicatorAndObservedData_BecomeAttributes()
    {
        var indicator = JsonDocument.Parse("""
            {"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":"2026-04-01T09:30:00.000Z",
             "modified":"2026-04-01T09:30:00.000Z","pattern":"[domain-name:value = 'evil.example' AND domain-name:resolves_to_refs[*].value = '198.51.100.7']",
             "pattern_type":"stix","valid_from":"2026-04-01T09:30:00.000Z"}
            """).RootElement;
        var item = StixMispMapper.Map(indicator, Tlp.Green, _ => null)!;
        Assert.Equal([("domain", "evil.example", true), ("ip-dst", "198.51.100.7", true)], item.Attributes.Select(a => (a.Type, a.Value, a.ToIds)));
        Assert.Equal(Guid.Parse("8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"), item.Attributes[0].Uuid);

        var complex = JsonDocument.Parse("""
            {"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3e","pattern":"[ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY [url:value = 'http://x']","pattern_type":"stix","modified":"2026-04-01T09:30:00.000Z"}
            """).RootElement;
        Assert.Equal("stix2-pattern", StixMispMapper.Map(complex, Tlp.Green, _ => null)!.Attributes.Single().Type);

        var observed = JsonDocument.Parse("""
            {"type":"observed-data","id":"observed-data--0b7bc0ab-1d8c-4d6b-b1b6-9b7c1f4b5a11","modified":"2026-04-01T09:30:00.000Z",
             "object_refs":["file--1","domain-name--2"]}
            """).RootElement;
        var scos = new Dictionary<string, JsonElement>
        {
            ["file--1"] = JsonDocument.Parse("""{"type":"file","name":"a.exe","hashes":{"SHA-256":"aa"}}""").RootElement,
        };
        var attributes = StixMispMapper.Map(observed, Tlp.Green, id => scos.TryGetValue(id, out var e) ? e : null)!.Attributes;
        Assert.Equal([("filename", "a.exe"), ("sha256", "aa")], attributes.Select(a => (a.Type, a.Value)));
        Assert.All(attributes, a => Assert.False(a.ToIds));
    }

    [Fact]
    public async Task Read_50000Attributes_MemoryStaysBoundedAndTheBufferSmall()
    {
        var g = new MispEventGenerator(50_000);
        var c = new Collector(keep: false);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        c.OnAttribute = n =>
        {
            if (n % 10_000 == 0) peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
        };
        var reader = new MispEventReader();
        await using var stream = g.OpenStream();
        await reader.ReadAsync(stream, c, TestContext.Current.CancellationToken);
        var size = stream.Position;

        Assert.Equal(50_000, c.Attributes);
        Assert.True(size > 10_000_000, $"The generated document is {size} bytes.");
        // The reader never holds the document: its buffer stays at the initial 64 KiB (no element is larger).
        Assert.Equal(MispEventReader.InitialBufferBytes, reader.LargestBuffer);
        // What stays reachable while reading is a small fraction of the document.
        Assert.True(peak < 4_000_000, $"Retained memory grew by {peak} bytes while reading a {size}-byte document.");
    }

    [Theory]
    [InlineData("{\"Event\":{\"uuid\":\"7f2ad3a4-4e32-4a54-9e5a-7d1fbd0a1f11\",\"Attribute\":[{\"type\":\"ip-dst\"", "not valid JSON")]
    [InlineData("{\"Event\":{\"uuid\":\"7f2ad3a4-4e32-4a54-9e5a-7d1fbd0a1f11\",,}}", "not valid JSON")]
    [InlineData("[1,2,3]", "must be a JSON object")]
    [InlineData("{\"events\":[]}", "holds no event")]
    [InlineData("{\"Event\":[]}", "must be a JSON object")]
    [InlineData("{\"Event\":{\"info\":\"no uuid\"}}", "no valid 'uuid'")]
    [InlineData("{\"response\":{\"Event\":{}}}", "must be a list")]
    public async Task Read_BadDocument_FailsWithAReadableReason(string json, string reason)
    {
        var e = await Assert.ThrowsAsync<MispFormatException>(() => ReadAsync(json));
        Assert.Contains(reason, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Read_ElementLargerThanTheLimit_Fails()
    {
        var big = new string('a', 200_000);
        var json = "{\"Event\":{\"uuid\":\"7f2ad3a4-4e32-4a54-9e5a-7d1fbd0a1f11\",\"Attribute\":[{\"uuid\":\"7f2ad3a4-4e32-4a54-9e5a-7d1fbd0a1f12\",\"type\":\"text\",\"value\":\"" + big + "\"}]}}";
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var e = await Assert.ThrowsAsync<MispFormatException>(() => new MispEventReader { MaxElementBytes = 128 * 1024 }.ReadAsync(stream, new Collector(), TestContext.Current.CancellationToken));
        Assert.Contains("larger than 131072 bytes", e.Message);
    }

    [Fact]
    public async Task Read_ResponseListAndBadAttributes_EveryEventAndTheRejectedNamed()
    {
        var c = await ReadAsync("""
            {"response":[
              {"Event":{"uuid":"7f2ad3a4-4e32-4a54-9e5a-7d1fbd0a1f11","info":"one","Attribute":[{"type":"ip-dst","value":"1.2.3.4"}]}},
              {"Event":{"uuid":"7f2ad3a4-4e32-4a54-9e5a-7d1fbd0a1f12","info":"two","Attribute":[{"uuid":"7f2ad3a4-4e32-4a54-9e5a-7d1fbd0a1f13","type":"ip-dst","value":"1.2.3.5","to_ids":"1"}],"Tag":[{"name":"tlp:green"}]}}
            ]}
            """);
        Assert.Equal("two", c.Header!.Info);
        Assert.Equal(1, c.Attributes);
        Assert.Contains(c.Rejected, r => r.Contains("no valid 'uuid'", StringComparison.Ordinal));
        Assert.Contains(c.Objects, o => (string)o["id"]! == "indicator--7f2ad3a4-4e32-4a54-9e5a-7d1fbd0a1f13");
    }
}

/// <summary>
/// Tests that measure the process's retained memory (<see cref="GC.GetTotalMemory"/>) run alone, after
/// the parallel ones: other tests allocating at the same time would count against them.
/// </summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class MemoryMeasurements;
