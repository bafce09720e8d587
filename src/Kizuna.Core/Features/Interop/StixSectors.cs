using System.Collections.Frozen;
using System.Text.Json;
using Kizuna.Core.Features.Directory;

namespace Kizuna.Core.Features.Interop;

/// <summary>
/// The Kizuna sectors (重要インフラ分野, the codes of <c>sectors.json</c>) a STIX object is linked to,
/// so ingested intelligence can be searched by sector. An object is linked to:
/// <list type="number">
/// <item>the sector of the <c>sector-&lt;code&gt;</c> collection it was added to;</item>
/// <item>the Kizuna codes in its custom property <see cref="CustomProperty"/> (<c>x_kizuna_sectors</c>,
/// an array of strings; unknown codes and non-strings are ignored);</item>
/// <item>for an <c>identity</c>, its STIX <c>sectors</c> (industry-sector-ov, STIX 2.1 §10.12) mapped
/// through <see cref="IndustrySectorMap"/>; a value that is itself a Kizuna code counts as that code.</item>
/// </list>
/// The answer is distinct, in the order of the shipped sector list, and never holds a code outside
/// the known set. Pure: no database, no clock.
/// </summary>
public static class StixSectors
{
    /// <summary>The custom property carrying Kizuna sector codes on any STIX object.</summary>
    public const string CustomProperty = "x_kizuna_sectors";

    /// <summary>At most this many sectors are taken from one object (there are 15 today).</summary>
    public const int MaxSectors = 64;

    /// <summary>The sector codes shipped in <c>sectors.json</c>, in their sort order.</summary>
    public static readonly IReadOnlyList<string> ShippedCodes = ReferenceDataFiles.Read<ReferenceDataFiles.SectorRow>("sectors.json")
        .OrderBy(s => s.SortOrder).Select(s => s.Code).ToArray();

    /// <summary>
    /// STIX industry-sector-ov values (and a few common spellings) → Kizuna sector codes.
    /// Broad STIX sectors map to every Kizuna sector they cover (transportation → aviation, airport,
    /// railway, logistics, port).
    /// </summary>
    public static readonly FrozenDictionary<string, string[]> IndustrySectorMap = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        ["energy"] = ["electricity", "gas", "petroleum"],
        ["utilities"] = ["electricity", "gas", "water"],
        ["oil-and-gas"] = ["gas", "petroleum"],
        ["electric-power"] = ["electricity"],
        ["chemical"] = ["chemical"],
        ["communications"] = ["telecom"],
        ["telecommunications"] = ["telecom"],
        ["financial-services"] = ["finance"],
        ["finance"] = ["finance"],
        ["financial"] = ["finance"],
        ["insurance"] = ["finance"],
        ["credit-cards"] = ["credit"],
        ["transportation"] = ["aviation", "airport", "railway", "logistics", "port"],
        ["aviation"] = ["aviation"],
        ["airports"] = ["airport"],
        ["rail"] = ["railway"],
        ["ports"] = ["port"],
        ["maritime"] = ["port"],
        ["water"] = ["water"],
        ["infrastructure-water"] = ["water"],
        ["infrastructure-dams"] = ["water"],
        ["healthcare"] = ["medical"],
        ["government"] = ["government"],
        ["government-emergency-services"] = ["government"],
        ["government-local"] = ["government"],
        ["government-national"] = ["government"],
        ["government-public-services"] = ["government"],
        ["government-regional"] = ["government"],
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The shipped sectors an object is linked to (see the type's summary).</summary>
    public static IReadOnlyList<string> Of(JsonElement stixObject, TaxiiCollection collection)
        => Of(stixObject, collection, ShippedCodes);

    /// <summary>
    /// The sectors an object is linked to, among <paramref name="knownCodes"/> (the sectors in the
    /// database, whose order the answer keeps).
    /// </summary>
    public static IReadOnlyList<string> Of(JsonElement stixObject, TaxiiCollection collection, IReadOnlyList<string> knownCodes)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var known = knownCodes.ToHashSet(StringComparer.Ordinal);

        if (collection.Kind == TaxiiCollectionKinds.Sector && collection.Key.StartsWith("sector:", StringComparison.Ordinal))
            Add(collection.Key["sector:".Length..]);

        if (stixObject.ValueKind == JsonValueKind.Object)
        {
            if (stixObject.TryGetProperty(CustomProperty, out var custom) && custom.ValueKind == JsonValueKind.Array)
                foreach (var v in custom.EnumerateArray().Take(MaxSectors))
                    if (v.ValueKind == JsonValueKind.String) Add(v.GetString()!.Trim().ToLowerInvariant());

            if (stixObject.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "identity"
                && stixObject.TryGetProperty("sectors", out var sectors) && sectors.ValueKind == JsonValueKind.Array)
                foreach (var v in sectors.EnumerateArray().Take(MaxSectors))
                {
                    if (v.ValueKind != JsonValueKind.String) continue;
                    var value = v.GetString()!.Trim();
                    if (IndustrySectorMap.TryGetValue(value, out var codes)) foreach (var code in codes) Add(code);
                    else Add(value.ToLowerInvariant());
                }
        }
        return knownCodes.Where(found.Contains).Distinct().ToList();

        void Add(string code)
        {
            if (known.Contains(code)) found.Add(code);
        }
    }
}
