using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Kizuna.Stix.Misp;

/// <summary>
/// Reads MISP core-format JSON — one event <c>{"Event":{…}}</c> or a list <c>{"response":[{"Event":{…}}, …]}</c>
/// — forward only with <see cref="Utf8JsonReader"/> over a small buffer, handing each attribute and
/// object to an <see cref="IMispEventHandler"/> as soon as it is read. Memory holds one element at a
/// time (the buffer grows only to fit the largest single attribute, object, tag or galaxy list, up
/// to <see cref="MaxElementBytes"/>), never the whole document, so an event of a million attributes
/// costs what one of ten does.
/// <para>
/// MISP writes an event's tags, galaxies and creator anywhere among its fields, often after the
/// attributes; every attribute needs the event's TLP first. So the stream is read twice: a first
/// pass takes each event's header and skips its attributes token by token, a second hands out the
/// attributes. The stream must therefore be seekable (a file, or the request body spooled to disk).
/// </para>
/// </summary>
public sealed class MispEventReader
{
    /// <summary>The buffer's initial size.</summary>
    public const int InitialBufferBytes = 64 * 1024;

    /// <summary>Largest single value (one attribute, object, tag list or galaxy list) accepted; the whole document may be far larger.</summary>
    public int MaxElementBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Most events in one document.</summary>
    public int MaxEvents { get; init; } = 10_000;

    /// <summary>The largest buffer this reader has used, in bytes: what streaming keeps in memory for the JSON.</summary>
    public int LargestBuffer { get; private set; }

    /// <summary>Reads every event of the document, calling the handler for each header, attribute and object in order.</summary>
    /// <exception cref="MispFormatException">Malformed JSON, or not MISP events.</exception>
    public async Task ReadAsync(Stream stream, IMispEventHandler handler, CancellationToken ct = default)
    {
        if (!stream.CanSeek) throw new ArgumentException("The MISP reader reads the stream twice; give it a seekable stream (a file, or the body spooled to disk).", nameof(stream));
        var origin = stream.Position;
        var headers = new List<MispEventHeader>();
        await WalkAsync(new Tokens(this, stream), headers, null, ct);
        stream.Position = origin;
        await WalkAsync(new Tokens(this, stream), headers, handler, ct);
    }

    private async Task WalkAsync(Tokens t, List<MispEventHeader> headers, IMispEventHandler? handler, CancellationToken ct)
    {
        var index = 0;
        await t.NextAsync(false, ct);
        if (t.Type != JsonTokenType.StartObject) throw Shape("The document must be a JSON object: {\"Event\":{…}} or {\"response\":[{\"Event\":{…}}, …]}.");
        while (true)
        {
            await t.NextAsync(true, ct);
            if (t.Type == JsonTokenType.EndObject) break;
            switch (t.Text)
            {
                case "Event":
                    await EventAsync(t, index++, headers, handler, ct);
                    break;
                case "response":
                    await t.NextAsync(false, ct);
                    if (t.Type != JsonTokenType.StartArray) throw Shape("'response' must be a list of {\"Event\":{…}}.");
                    while (!await t.EndOfArrayAsync(ct))
                    {
                        await t.NextAsync(false, ct);
                        if (t.Type != JsonTokenType.StartObject) throw Shape("Each element of 'response' must be {\"Event\":{…}}.");
                        while (true)
                        {
                            await t.NextAsync(true, ct);
                            if (t.Type == JsonTokenType.EndObject) break;
                            if (t.Text == "Event") await EventAsync(t, index++, headers, handler, ct);
                            else await t.SkipValueAsync(ct);
                        }
                    }
                    break;
                default:
                    await t.SkipValueAsync(ct);
                    break;
            }
        }
        if (index == 0) throw Shape("The document holds no event: expected {\"Event\":{…}} or {\"response\":[{\"Event\":{…}}, …]}.");
    }

    private async Task EventAsync(Tokens t, int index, List<MispEventHeader> headers, IMispEventHandler? handler, CancellationToken ct)
    {
        if (index >= MaxEvents) throw Shape($"The document holds more than {MaxEvents} events.");
        await t.NextAsync(false, ct);
        if (t.Type != JsonTokenType.StartObject) throw Shape($"Event #{index + 1} must be a JSON object.");
        var header = handler is null ? null : headers[index];
        var fields = handler is null ? new Dictionary<string, string>(StringComparer.Ordinal) : null;
        string? orgcName = null;
        Guid? orgcUuid = null;
        IReadOnlyList<string> tags = [];
        IReadOnlyList<MispGalaxyCluster> galaxies = [];
        if (header is not null) await handler!.BeginEventAsync(header, ct);
        while (true)
        {
            await t.NextAsync(true, ct);
            if (t.Type == JsonTokenType.EndObject) break;
            var name = t.Text!;
            if (fields is not null)
            {
                switch (name)
                {
                    case "uuid" or "info" or "date" or "threat_level_id" or "analysis" or "published" or "timestamp" or "publish_timestamp":
                        await t.NextAsync(true, ct);
                        if (t.Type is JsonTokenType.StartObject or JsonTokenType.StartArray) await t.SkipRestAsync(ct);
                        else if (t.Text is { } text) fields[name] = text;
                        break;
                    case "Orgc":
                        using (var doc = await t.ValueAsync(ct))
                        {
                            orgcName = Str(doc.RootElement, "name");
                            orgcUuid = Guid.TryParse(Str(doc.RootElement, "uuid"), out var ou) ? ou : null;
                        }
                        break;
                    case "Tag":
                        using (var doc = await t.ValueAsync(ct)) tags = TagNames(doc.RootElement);
                        break;
                    case "Galaxy":
                        using (var doc = await t.ValueAsync(ct)) galaxies = Galaxies(doc.RootElement);
                        break;
                    default:
                        await t.SkipValueAsync(ct);
                        break;
                }
            }
            else if (name is "Attribute" or "Object")
            {
                await t.NextAsync(false, ct);
                if (t.Type == JsonTokenType.Null) continue;
                if (t.Type != JsonTokenType.StartArray) throw Shape($"'{name}' of event {header!.Uuid} must be a list.");
                var position = 0;
                while (!await t.EndOfArrayAsync(ct))
                {
                    position++;
                    using var doc = await t.ValueAsync(ct);
                    if (name == "Attribute")
                    {
                        if (ReadAttribute(doc.RootElement, out var error) is { } a) await handler!.AttributeAsync(a, ct);
                        else await handler!.RejectedAsync($"Attribute #{position}", error!, ct);
                    }
                    else if (ReadObject(doc.RootElement, out var error) is { } o) await handler!.ObjectAsync(o, ct);
                    else await handler!.RejectedAsync($"Object #{position}", error!, ct);
                }
            }
            else await t.SkipValueAsync(ct);
        }
        if (fields is not null) headers.Add(Header(fields, index, orgcName, orgcUuid, tags, galaxies));
        else await handler!.EndEventAsync(header!, ct);
    }

    private static MispEventHeader Header(Dictionary<string, string> f, int index, string? orgcName, Guid? orgcUuid, IReadOnlyList<string> tags, IReadOnlyList<MispGalaxyCluster> galaxies)
    {
        if (!Guid.TryParse(f.GetValueOrDefault("uuid"), out var uuid)) throw Shape($"Event #{index + 1} has no valid 'uuid'.");
        var timestamp = Long(f.GetValueOrDefault("timestamp"));
        var date = DateOnly.TryParseExact(f.GetValueOrDefault("date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(Math.Max(0, timestamp)).UtcDateTime);
        var published = f.GetValueOrDefault("published") is "true" or "1" or "True";
        return new MispEventHeader(uuid, f.GetValueOrDefault("info") ?? "", date, f.GetValueOrDefault("threat_level_id") ?? "4", f.GetValueOrDefault("analysis") ?? "0",
            published, timestamp, Long(f.GetValueOrDefault("publish_timestamp")), orgcName, orgcUuid, tags, galaxies);
    }

    /// <summary>Reads one attribute element; null with the reason when it lacks what an attribute needs.</summary>
    public static MispAttribute? ReadAttribute(JsonElement e, out string? error)
    {
        error = null;
        if (e.ValueKind != JsonValueKind.Object) { error = "is not a JSON object."; return null; }
        var type = Str(e, "type");
        var value = Str(e, "value");
        if (!Guid.TryParse(Str(e, "uuid"), out var uuid)) { error = $"has no valid 'uuid' (type '{Cut(type)}')."; return null; }
        if (string.IsNullOrWhiteSpace(type)) { error = $"{uuid} has no 'type'."; return null; }
        if (string.IsNullOrEmpty(value)) { error = $"{uuid} ({Cut(type)}) has no 'value'."; return null; }
        return new MispAttribute(uuid, type.Trim(), Str(e, "category") ?? "Other", value, Bool(e, "to_ids"), NullIfEmpty(Str(e, "comment")),
            Long(Str(e, "timestamp")), e.TryGetProperty("Tag", out var tags) ? TagNames(tags) : [], NullIfEmpty(Str(e, "object_relation")));
    }

    /// <summary>Reads one object element with its attributes; null with the reason when it lacks a uuid or name.</summary>
    public static MispObject? ReadObject(JsonElement e, out string? error)
    {
        error = null;
        if (e.ValueKind != JsonValueKind.Object) { error = "is not a JSON object."; return null; }
        var name = Str(e, "name");
        if (!Guid.TryParse(Str(e, "uuid"), out var uuid)) { error = $"has no valid 'uuid' (object '{Cut(name)}')."; return null; }
        if (string.IsNullOrWhiteSpace(name)) { error = $"{uuid} has no 'name'."; return null; }
        var attributes = new List<MispAttribute>();
        if (e.TryGetProperty("Attribute", out var list) && list.ValueKind == JsonValueKind.Array)
            foreach (var a in list.EnumerateArray())
            {
                if (ReadAttribute(a, out var inner) is { } attribute) attributes.Add(attribute);
                else { error = $"{uuid} ({name}): an attribute {inner}"; return null; }
            }
        return new MispObject(uuid, name.Trim(), Str(e, "meta-category") ?? "misc", NullIfEmpty(Str(e, "comment")), Long(Str(e, "timestamp")), attributes);
    }

    private static List<string> TagNames(JsonElement tags)
    {
        var names = new List<string>();
        if (tags.ValueKind != JsonValueKind.Array) return names;
        foreach (var tag in tags.EnumerateArray())
            if (tag.ValueKind == JsonValueKind.Object && Str(tag, "name") is { Length: > 0 } n) names.Add(n);
            else if (tag.ValueKind == JsonValueKind.String && tag.GetString() is { Length: > 0 } s) names.Add(s);
        return names;
    }

    private static List<MispGalaxyCluster> Galaxies(JsonElement galaxies)
    {
        var clusters = new List<MispGalaxyCluster>();
        if (galaxies.ValueKind != JsonValueKind.Array) return clusters;
        foreach (var g in galaxies.EnumerateArray())
        {
            if (g.ValueKind != JsonValueKind.Object || !g.TryGetProperty("GalaxyCluster", out var list) || list.ValueKind != JsonValueKind.Array) continue;
            var galaxyType = Str(g, "type") ?? "";
            foreach (var c in list.EnumerateArray())
            {
                if (c.ValueKind != JsonValueKind.Object || Str(c, "value") is not { Length: > 0 } value) continue;
                var ids = new List<string>();
                if (c.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty("external_id", out var ext))
                {
                    if (ext.ValueKind == JsonValueKind.String) ids.Add(ext.GetString()!);
                    else if (ext.ValueKind == JsonValueKind.Array) ids.AddRange(ext.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!));
                }
                clusters.Add(new MispGalaxyCluster(Str(c, "type") ?? galaxyType, value, Str(c, "tag_name") ?? $"misp-galaxy:{galaxyType}=\"{value}\"",
                    Guid.TryParse(Str(c, "uuid"), out var u) ? u : null, ids, NullIfEmpty(Str(c, "description"))));
            }
        }
        return clusters;
    }

    private static string? Str(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var p)) return null;
        return p.ValueKind switch
        {
            JsonValueKind.String => p.GetString(),
            JsonValueKind.Number => p.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    private static bool Bool(JsonElement e, string name) => Str(e, name) is "true" or "1" or "True";

    private static long Long(string? s) => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : 0;

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static string Cut(string? s) => s is null ? "" : s.Length > 60 ? s[..60] + "…" : s;

    private static MispFormatException Shape(string message) => new(message);

    /// <summary>A forward-only token source over the stream: a buffer that is refilled, and grown only to fit one value.</summary>
    private sealed class Tokens(MispEventReader owner, Stream stream)
    {
        private byte[] _buffer = new byte[InitialBufferBytes];
        private int _start;
        private int _end;
        private bool _eof;
        private long _consumed;
        private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = 64 });

        public JsonTokenType Type { get; private set; }
        public string? Text { get; private set; }

        /// <summary>The next token; property names always, and with <paramref name="values"/> scalars too, as <see cref="Text"/>.</summary>
        public async ValueTask NextAsync(bool values, CancellationToken ct)
        {
            owner.LargestBuffer = Math.Max(owner.LargestBuffer, _buffer.Length);
            while (!TryNext(values))
            {
                if (_eof) throw new MispFormatException($"The JSON ends too early (after {_consumed} bytes).");
                await FillAsync(ct);
            }
        }

        /// <summary>Consumes a closing <c>]</c> if it comes next and says so; otherwise consumes nothing.</summary>
        public async ValueTask<bool> EndOfArrayAsync(CancellationToken ct)
        {
            JsonTokenType? next;
            while ((next = Peek()) is null)
            {
                if (_eof) throw new MispFormatException($"The JSON ends too early (after {_consumed} bytes).");
                await FillAsync(ct);
            }
            if (next != JsonTokenType.EndArray) return false;
            await NextAsync(false, ct);
            return true;
        }

        /// <summary>The next value, whole (one attribute, object, tag list…): it must fit in <see cref="MaxElementBytes"/>.</summary>
        public async ValueTask<JsonDocument> ValueAsync(CancellationToken ct)
        {
            JsonDocument? doc;
            while ((doc = TryValue()) is null)
            {
                if (_eof) throw new MispFormatException($"The JSON ends too early (after {_consumed} bytes).");
                await FillAsync(ct);
            }
            owner.LargestBuffer = Math.Max(owner.LargestBuffer, _buffer.Length);
            return doc;
        }

        /// <summary>Skips the next value token by token, however large (e.g. a list of a million attributes).</summary>
        public async ValueTask SkipValueAsync(CancellationToken ct)
        {
            await NextAsync(false, ct);
            if (Type is JsonTokenType.StartObject or JsonTokenType.StartArray) await SkipRestAsync(ct);
        }

        /// <summary>After a <c>{</c> or <c>[</c> was read: skips to its matching close.</summary>
        public async ValueTask SkipRestAsync(CancellationToken ct)
        {
            var depth = 1;
            while (depth > 0)
            {
                await NextAsync(false, ct);
                if (Type is JsonTokenType.StartObject or JsonTokenType.StartArray) depth++;
                else if (Type is JsonTokenType.EndObject or JsonTokenType.EndArray) depth--;
            }
        }

        private bool TryNext(bool values)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _eof, _state);
            try
            {
                if (!reader.Read()) return false;
                Type = reader.TokenType;
                Text = Type switch
                {
                    JsonTokenType.PropertyName => reader.GetString(),
                    JsonTokenType.String when values => reader.GetString(),
                    JsonTokenType.Number when values => Encoding.UTF8.GetString(reader.ValueSpan),
                    JsonTokenType.True when values => "true",
                    JsonTokenType.False when values => "false",
                    _ => null,
                };
            }
            catch (JsonException e)
            {
                throw Malformed(e);
            }
            Advance((int)reader.BytesConsumed, reader.CurrentState);
            return true;
        }

        private JsonTokenType? Peek()
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _eof, _state);
            try
            {
                return reader.Read() ? reader.TokenType : null;
            }
            catch (JsonException e)
            {
                throw Malformed(e);
            }
        }

        private JsonDocument? TryValue()
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            try
            {
                var probe = new Utf8JsonReader(span, _eof, _state);
                if (!probe.Read() || !probe.TrySkip()) return null;
                // A reader resumed from a state reports the previous token as current: step onto the value first.
                var reader = new Utf8JsonReader(span, _eof, _state);
                reader.Read();
                var doc = JsonDocument.ParseValue(ref reader);
                Advance((int)reader.BytesConsumed, reader.CurrentState);
                return doc;
            }
            catch (JsonException e)
            {
                throw Malformed(e);
            }
        }

        private void Advance(int bytes, JsonReaderState state)
        {
            _start += bytes;
            _consumed += bytes;
            _state = state;
        }

        private async ValueTask FillAsync(CancellationToken ct)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
            {
                if (_buffer.Length >= owner.MaxElementBytes)
                    throw new MispFormatException($"A single value of the document (near byte {_consumed}) is larger than {owner.MaxElementBytes} bytes.");
                Array.Resize(ref _buffer, (int)Math.Min(_buffer.Length * 2L, owner.MaxElementBytes));
            }
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), ct);
            if (read == 0) _eof = true;
            else _end += read;
        }

        private MispFormatException Malformed(JsonException e)
            => new($"The body is not valid JSON (after byte {_consumed}): {e.Message}", e);
    }
}
