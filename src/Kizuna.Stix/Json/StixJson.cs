using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kizuna.Stix.Objects;
using Kizuna.Stix.Validation;

namespace Kizuna.Stix.Json;

/// <summary>
/// Reads and writes STIX 2.1 JSON. Reading is strict: the JSON is validated (<see cref="StixValidator"/>) before
/// any object is built, so an object in hand has passed every error-level rule. Property names are snake_case,
/// timestamps are written as read (RFC 3339 UTC with <c>Z</c>), properties not modelled are written back as read.
/// </summary>
public static class StixJson
{
    /// <summary>The serializer options used for STIX objects (snake_case names, nulls omitted, STIX converters).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = 64,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.Strict,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            MaxDepth = 64,
        };
        options.Converters.Add(new StixTimestampConverter());
        options.Converters.Add(new StixListConverterFactory());
        options.Converters.Add(new StixMapConverterFactory());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Parses one STIX object or bundle; throws <see cref="StixValidationException"/> listing every error.</summary>
    public static StixObject Parse(string json, StixValidationOptions? options = null)
        => TryParse(json, out var value, out var result, options) ? value! : throw new StixValidationException(result);

    /// <summary>Parses one STIX object or bundle from UTF-8 JSON; throws <see cref="StixValidationException"/> listing every error.</summary>
    public static StixObject Parse(Stream utf8Json, StixValidationOptions? options = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new StixValidationException(Malformed(e));
        }
        using (document)
        {
            return TryBuild(document.RootElement, out var value, out var result, options) ? value! : throw new StixValidationException(result);
        }
    }

    /// <summary>Parses and casts: the JSON must be an object of type <typeparamref name="T"/>.</summary>
    public static T Parse<T>(string json, StixValidationOptions? options = null) where T : StixObject
    {
        var value = Parse(json, options);
        return value as T ?? throw new StixValidationException(new ValidationResult(
            [new StixValidationIssue(StixSeverity.Error, value.Id, "type", $"expected a {typeof(T).Name}, got '{value.Type}'")], []));
    }

    /// <summary>Parses one STIX object or bundle without throwing; <paramref name="result"/> lists errors and warnings.</summary>
    public static bool TryParse(string json, out StixObject? value, out ValidationResult result, StixValidationOptions? options = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            value = null;
            result = Malformed(e);
            return false;
        }
        using (document) return TryBuild(document.RootElement, out value, out result, options);
    }

    /// <summary>Validates and builds an object from a JSON element.</summary>
    public static bool TryBuild(JsonElement json, out StixObject? value, out ValidationResult result, StixValidationOptions? options = null)
    {
        value = null;
        result = StixValidator.Validate(json, options);
        if (!result.IsValid) return false;
        try
        {
            value = ToObject(json, Options);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            var id = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            result = new ValidationResult([.. result.Errors, new StixValidationIssue(StixSeverity.Error, id, e is JsonException je ? je.Path : null, e.Message)], result.Warnings);
            return false;
        }
    }

    private static ValidationResult Malformed(JsonException e)
        => new([new StixValidationIssue(StixSeverity.Error, null, null,
            $"malformed JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {e.Message}")], []);

    /// <summary>Builds the C# object of an element (dispatching on <c>type</c>) without validating it.</summary>
    internal static StixObject ToObject(JsonElement json, JsonSerializerOptions options)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String)
            throw new JsonException("A STIX object needs a string 'type'.");
        var type = t.GetString()!;
        var value = (StixObject)json.Deserialize(StixTypes.ClrTypeOf(type), options)!;
        return value is CustomObject custom ? custom with { TypeName = type } : value;
    }

    /// <summary>Writes an object or bundle as STIX JSON.</summary>
    public static string Serialize(StixObject value, bool indented = false)
        => JsonSerializer.Serialize(value, value.GetType(), indented ? IndentedOptions.Value : Options);

    /// <summary>Writes an object or bundle as UTF-8 STIX JSON to a stream.</summary>
    public static void Serialize(Stream utf8Json, StixObject value, bool indented = false)
        => JsonSerializer.Serialize(utf8Json, value, value.GetType(), indented ? IndentedOptions.Value : Options);

    /// <summary>The object as a JSON element.</summary>
    public static JsonElement ToElement(StixObject value) => JsonSerializer.SerializeToElement(value, value.GetType(), Options);

    private static readonly Lazy<JsonSerializerOptions> IndentedOptions = new(() => new JsonSerializerOptions(Options) { WriteIndented = true });
}
