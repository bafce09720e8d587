using System.Text.Json;
using Kizuna.Core.Features.Interop;

namespace Kizuna.Core.Features.Automation;

/// <summary>Whether a rule's conditions hold for one stored record: the one test the ingest run and the preview share.</summary>
public static class RuleMatch
{
    /// <param name="rule">The rule.</param>
    /// <param name="record">The stored record.</param>
    /// <param name="collection">The record's collection.</param>
    /// <param name="contributorIds">The ids of the rule's contributor organisation codes (unknown codes are left out).</param>
    public static bool Holds(IngestRule rule, StixObjectRecord record, TaxiiCollection collection, IReadOnlySet<Guid> contributorIds)
    {
        if (rule.SourceCollections.Count > 0 && !rule.SourceCollections.Any(p => AliasMatches(p, collection.Alias))) return false;
        if (rule.Types.Count > 0 && !rule.Types.Contains(record.Type)) return false;
        if (rule.MaxTlp is { } max && record.Distribution.Tlp > max) return false;
        if (rule.ContributorOrganizations.Count > 0 && !contributorIds.Contains(record.Distribution.OwnerOrganizationId)) return false;
        // The sectors were worked out once, when the record was stored (StixSectors).
        if (rule.Sectors.Count > 0 && !record.Sectors.Any(rule.Sectors.Contains)) return false;
        if (rule.TextContains is not { } text) return true;
        using var json = JsonDocument.Parse(record.Json);
        return TextOf(record, json.RootElement).Any(t => t.Contains(text, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A collection pattern: an alias, or a prefix ending in <c>*</c>.</summary>
    public static bool AliasMatches(string pattern, string alias)
        => pattern.EndsWith('*') ? alias.StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == alias;

    /// <summary>The object's <c>name</c>, if it has one.</summary>
    public static string? NameOf(StixObjectRecord record)
    {
        using var json = JsonDocument.Parse(record.Json);
        return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
            ? n.GetString() : null;
    }

    private static IEnumerable<string> TextOf(StixObjectRecord record, JsonElement o)
    {
        if (record.Label is { } label) yield return label;
        foreach (var p in new[] { "name", "pattern", "value" })
            if (o.ValueKind == JsonValueKind.Object && o.TryGetProperty(p, out var v) && v.ValueKind == JsonValueKind.String) yield return v.GetString()!;
    }
}
