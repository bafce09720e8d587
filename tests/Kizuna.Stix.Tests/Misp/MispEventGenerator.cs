using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Kizuna.Stix.Tests.Misp;

/// <summary>
/// Realistic MISP events of any size, generated on the fly: attributes of many types (network,
/// hashes, files, e-mail, registry, AS, composite types, text, vulnerabilities and types with no STIX
/// mapping), with and without <c>to_ids</c>, some with their own stricter <c>tlp:*</c> tag; objects
/// (<c>file</c>, <c>domain-ip</c>, <c>url</c>, <c>network-connection</c> and an unknown template);
/// ATT&amp;CK and threat-actor galaxies; and the event's tags written after the attributes, as MISP
/// does. <see cref="OpenStream"/> produces the JSON chunk by chunk (never the whole document in memory).
/// Linked into Kizuna.Server.Tests.
/// </summary>
public sealed class MispEventGenerator(int attributes, int objects = 0, string eventTlp = "tlp:amber", Guid? uuid = null, long timestamp = 1_775_000_000)
{
    /// <summary>The attribute types generated, in rotation.</summary>
    public static readonly string[] Types =
    [
        "ip-dst", "ip-src", "domain", "hostname", "url", "md5", "sha1", "sha256", "filename", "filename|sha256", "email-src", "mutex",
        "regkey", "AS", "ip-dst|port", "domain|ip", "text", "comment", "btc", "user-agent", "vulnerability", "mac-address", "sha512", "email-dst",
    ];

    /// <summary>The types that have no STIX mapping (kept as notes and counted).</summary>
    public static readonly string[] UnmappedTypes = ["btc", "user-agent"];

    /// <summary>Every this-many attribute carries its own <c>tlp:amber+strict</c> tag.</summary>
    public const int StricterEvery = 50;

    public static readonly string[] TemplateNames = ["file", "domain-ip", "url", "network-connection", "x509"];

    public Guid Uuid { get; } = uuid ?? Guid.NewGuid();
    public int Attributes => attributes;
    public int Objects => objects;

    /// <summary>The attribute uuid of index i (stable for a given event uuid).</summary>
    public Guid AttributeUuid(int i) => Derive("attribute", i);

    public Guid ObjectUuid(int i) => Derive("object", i);

    public static string TypeOf(int i) => Types[i % Types.Length];

    public static bool ToIds(int i) => i % 5 != 0;

    public static string ValueOf(int i)
    {
        var ip = $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}";
        var h = Hex(i);
        return TypeOf(i) switch
        {
            "ip-dst" or "ip-src" => ip,
            "domain" => $"d{i}.example.org",
            "hostname" => $"host{i}.example.net",
            "url" => $"https://x{i}.example.com/path?q={i}",
            "md5" => h[..32],
            "sha1" => h[..40],
            "sha256" => h[..64],
            "sha512" => h,
            "filename" => $"dropper_{i}.exe",
            "filename|sha256" => $"payload_{i}.dll|{h[..64]}",
            "email-src" => $"phish{i}@example.org",
            "email-dst" => $"victim{i}@example.jp",
            "mutex" => $"Global\\mtx_{i}",
            "regkey" => $"HKLM\\Software\\Evil\\k{i}",
            "AS" => $"AS{64512 + i % 1000}",
            "ip-dst|port" => $"{ip}|{1024 + i % 60000}",
            "domain|ip" => $"r{i}.example.org|{ip}",
            "text" => $"Free text note {i}, it's quoted 'here'",
            "comment" => $"Analyst comment {i}",
            "btc" => $"1BoatSLRHtKNngkdXEeobR76b53LETtpy{i % 10}",
            "user-agent" => $"Mozilla/5.0 (EvilBot {i})",
            "vulnerability" => $"CVE-2026-{1000 + i % 9000}",
            "mac-address" => $"00:1a:2b:{i / 65536 % 256:x2}:{i / 256 % 256:x2}:{i % 256:x2}",
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>The document whole (for small events sent over HTTP).</summary>
    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        foreach (var chunk in Chunks()) buffer.Write(chunk);
        return buffer.ToArray();
    }

    /// <summary>A seekable stream over the generated document that holds one chunk at a time; seeking to 0 starts again.</summary>
    public Stream OpenStream() => new ChunkStream(this);

    /// <summary>The document as chunks of about a hundred attributes.</summary>
    public IEnumerable<byte[]> Chunks()
    {
        var buffer = new MemoryStream();
        var w = new Utf8JsonWriter(buffer);
        byte[] Take()
        {
            w.Flush();
            var bytes = buffer.ToArray();
            buffer.SetLength(0);
            return bytes;
        }
        w.WriteStartObject();
        w.WriteStartObject("Event");
        w.WriteString("id", "4711");
        w.WriteString("uuid", Uuid.ToString("D"));
        w.WriteString("info", $"Generated campaign {Uuid:N} (フィッシング)");
        w.WriteString("date", "2026-03-20");
        w.WriteString("threat_level_id", "2");
        w.WriteString("analysis", "1");
        w.WriteBoolean("published", true);
        w.WriteString("timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        w.WriteString("publish_timestamp", (timestamp + 60).ToString(CultureInfo.InvariantCulture));
        w.WriteStartObject("Orgc");
        w.WriteString("name", "CIRCL");
        w.WriteString("uuid", "55f6ea5e-2c60-40e5-964f-47a8950d210f");
        w.WriteEndObject();
        w.WriteStartArray("Attribute");
        for (var i = 0; i < attributes; i++)
        {
            w.WriteStartObject();
            w.WriteString("id", (i + 1).ToString(CultureInfo.InvariantCulture));
            w.WriteString("type", TypeOf(i));
            w.WriteString("category", "Network activity");
            w.WriteBoolean("to_ids", ToIds(i));
            w.WriteString("uuid", AttributeUuid(i).ToString("D"));
            w.WriteString("timestamp", (timestamp - 1000 + i % 500).ToString(CultureInfo.InvariantCulture));
            w.WriteString("comment", i % 7 == 0 ? $"seen in wave {i % 5}" : "");
            w.WriteString("value", ValueOf(i));
            w.WriteStartArray("Tag");
            if (i % StricterEvery == 0) WriteTag(w, "tlp:amber+strict");
            if (i % 11 == 0) WriteTag(w, "kill-chain:Delivery");
            w.WriteEndArray();
            w.WriteEndObject();
            if (i % 100 == 99) yield return Take();
        }
        w.WriteEndArray();
        w.WriteStartArray("Object");
        for (var j = 0; j < objects; j++)
        {
            var name = TemplateNames[j % TemplateNames.Length];
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("meta-category", name is "file" or "x509" ? "file" : "network");
            w.WriteString("uuid", ObjectUuid(j).ToString("D"));
            w.WriteString("timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            w.WriteString("comment", "");
            w.WriteStartArray("Attribute");
            var h = Hex(100_000 + j);
            var ip = $"172.16.{j / 256 % 256}.{j % 256}";
            var toIds = j % 2 == 0;
            switch (name)
            {
                case "file":
                    WriteObjectAttribute(w, j, 0, "md5", "md5", h[..32], toIds);
                    WriteObjectAttribute(w, j, 1, "sha256", "sha256", h[..64], toIds);
                    WriteObjectAttribute(w, j, 2, "filename", "filename", $"sample_{j}.bin", false);
                    WriteObjectAttribute(w, j, 3, "size-in-bytes", "size-in-bytes", (1000 + j).ToString(CultureInfo.InvariantCulture), false);
                    break;
                case "domain-ip":
                    WriteObjectAttribute(w, j, 0, "domain", "domain", $"obj{j}.example.org", toIds);
                    WriteObjectAttribute(w, j, 1, "ip-dst", "ip", ip, toIds);
                    break;
                case "url":
                    WriteObjectAttribute(w, j, 0, "url", "url", $"http://obj{j}.example.org/gate.php", toIds);
                    WriteObjectAttribute(w, j, 1, "domain", "domain", $"obj{j}.example.org", false);
                    break;
                case "network-connection":
                    WriteObjectAttribute(w, j, 0, "ip-src", "ip-src", $"192.168.{j / 256 % 256}.{j % 256}", false);
                    WriteObjectAttribute(w, j, 1, "ip-dst", "ip-dst", ip, toIds);
                    WriteObjectAttribute(w, j, 2, "port", "dst-port", "443", false);
                    WriteObjectAttribute(w, j, 3, "text", "layer4-protocol", "TCP", false);
                    break;
                default:
                    WriteObjectAttribute(w, j, 0, "x509-fingerprint-sha1", "x509-fingerprint-sha1", h[..40], toIds);
                    WriteObjectAttribute(w, j, 1, "text", "issuer", $"CN=Evil CA {j}", false);
                    break;
            }
            w.WriteEndArray();
            w.WriteEndObject();
            if (j % 50 == 49) yield return Take();
        }
        w.WriteEndArray();
        w.WriteStartArray("Galaxy");
        WriteGalaxy(w, "mitre-attack-pattern", "Attack Pattern",
            ("Spearphishing Attachment - T1566.001", "T1566.001", "2b742742-28c3-4e1b-bab7-8350d6300fa7"),
            ("Command and Scripting Interpreter - T1059", "T1059", "7385dfaf-6886-4229-9ecd-6fd678040830"));
        WriteGalaxy(w, "threat-actor", "Threat Actor", ("APT-Example", null, "c5b8f2a4-9f0e-4c59-8e57-3c5fb0a0f0a1"));
        w.WriteEndArray();
        w.WriteStartArray("Tag");
        WriteTag(w, eventTlp);
        WriteTag(w, "osint:source-type=\"blog-post\"");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        yield return Take();
    }

    private void WriteObjectAttribute(Utf8JsonWriter w, int obj, int k, string type, string relation, string value, bool toIds)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteString("object_relation", relation);
        w.WriteString("category", "Payload delivery");
        w.WriteBoolean("to_ids", toIds);
        w.WriteString("uuid", Derive("object-attribute", obj * 10 + k).ToString("D"));
        w.WriteString("timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        w.WriteString("value", value);
        w.WriteEndObject();
    }

    private static void WriteGalaxy(Utf8JsonWriter w, string type, string name, params (string Value, string? ExternalId, string Uuid)[] clusters)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteString("name", name);
        w.WriteStartArray("GalaxyCluster");
        foreach (var c in clusters)
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WriteString("value", c.Value);
            w.WriteString("tag_name", $"misp-galaxy:{type}=\"{c.Value}\"");
            w.WriteString("uuid", c.Uuid);
            w.WriteStartObject("meta");
            if (c.ExternalId is not null)
            {
                w.WriteStartArray("external_id");
                w.WriteStringValue(c.ExternalId);
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteTag(Utf8JsonWriter w, string name)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("colour", "#ffffff");
        w.WriteEndObject();
    }

    private Guid Derive(string kind, int i)
    {
        var bytes = MD5.HashData(Encoding.UTF8.GetBytes($"{Uuid:D}/{kind}/{i}"));
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    private static string Hex(int i)
    {
        return Convert.ToHexStringLower(SHA512.HashData(BitConverter.GetBytes(i)));
    }

    /// <summary>Reads the chunks in order; counts what it hands out; seeking to 0 starts the generator again.</summary>
    private sealed class ChunkStream(MispEventGenerator generator) : Stream
    {
        private IEnumerator<byte[]> _chunks = generator.Chunks().GetEnumerator();
        private byte[] _current = [];
        private int _offset;
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException("The generated document's length is not known in advance.");

        public override long Position
        {
            get => _position;
            set
            {
                if (value != 0) throw new NotSupportedException("The generated document can only start again from 0.");
                _chunks.Dispose();
                _chunks = generator.Chunks().GetEnumerator();
                (_current, _offset, _position) = ([], 0, 0);
            }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (_offset == _current.Length)
            {
                if (!_chunks.MoveNext()) return 0;
                (_current, _offset) = (_chunks.Current, 0);
            }
            var n = Math.Min(count, _current.Length - _offset);
            Array.Copy(_current, _offset, buffer, offset, n);
            _offset += n;
            _position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin)
        {
            if (origin != SeekOrigin.Begin) throw new NotSupportedException();
            Position = offset;
            return 0;
        }

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _chunks.Dispose();
            base.Dispose(disposing);
        }
    }
}
