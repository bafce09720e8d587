using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kizuna.Stix.Json;
using Kizuna.Stix.Objects;

namespace Kizuna.Stix.Validation;

/// <summary>
/// Strict STIX 2.1 validation of JSON (before any object is built) and of objects built in code.
/// MUST rules of the specification are errors, SHOULD rules warnings; each finding names the object id
/// and the property. The rules are listed in docs/stix.md.
/// </summary>
public static partial class StixValidator
{
    /// <summary>Validates an object built in code (by writing it as JSON and validating that).</summary>
    public static ValidationResult Validate(StixObject value, StixValidationOptions? options = null)
        => Validate(StixJson.ToElement(value), options);

    /// <summary>Validates one STIX object or a bundle given as JSON.</summary>
    public static ValidationResult Validate(JsonElement json, StixValidationOptions? options = null)
    {
        var context = new Context(options ?? StixValidationOptions.Default);
        context.TopLevel(json, inBundle: false);
        return new ValidationResult(context.Errors, context.Warnings);
    }

    [GeneratedRegex("^[a-z0-9-]{3,250}$")]
    private static partial Regex TypeName();

    [GeneratedRegex("^[a-z0-9_]{3,250}$")]
    private static partial Regex PropertyName();

    [GeneratedRegex("^([a-z0-9-]{3,250})--([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")]
    private static partial Regex Identifier();

    [GeneratedRegex("^([0-9a-f]{2}:){5}[0-9a-f]{2}$")]
    private static partial Regex MacAddress();

    [GeneratedRegex("^[0-9a-fA-F]+$")]
    private static partial Regex Hex();

    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, Type>> Contracts = new();

    /// <summary>The JSON property names (and C# types) a modelled type knows.</summary>
    internal static IReadOnlyDictionary<string, Type> PropertiesOf(Type type) => Contracts.GetOrAdd(type, t =>
        StixJson.Options.GetTypeInfo(t).Properties.Where(p => !p.IsExtensionData)
            .ToDictionary(p => p.Name, p => p.PropertyType, StringComparer.Ordinal));

    private static readonly Dictionary<string, string[]> Required = new(StringComparer.Ordinal)
    {
        ["attack-pattern"] = ["name"],
        ["campaign"] = ["name"],
        ["course-of-action"] = ["name"],
        ["grouping"] = ["context", "object_refs"],
        ["identity"] = ["name"],
        ["incident"] = ["name"],
        ["indicator"] = ["pattern", "pattern_type", "valid_from"],
        ["infrastructure"] = ["name"],
        ["intrusion-set"] = ["name"],
        ["location"] = [],
        ["malware"] = ["is_family"],
        ["malware-analysis"] = ["product"],
        ["note"] = ["content", "object_refs"],
        ["observed-data"] = ["first_observed", "last_observed", "number_observed"],
        ["opinion"] = ["opinion", "object_refs"],
        ["report"] = ["name", "published", "object_refs"],
        ["threat-actor"] = ["name"],
        ["tool"] = ["name"],
        ["vulnerability"] = ["name"],
        ["relationship"] = ["relationship_type", "source_ref", "target_ref"],
        ["sighting"] = ["sighting_of_ref"],
        ["autonomous-system"] = ["number"],
        ["directory"] = ["path"],
        ["domain-name"] = ["value"],
        ["email-addr"] = ["value"],
        ["email-message"] = ["is_multipart"],
        ["ipv4-addr"] = ["value"],
        ["ipv6-addr"] = ["value"],
        ["mac-addr"] = ["value"],
        ["mutex"] = ["name"],
        ["network-traffic"] = ["protocols"],
        ["software"] = ["name"],
        ["url"] = ["value"],
        ["language-content"] = ["object_ref", "contents"],
        ["extension-definition"] = ["created_by_ref", "name", "schema", "version", "extension_types"],
        [nameof(ExternalReference)] = ["source_name"],
        [nameof(KillChainPhase)] = ["kill_chain_name", "phase_name"],
        [nameof(GranularMarking)] = ["selectors"],
    };

    // Reference constraints: allowed target types; "sdo", "sco", "sro" stand for whole kinds, "any" for any object
    // and "custom" admits types this library does not model (they may be custom SDOs or SCOs).
    private static readonly Dictionary<string, string[]> RefTargets = new(StringComparer.Ordinal)
    {
        ["*.created_by_ref"] = ["identity"],
        ["*.object_marking_refs"] = ["marking-definition"],
        ["*.marking_ref"] = ["marking-definition"],
        ["grouping.object_refs"] = ["any"],
        ["note.object_refs"] = ["any"],
        ["opinion.object_refs"] = ["any"],
        ["report.object_refs"] = ["any"],
        ["language-content.object_ref"] = ["any"],
        ["malware.operating_system_refs"] = ["software"],
        ["malware.sample_refs"] = ["file", "artifact"],
        ["malware-analysis.host_vm_ref"] = ["software"],
        ["malware-analysis.operating_system_ref"] = ["software"],
        ["malware-analysis.installed_software_refs"] = ["software"],
        ["malware-analysis.analysis_sco_refs"] = ["sco", "custom"],
        ["malware-analysis.sample_ref"] = ["file", "network-traffic", "artifact"],
        ["observed-data.object_refs"] = ["sco", "sro", "custom"],
        ["relationship.source_ref"] = ["sdo", "sco", "custom"],
        ["relationship.target_ref"] = ["sdo", "sco", "custom"],
        ["sighting.sighting_of_ref"] = ["sdo", "custom"],
        ["sighting.observed_data_refs"] = ["observed-data"],
        ["sighting.where_sighted_refs"] = ["identity", "location"],
        ["directory.contains_refs"] = ["file", "directory"],
        ["domain-name.resolves_to_refs"] = ["ipv4-addr", "ipv6-addr", "domain-name"],
        ["email-addr.belongs_to_ref"] = ["user-account"],
        ["email-message.from_ref"] = ["email-addr"],
        ["email-message.sender_ref"] = ["email-addr"],
        ["email-message.to_refs"] = ["email-addr"],
        ["email-message.cc_refs"] = ["email-addr"],
        ["email-message.bcc_refs"] = ["email-addr"],
        ["email-message.raw_email_ref"] = ["artifact"],
        ["email-message.body_raw_ref"] = ["artifact", "file"],
        ["file.parent_directory_ref"] = ["directory"],
        ["file.contains_refs"] = ["sco", "custom"],
        ["file.content_ref"] = ["artifact"],
        ["ipv4-addr.resolves_to_refs"] = ["mac-addr"],
        ["ipv4-addr.belongs_to_refs"] = ["autonomous-system"],
        ["ipv6-addr.resolves_to_refs"] = ["mac-addr"],
        ["ipv6-addr.belongs_to_refs"] = ["autonomous-system"],
        ["network-traffic.src_ref"] = ["ipv4-addr", "ipv6-addr", "mac-addr", "domain-name"],
        ["network-traffic.dst_ref"] = ["ipv4-addr", "ipv6-addr", "mac-addr", "domain-name"],
        ["network-traffic.src_payload_ref"] = ["artifact"],
        ["network-traffic.dst_payload_ref"] = ["artifact"],
        ["network-traffic.encapsulates_refs"] = ["network-traffic"],
        ["network-traffic.encapsulated_by_ref"] = ["network-traffic"],
        ["process.opened_connection_refs"] = ["network-traffic"],
        ["process.creator_user_ref"] = ["user-account"],
        ["process.image_ref"] = ["file"],
        ["process.parent_ref"] = ["process"],
        ["process.child_refs"] = ["process"],
        ["windows-registry-key.creator_user_ref"] = ["user-account"],
    };

    /// <summary>Closed vocabularies (enumerations) the specification makes mandatory; open vocabularies are accepted as they are.</summary>
    internal static readonly IReadOnlyDictionary<string, string[]> Enumerations = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["opinion.opinion"] = ["strongly-disagree", "disagree", "neutral", "agree", "strongly-agree"],
        ["artifact.encryption_algorithm"] = ["AES-256-GCM", "ChaCha20-Poly1305", "mime-type-indicated"],
        ["extension-definition.extension_types"] = ["new-sdo", "new-sco", "new-sro", "property-extension", "toplevel-property-extension"],
        ["windows-registry-key.data_type"] = ["REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD", "REG_DWORD_BIG_ENDIAN",
            "REG_DWORD_LITTLE_ENDIAN", "REG_LINK", "REG_MULTI_SZ", "REG_RESOURCE_LIST", "REG_FULL_RESOURCE_DESCRIPTION",
            "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD", "REG_INVALID_TYPE"],
    };

    private static readonly Dictionary<string, int> HashHexLengths = new(StringComparer.Ordinal)
    {
        ["MD5"] = 32, ["SHA-1"] = 40, ["SHA-256"] = 64, ["SHA-512"] = 128, ["SHA3-256"] = 64, ["SHA3-512"] = 128,
    };

    private static readonly string[] ExtensionTypes = ["new-sdo", "new-sco", "new-sro", "property-extension", "toplevel-property-extension"];

    private sealed class Context(StixValidationOptions options)
    {
        public List<StixValidationIssue> Errors { get; } = [];
        public List<StixValidationIssue> Warnings { get; } = [];
        private string? _id;
        private string _type = "";

        private void Error(string? property, string message) => Errors.Add(new(StixSeverity.Error, _id, property, message));
        private void Warn(string? property, string message) => Warnings.Add(new(StixSeverity.Warning, _id, property, message));

        public void TopLevel(JsonElement json, bool inBundle)
        {
            _id = null;
            _type = "";
            if (json.ValueKind != JsonValueKind.Object)
            {
                Error(null, $"a STIX object must be a JSON object, not {Describe(json.ValueKind)}");
                return;
            }
            var typeOk = json.TryGetProperty("type", out var typeEl) && typeEl.ValueKind == JsonValueKind.String;
            var type = typeOk ? typeEl.GetString()! : "";
            if (json.TryGetProperty("id", out var idEl) && idEl.ValueKind == JsonValueKind.String) _id = idEl.GetString();
            _type = type;

            if (!typeOk) Error("type", json.TryGetProperty("type", out _) ? "must be a string" : "is required");
            else if (!TypeName().IsMatch(type)) Error("type", $"'{type}' is not a valid type name (3–250 characters of a–z, 0–9 and '-')");

            var kind = StixTypes.KindOf(type);
            if (kind == StixObjectKind.Bundle)
            {
                if (inBundle) { Error("type", "a bundle must not contain a bundle"); return; }
                Bundle(json);
                return;
            }
            CheckId(json, type, kind);
            if (!typeOk) return;

            if (kind == StixObjectKind.Custom) { CustomObject(json, type); return; }

            var clrType = StixTypes.ClrTypeOf(type);
            var hasToplevelExtension = HasToplevelPropertyExtension(json);
            Node(json, clrType, "", type, hasToplevelExtension, isTopLevel: true);
            foreach (var name in Required.GetValueOrDefault(type, []))
                if (!Present(json, name)) Error(name, "is required");

            switch (kind)
            {
                case StixObjectKind.Domain or StixObjectKind.Relationship or StixObjectKind.LanguageContent or StixObjectKind.ExtensionDefinition:
                    Versioned(json);
                    break;
                case StixObjectKind.CyberObservable:
                    SpecVersion(json, required: false);
                    break;
                case StixObjectKind.MarkingDefinition:
                    Marking(json);
                    break;
            }
            TypeRules(json, type);
        }

        private void Bundle(JsonElement json)
        {
            var bundleId = _id;
            CheckId(json, "bundle", StixObjectKind.Bundle);
            foreach (var p in json.EnumerateObject())
            {
                if (p.Name is "type" or "id" or "objects") continue;
                if (p.Name == "spec_version") Warn("spec_version", "bundles have no spec_version in STIX 2.1 (it is a STIX 2.0 property)");
                else CustomPropertyName(p.Name, hasToplevelExtension: false);
            }
            if (!json.TryGetProperty("objects", out var objects)) return;
            if (objects.ValueKind != JsonValueKind.Array) { Error("objects", "must be a list of objects"); return; }
            if (objects.GetArrayLength() == 0) { Error("objects", "must not be an empty list (leave it out instead)"); return; }
            if (objects.GetArrayLength() > options.MaxBundleObjects)
            {
                Error("objects", $"holds {objects.GetArrayLength()} objects, more than the limit of {options.MaxBundleObjects}");
                return;
            }
            var seen = new HashSet<(string, string)>();
            foreach (var item in objects.EnumerateArray())
            {
                TopLevel(item, inBundle: true);
                if (_id is not null)
                {
                    var modified = item.TryGetProperty("modified", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
                    if (!seen.Add((_id, modified))) Warn(null, "appears more than once in the bundle with the same modified");
                }
            }
            _id = bundleId;
        }

        private void CheckId(JsonElement json, string type, StixObjectKind kind)
        {
            if (!json.TryGetProperty("id", out var idEl)) { Error("id", "is required"); return; }
            if (idEl.ValueKind != JsonValueKind.String) { Error("id", "must be a string"); return; }
            var id = idEl.GetString()!;
            var match = Identifier().Match(id);
            if (!match.Success) { Error("id", $"'{id}' is not of the form type--UUID"); return; }
            if (type.Length > 0 && match.Groups[1].Value != type) { Error("id", $"the id's type '{match.Groups[1].Value}' does not match the object's type '{type}'"); return; }
            var uuid = match.Groups[2].Value;
            if (!UuidShape(uuid, out var version, out var reason)) { Error("id", reason!); return; }
            if (kind == StixObjectKind.CyberObservable)
            {
                if (version is not (4 or 5)) Warn("id", $"an SCO id SHOULD be a UUIDv5 (or v4), not v{version}");
                var expected = StixIds.DeterministicId(json);
                if (expected is not null && !string.Equals(expected, id, StringComparison.OrdinalIgnoreCase))
                {
                    Warn("id", version == 5
                        ? $"is a UUIDv5 but not the one of its ID-contributing properties (expected {expected})"
                        : $"SHOULD be the UUIDv5 of its ID-contributing properties ({expected})");
                }
            }
            else if (kind != StixObjectKind.Custom && version != 4)
            {
                Warn("id", $"SHOULD be a UUIDv4, not v{version}");
            }
        }

        private static bool UuidShape(string uuid, out int version, out string? reason)
        {
            version = 0;
            reason = null;
            if (uuid.Trim('0', '-').Length == 0) { reason = "the nil UUID is not a valid identifier"; return false; }
            version = Convert.ToInt32(uuid[14].ToString(), 16);
            var variant = char.ToLowerInvariant(uuid[19]);
            if (variant is not ('8' or '9' or 'a' or 'b')) { reason = $"'{uuid}' is not an RFC 4122 UUID (variant bits)"; return false; }
            if (version is < 1 or > 8) { reason = $"'{uuid}' is not an RFC 4122 UUID (version {version})"; return false; }
            return true;
        }

        private void CustomObject(JsonElement json, string type)
        {
            var hasToplevel = HasToplevelPropertyExtension(json);
            foreach (var p in json.EnumerateObject())
            {
                if (p.Name is "type" or "id") continue;
                if (!PropertyName().IsMatch(p.Name)) Error(p.Name, "is not a valid property name (3–250 characters of a–z, 0–9 and '_')");
            }
            if (!type.StartsWith("x-", StringComparison.Ordinal) && !hasToplevel && !HasNewObjectExtension(json))
                Warn("type", $"'{type}' is not a STIX 2.1 type; a custom object type SHOULD start with 'x-' or be defined by an extension definition");
            // Common properties a custom object carries are checked like those of modelled objects.
            if (json.TryGetProperty("spec_version", out var sv) && (sv.ValueKind != JsonValueKind.String || sv.GetString() != "2.1"))
                Error("spec_version", "must be \"2.1\"");
            foreach (var name in (string[])["created", "modified"])
                if (json.TryGetProperty(name, out var ts)) Timestamp(name, ts, millis: true);
            if (json.TryGetProperty("created_by_ref", out var cbr)) Reference("created_by_ref", cbr, "*.created_by_ref");
            if (json.TryGetProperty("object_marking_refs", out var omr)) ReferenceList("object_marking_refs", omr, "*.object_marking_refs");
            if (json.TryGetProperty("confidence", out var conf)) Confidence(conf);
            Order(json, "created", "modified", allowEqual: true);
            if (json.TryGetProperty("extensions", out var ext)) Extensions(ext, "extensions");
        }

        private void Node(JsonElement json, Type clrType, string path, string ownerType, bool hasToplevelExtension, bool isTopLevel)
        {
            var known = PropertiesOf(clrType);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in json.EnumerateObject())
            {
                var where = path + p.Name;
                if (!seen.Add(p.Name)) { Error(where, "appears more than once"); continue; }
                if (known.TryGetValue(p.Name, out var propertyType))
                {
                    if (isTopLevel && p.Name is "type" or "id") continue;
                    Value(p.Value, propertyType, where, p.Name, ownerType);
                }
                else if (isTopLevel && StixTypes.KindOf(ownerType) == StixObjectKind.CyberObservable && p.Name is "revoked" or "created" or "modified" or "created_by_ref")
                {
                    Error(where, $"'{p.Name}' is not a property of cyber-observable objects (only SDOs and SROs are versioned)");
                }
                else if (isTopLevel && ownerType == "marking-definition" && p.Name is "revoked" or "modified")
                {
                    Error(where, "marking definitions cannot be versioned or revoked");
                }
                else if (PropertyName().IsMatch(p.Name) || !isTopLevel)
                {
                    if (isTopLevel) CustomPropertyName(p.Name, hasToplevelExtension);
                }
                else
                {
                    Error(where, "is not a valid property name (3–250 characters of a–z, 0–9 and '_')");
                }
            }
            var nestedRequired = Required.GetValueOrDefault(clrType.Name);
            if (!isTopLevel && nestedRequired is not null)
                foreach (var name in nestedRequired)
                    if (!Present(json, name)) Error(path + name, "is required");
            if (clrType == typeof(ExternalReference) && !Present(json, "description") && !Present(json, "url") && !Present(json, "external_id"))
                Error(path.TrimEnd('.'), "an external reference needs description, url or external_id");
            if (clrType == typeof(GranularMarking) && Present(json, "lang") == Present(json, "marking_ref"))
                Error(path.TrimEnd('.'), "a granular marking needs exactly one of lang and marking_ref");
            if (clrType == typeof(EmailMimeComponent) && Present(json, "body") == Present(json, "body_raw_ref"))
                Error(path.TrimEnd('.'), "a MIME part needs exactly one of body and body_raw_ref");
            if (clrType == typeof(WindowsRegistryValue) && json.TryGetProperty("data_type", out var dt) && dt.ValueKind == JsonValueKind.String)
                Enumeration(path + "data_type", dt.GetString()!, "windows-registry-key.data_type");
        }

        private void CustomPropertyName(string name, bool hasToplevelExtension)
        {
            if (!PropertyName().IsMatch(name))
                Error(name, "is not a valid property name (3–250 characters of a–z, 0–9 and '_')");
            else if (!name.StartsWith("x_", StringComparison.Ordinal) && !hasToplevelExtension)
                Warn(name, "is not a property of this type; a custom property SHOULD start with 'x_' or come from a toplevel-property-extension");
        }

        private void Value(JsonElement value, Type type, string where, string name, string ownerType)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (value.ValueKind == JsonValueKind.Null) { Error(where, "must not be null (leave the property out instead)"); return; }
            if (type == typeof(string))
            {
                if (value.ValueKind != JsonValueKind.String) { Error(where, "must be a string"); return; }
                if (name.EndsWith("_ref", StringComparison.Ordinal)) Reference(where, value, RefKey(ownerType, name));
            }
            else if (type == typeof(StixTimestamp)) Timestamp(where, value, millis: false);
            else if (type == typeof(bool)) { if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) Error(where, "must be true or false"); }
            else if (type == typeof(int)) { if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out _)) Error(where, "must be an integer (32-bit)"); }
            else if (type == typeof(long)) { if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out _)) Error(where, "must be an integer"); }
            else if (type == typeof(double)) { if (value.ValueKind != JsonValueKind.Number) Error(where, "must be a number"); }
            else if (type == typeof(JsonElement)) { }
            else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(StixList<>))
            {
                if (value.ValueKind != JsonValueKind.Array) { Error(where, "must be a list"); return; }
                if (value.GetArrayLength() == 0) { Error(where, "must not be an empty list (leave the property out instead)"); return; }
                var itemType = type.GetGenericArguments()[0];
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var itemWhere = $"{where}[{i++}]";
                    if (itemType == typeof(string) && name.EndsWith("_refs", StringComparison.Ordinal))
                    {
                        if (item.ValueKind != JsonValueKind.String) Error(itemWhere, "must be a string");
                        else Reference(itemWhere, item, RefKey(ownerType, name));
                    }
                    else Value(item, itemType, itemWhere, name, ownerType);
                }
                if (Enumerations.TryGetValue(ownerType + "." + name, out _))
                    foreach (var item in value.EnumerateArray())
                        if (item.ValueKind == JsonValueKind.String) Enumeration(where, item.GetString()!, ownerType + "." + name);
            }
            else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(StixMap<>))
            {
                if (value.ValueKind != JsonValueKind.Object) { Error(where, "must be a dictionary (JSON object)"); return; }
                var count = 0;
                var valueType = type.GetGenericArguments()[0];
                foreach (var entry in value.EnumerateObject())
                {
                    count++;
                    if (entry.Name.Length > 250) Error(where, "has a key longer than 250 characters");
                    if (valueType != typeof(JsonElement)) Value(entry.Value, valueType, $"{where}.{entry.Name}", entry.Name, ownerType);
                }
                if (count == 0) { Error(where, "must not be an empty dictionary (leave the property out instead)"); return; }
                if (name == "hashes") Hashes(value, where);
                if (name == "extensions") Extensions(value, where);
            }
            else if (typeof(StixNode).IsAssignableFrom(type))
            {
                if (value.ValueKind != JsonValueKind.Object) { Error(where, "must be an object"); return; }
                Node(value, type, where + ".", ownerType, hasToplevelExtension: false, isTopLevel: false);
            }
        }

        private static string RefKey(string ownerType, string name)
            => name is "created_by_ref" or "object_marking_refs" or "marking_ref" ? "*." + name : ownerType + "." + name;

        private void Reference(string where, JsonElement value, string key)
        {
            var id = value.GetString()!;
            var match = Identifier().Match(id);
            if (!match.Success) { Error(where, $"'{id}' is not an identifier of the form type--UUID"); return; }
            if (!UuidShape(match.Groups[2].Value, out _, out var reason)) { Error(where, reason!); return; }
            if (!RefTargets.TryGetValue(key, out var allowed) || allowed.Contains("any")) return;
            var target = match.Groups[1].Value;
            var kind = StixTypes.KindOf(target);
            var ok = allowed.Contains(target)
                || (allowed.Contains("sdo") && kind == StixObjectKind.Domain)
                || (allowed.Contains("sco") && kind == StixObjectKind.CyberObservable)
                || (allowed.Contains("sro") && kind == StixObjectKind.Relationship)
                || (allowed.Contains("custom") && kind == StixObjectKind.Custom);
            if (!ok) Error(where, $"must refer to {Describe(allowed)}, not to a '{target}'");
        }

        private void ReferenceList(string where, JsonElement value, string key)
        {
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0) { Error(where, "must be a non-empty list of identifiers"); return; }
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String) Error($"{where}[{i}]", "must be a string");
                else Reference($"{where}[{i}]", item, key);
                i++;
            }
        }

        private static string Describe(string[] allowed) => string.Join(" or ", allowed.Select(a => a switch
        {
            "sdo" => "an SDO",
            "sco" => "an SCO",
            "sro" => "an SRO",
            "custom" => "a custom object",
            _ => $"a '{a}'",
        }));

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Array => "a list",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            _ => "nothing",
        };

        private StixTimestamp? Timestamp(string where, JsonElement value, bool millis)
        {
            if (value.ValueKind != JsonValueKind.String) { Error(where, "must be a timestamp string"); return null; }
            if (!StixTimestamp.TryParse(value.GetString(), out var ts, out var error)) { Error(where, error!); return null; }
            if (millis && ts.FractionDigits < 3) Error(where, $"'{value.GetString()}' must have at least millisecond precision (e.g. .000)");
            return ts;
        }

        /// <summary>created and modified need at least millisecond precision (their format is checked with the other properties).</summary>
        private void Precision(JsonElement json, string name)
        {
            if (TimestampOf(json, name) is { FractionDigits: < 3 } ts)
                Error(name, $"'{ts}' must have at least millisecond precision (e.g. .000)");
        }

        private StixTimestamp? TimestampOf(JsonElement json, string name)
            => json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && StixTimestamp.TryParse(v.GetString(), out var ts, out _) ? ts : null;

        private void Order(JsonElement json, string earlier, string later, bool allowEqual)
        {
            var a = TimestampOf(json, earlier);
            var b = TimestampOf(json, later);
            if (a is null || b is null) return;
            if (allowEqual ? b.Value < a.Value : b.Value <= a.Value)
                Error(later, $"must be {(allowEqual ? "the same as or later than" : "later than")} {earlier}");
        }

        private void Confidence(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var c)) { Error("confidence", "must be an integer"); return; }
            if (c is < 0 or > 100) Error("confidence", $"{c} is outside 0–100");
        }

        private void Versioned(JsonElement json)
        {
            SpecVersion(json, required: true);
            foreach (var name in (string[])["created", "modified"])
            {
                if (!json.TryGetProperty(name, out _)) Error(name, "is required");
                else Precision(json, name);
            }
            Order(json, "created", "modified", allowEqual: true);
            if (json.TryGetProperty("confidence", out var conf)) Confidence(conf);
        }

        private void SpecVersion(JsonElement json, bool required)
        {
            if (!json.TryGetProperty("spec_version", out var sv)) { if (required) Error("spec_version", "is required"); return; }
            if (sv.ValueKind == JsonValueKind.String && sv.GetString() != "2.1") Error("spec_version", $"must be \"2.1\", not \"{sv.GetString()}\"");
        }

        private void Marking(JsonElement json)
        {
            SpecVersion(json, required: true);
            if (!json.TryGetProperty("created", out _)) Error("created", "is required");
            else Precision(json, "created");
            var hasType = Present(json, "definition_type");
            var hasDefinition = Present(json, "definition");
            if (hasType != hasDefinition) Error(hasType ? "definition" : "definition_type", "definition_type and definition go together");
            if (!hasType && !Present(json, "extensions")) Error(null, "a marking definition needs definition_type and definition, or an extension");
            if (hasType && hasDefinition && json.GetProperty("definition").ValueKind == JsonValueKind.Object)
            {
                var definitionType = json.GetProperty("definition_type").GetString();
                var definition = json.GetProperty("definition");
                if (definitionType == "tlp")
                {
                    if (!definition.TryGetProperty("tlp", out var tlp) || tlp.ValueKind != JsonValueKind.String || tlp.GetString() is not ("white" or "green" or "amber" or "red"))
                        Error("definition.tlp", "a TLP 1.0 definition needs tlp: white, green, amber or red");
                }
                else if (definitionType == "statement")
                {
                    if (!definition.TryGetProperty("statement", out var st) || st.ValueKind != JsonValueKind.String)
                        Error("definition.statement", "a statement definition needs a statement string");
                }
            }
        }

        private void Hashes(JsonElement hashes, string where)
        {
            foreach (var h in hashes.EnumerateObject())
            {
                if (h.Value.ValueKind != JsonValueKind.String) { Error($"{where}.{h.Name}", "must be a string"); continue; }
                if (HashHexLengths.TryGetValue(h.Name, out var length))
                {
                    var text = h.Value.GetString()!;
                    if (text.Length != length || !Hex().IsMatch(text)) Error($"{where}.{h.Name}", $"is not a {h.Name} value ({length} hexadecimal digits)");
                }
            }
        }

        private void Extensions(JsonElement extensions, string where)
        {
            if (extensions.ValueKind != JsonValueKind.Object) { Error(where, "must be a dictionary"); return; }
            foreach (var e in extensions.EnumerateObject())
            {
                var at = $"{where}.{e.Name}";
                if (e.Value.ValueKind != JsonValueKind.Object) { Error(at, "an extension must be an object"); continue; }
                if (e.Name.StartsWith("extension-definition--", StringComparison.Ordinal))
                {
                    var match = Identifier().Match(e.Name);
                    if (!match.Success || !UuidShape(match.Groups[2].Value, out _, out _)) Error(at, "is not a valid extension-definition id");
                    if (!e.Value.TryGetProperty("extension_type", out var et) || et.ValueKind != JsonValueKind.String)
                        Error(at + ".extension_type", "is required for an extension defined by an extension definition");
                    else if (!ExtensionTypes.Contains(et.GetString())) Error(at + ".extension_type", $"'{et.GetString()}' is not one of {string.Join(", ", ExtensionTypes)}");
                    if (e.Name == TlpMarkingDefinitions.ExtensionId
                        && (!e.Value.TryGetProperty("tlp_2_0", out var level) || level.ValueKind != JsonValueKind.String
                            || level.GetString() is not ("clear" or "green" or "amber" or "amber+strict" or "red")))
                        Error(at + ".tlp_2_0", "must be one of clear, green, amber, amber+strict, red");
                }
                else if (!e.Name.EndsWith("-ext", StringComparison.Ordinal))
                {
                    Error(at, "an extension name must be an extension-definition id or end in '-ext'");
                }
                else if (e.Value.EnumerateObject().All(_ => false))
                {
                    Error(at, "an extension must have at least one property");
                }
            }
        }

        private static bool HasToplevelPropertyExtension(JsonElement json)
            => json.TryGetProperty("extensions", out var ext) && ext.ValueKind == JsonValueKind.Object
               && ext.EnumerateObject().Any(e => e.Value.ValueKind == JsonValueKind.Object
                   && e.Value.TryGetProperty("extension_type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "toplevel-property-extension");

        private static bool HasNewObjectExtension(JsonElement json)
            => json.TryGetProperty("extensions", out var ext) && ext.ValueKind == JsonValueKind.Object
               && ext.EnumerateObject().Any(e => e.Value.ValueKind == JsonValueKind.Object
                   && e.Value.TryGetProperty("extension_type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString()!.StartsWith("new-", StringComparison.Ordinal));

        private static bool Present(JsonElement json, string name) => json.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

        private void Enumeration(string where, string value, string key)
        {
            var allowed = Enumerations[key];
            if (!allowed.Contains(value, StringComparer.Ordinal)) Error(where, $"'{value}' is not one of {string.Join(", ", allowed)}");
        }

        private void IntRange(JsonElement json, string name, long min, long max)
        {
            if (json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && (n < min || n > max))
                Error(name, $"{n} is outside {min.ToString("N0", CultureInfo.InvariantCulture)}–{max.ToString("N0", CultureInfo.InvariantCulture)}");
        }

        private void TypeRules(JsonElement json, string type)
        {
            switch (type)
            {
                case "campaign" or "intrusion-set" or "threat-actor" or "infrastructure" or "malware":
                    Order(json, "first_seen", "last_seen", allowEqual: true);
                    if (type == "malware" && json.TryGetProperty("is_family", out var family) && family.ValueKind == JsonValueKind.True && !Present(json, "name"))
                        Error("name", "is required when is_family is true");
                    break;
                case "indicator":
                    Order(json, "valid_from", "valid_until", allowEqual: false);
                    if (options.PatternValidator is not null && json.TryGetProperty("pattern_type", out var pt) && pt.ValueKind == JsonValueKind.String && pt.GetString() == "stix"
                        && json.TryGetProperty("pattern", out var pattern) && pattern.ValueKind == JsonValueKind.String)
                    {
                        var problem = options.PatternValidator(pattern.GetString()!);
                        if (problem is not null) Error("pattern", problem);
                    }
                    break;
                case "location":
                    var hasLat = Present(json, "latitude");
                    var hasLong = Present(json, "longitude");
                    if (hasLat != hasLong) Error(hasLat ? "longitude" : "latitude", "latitude and longitude go together");
                    if (Present(json, "precision") && !(hasLat && hasLong)) Error("precision", "needs latitude and longitude");
                    if (!hasLat && !hasLong && !Present(json, "region") && !Present(json, "country"))
                        Error(null, "a location needs region, country, or latitude and longitude");
                    if (json.TryGetProperty("latitude", out var lat) && lat.ValueKind == JsonValueKind.Number && Math.Abs(lat.GetDouble()) > 90)
                        Error("latitude", "must be between -90 and 90");
                    if (json.TryGetProperty("longitude", out var lon) && lon.ValueKind == JsonValueKind.Number && Math.Abs(lon.GetDouble()) > 180)
                        Error("longitude", "must be between -180 and 180");
                    break;
                case "malware-analysis":
                    if (!Present(json, "result") && !Present(json, "analysis_sco_refs")) Error(null, "a malware analysis needs result or analysis_sco_refs");
                    Order(json, "analysis_started", "analysis_ended", allowEqual: true);
                    break;
                case "observed-data":
                    if (Present(json, "objects") == Present(json, "object_refs")) Error("object_refs", "exactly one of object_refs and (deprecated) objects is required");
                    IntRange(json, "number_observed", 1, 999_999_999);
                    Order(json, "first_observed", "last_observed", allowEqual: true);
                    break;
                case "opinion":
                    if (json.TryGetProperty("opinion", out var op) && op.ValueKind == JsonValueKind.String) Enumeration("opinion", op.GetString()!, "opinion.opinion");
                    break;
                case "relationship":
                    Order(json, "start_time", "stop_time", allowEqual: false);
                    break;
                case "sighting":
                    IntRange(json, "count", 0, 999_999_999);
                    Order(json, "first_seen", "last_seen", allowEqual: true);
                    break;
                case "artifact":
                    if (Present(json, "payload_bin") && Present(json, "url")) Error("url", "payload_bin and url are exclusive");
                    if (Present(json, "url") && !Present(json, "hashes")) Error("hashes", "is required with url");
                    if (Present(json, "decryption_key") && !Present(json, "encryption_algorithm")) Error("decryption_key", "needs encryption_algorithm");
                    if (json.TryGetProperty("payload_bin", out var bin) && bin.ValueKind == JsonValueKind.String && !IsBase64(bin.GetString()!))
                        Error("payload_bin", "is not valid base64");
                    if (json.TryGetProperty("encryption_algorithm", out var enc) && enc.ValueKind == JsonValueKind.String)
                        Enumeration("encryption_algorithm", enc.GetString()!, "artifact.encryption_algorithm");
                    break;
                case "autonomous-system":
                    IntRange(json, "number", 0, uint.MaxValue);
                    break;
                case "file":
                    if (!Present(json, "hashes") && !Present(json, "name")) Error(null, "a file needs hashes or name");
                    IntRange(json, "size", 0, long.MaxValue);
                    break;
                case "ipv4-addr":
                    if (json.TryGetProperty("value", out var v4) && v4.ValueKind == JsonValueKind.String && !IsAddress(v4.GetString()!, System.Net.Sockets.AddressFamily.InterNetwork, 32))
                        Error("value", $"'{v4.GetString()}' is not an IPv4 address or CIDR block");
                    break;
                case "ipv6-addr":
                    if (json.TryGetProperty("value", out var v6) && v6.ValueKind == JsonValueKind.String && !IsAddress(v6.GetString()!, System.Net.Sockets.AddressFamily.InterNetworkV6, 128))
                        Error("value", $"'{v6.GetString()}' is not an IPv6 address or CIDR block");
                    break;
                case "mac-addr":
                    if (json.TryGetProperty("value", out var mac) && mac.ValueKind == JsonValueKind.String && !MacAddress().IsMatch(mac.GetString()!))
                        Error("value", $"'{mac.GetString()}' is not a lower-case, colon-delimited MAC-48 address with leading zeros");
                    break;
                case "network-traffic":
                    if (!Present(json, "src_ref") && !Present(json, "dst_ref")) Error(null, "network traffic needs src_ref or dst_ref");
                    IntRange(json, "src_port", 0, 65535);
                    IntRange(json, "dst_port", 0, 65535);
                    Order(json, "start", "end", allowEqual: true);
                    if (json.TryGetProperty("is_active", out var active) && active.ValueKind == JsonValueKind.True && Present(json, "end"))
                        Error("end", "must not be given while is_active is true");
                    break;
                case "email-message":
                    if (json.TryGetProperty("is_multipart", out var multi))
                    {
                        if (multi.ValueKind == JsonValueKind.True && Present(json, "body")) Error("body", "must not be given when is_multipart is true (use body_multipart)");
                        if (multi.ValueKind == JsonValueKind.False && Present(json, "body_multipart")) Error("body_multipart", "must not be given when is_multipart is false");
                    }
                    break;
                case "process" or "x509-certificate":
                    var common = new HashSet<string>(["type", "id", "spec_version", "object_marking_refs", "granular_markings", "defanged"], StringComparer.Ordinal);
                    if (!json.EnumerateObject().Any(p => !common.Contains(p.Name)))
                        Error(null, $"a {type} needs at least one property of its own (or an extension)");
                    break;
                case "extension-definition":
                    if (json.TryGetProperty("extension_types", out var types) && types.ValueKind == JsonValueKind.Array
                        && types.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == "toplevel-property-extension")
                        && !Present(json, "extension_properties"))
                        Error("extension_properties", "is required for a toplevel-property-extension");
                    break;
            }
        }

        private static bool IsBase64(string text)
        {
            Span<byte> buffer = new byte[text.Length];
            return Convert.TryFromBase64String(text, buffer, out _);
        }

        private static bool IsAddress(string text, System.Net.Sockets.AddressFamily family, int maxPrefix)
        {
            var slash = text.IndexOf('/');
            var address = slash >= 0 ? text[..slash] : text;
            if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > maxPrefix)) return false;
            if (family == System.Net.Sockets.AddressFamily.InterNetwork && address.Count(c => c == '.') != 3) return false;
            return IPAddress.TryParse(address, out var ip) && ip.AddressFamily == family && !address.Contains('%');
        }
    }
}
