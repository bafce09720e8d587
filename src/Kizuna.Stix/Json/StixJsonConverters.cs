using System.Text.Json;
using System.Text.Json.Serialization;
using Kizuna.Stix.Objects;

namespace Kizuna.Stix.Json;

/// <summary>Writes a <see cref="StixTimestamp"/> as written when read (RFC 3339, <c>Z</c>, same precision).</summary>
internal sealed class StixTimestampConverter : JsonConverter<StixTimestamp>
{
    public override StixTimestamp Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("A timestamp must be a string.");
        return StixTimestamp.TryParse(reader.GetString(), out var ts, out var error) ? ts : throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, StixTimestamp value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.ToString());
}

/// <summary>Reads and writes <see cref="StixList{T}"/> as a JSON array; a list of <see cref="StixObject"/> is dispatched on each object's <c>type</c>.</summary>
internal sealed class StixListConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert)
        => typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(StixList<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
        => (JsonConverter)Activator.CreateInstance(typeof(ListConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class ListConverter<T> : JsonConverter<StixList<T>>
    {
        public override StixList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("Expected a list.");
            var items = new List<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (typeof(T) == typeof(StixObject))
                {
                    var element = JsonElement.ParseValue(ref reader);
                    items.Add((T)(object)StixJson.ToObject(element, options));
                }
                else
                {
                    items.Add(JsonSerializer.Deserialize<T>(ref reader, options)!);
                }
            }
            return StixList.From(items);
        }

        public override void Write(Utf8JsonWriter writer, StixList<T> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value)
            {
                if (item is null) writer.WriteNullValue();
                else JsonSerializer.Serialize(writer, item, item.GetType(), options);
            }
            writer.WriteEndArray();
        }
    }
}

/// <summary>Reads and writes <see cref="StixMap{T}"/> as a JSON object, keeping key order.</summary>
internal sealed class StixMapConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert)
        => typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(StixMap<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
        => (JsonConverter)Activator.CreateInstance(typeof(MapConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class MapConverter<T> : JsonConverter<StixMap<T>>
    {
        public override StixMap<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Expected a dictionary.");
            var entries = new List<KeyValuePair<string, T>>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var key = reader.GetString()!;
                reader.Read();
                var value = typeof(T) == typeof(JsonElement)
                    ? (T)(object)JsonElement.ParseValue(ref reader)
                    : JsonSerializer.Deserialize<T>(ref reader, options)!;
                entries.Add(new(key, value));
            }
            return StixMap.From(entries);
        }

        public override void Write(Utf8JsonWriter writer, StixMap<T> value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var (key, item) in value)
            {
                writer.WritePropertyName(key);
                JsonSerializer.Serialize(writer, item, options);
            }
            writer.WriteEndObject();
        }
    }
}
