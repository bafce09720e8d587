namespace Kizuna.Core.Features.Liaison.Anonymization;

/// <summary>
/// Everything the sanitizer precomputes from one <see cref="DirectorySnapshot"/>: an automaton of
/// every organisation's and person's name (and organisation codes of 4+ chars), and how many
/// organisations share each (sector, prefecture, size), (sector, area, size), (sector, area) and
/// sector. Immutable and thread-safe; <see cref="SourceSanitizer"/> caches one per snapshot instance.
/// </summary>
internal sealed class SanitizerIndex
{
    private readonly Dictionary<(string Sector, string Region, string Size), int> _byRegionSize = new();
    private readonly Dictionary<(string Sector, string Area, string Size), int> _byAreaSize = new();
    private readonly Dictionary<(string Sector, string Area), int> _byArea = new();
    private readonly Dictionary<string, int> _bySector = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, string> _areaOfPrefecture;

    public PatternAutomaton Names { get; }

    private SanitizerIndex(DirectorySnapshot directory)
    {
        _areaOfPrefecture = directory.AreaOfPrefecture ?? new Dictionary<string, string>();
        foreach (var org in directory.Organizations ?? [])
        {
            var area = AreaOf(org.RegionCode);
            foreach (var sector in (org.SectorCodes ?? []).Distinct(StringComparer.Ordinal))
            {
                Increment(_bySector, sector);
                if (area is not null) Increment(_byArea, (sector, area));
                if (org.SizeClass is null) continue;
                if (area is not null) Increment(_byAreaSize, (sector, area, org.SizeClass));
                if (org.RegionCode is not null) Increment(_byRegionSize, (sector, org.RegionCode, org.SizeClass));
            }
        }
        Names = PatternAutomaton.Build(NamePatterns(directory), denseRoot: true);
    }

    public static SanitizerIndex Build(DirectorySnapshot directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return new SanitizerIndex(directory);
    }

    public string? AreaOf(string? regionCode) =>
        regionCode is not null && _areaOfPrefecture.TryGetValue(regionCode, out var area) ? area : null;

    public int CountRegionSize(string sector, string region, string size) => _byRegionSize.GetValueOrDefault((sector, region, size));
    public int CountAreaSize(string sector, string area, string size) => _byAreaSize.GetValueOrDefault((sector, area, size));
    public int CountArea(string sector, string area) => _byArea.GetValueOrDefault((sector, area));
    public int CountSector(string sector) => _bySector.GetValueOrDefault(sector);

    private static IEnumerable<(string, PatternInfo)> NamePatterns(DirectorySnapshot directory)
    {
        foreach (var org in directory.Organizations ?? [])
        {
            foreach (var name in (string?[])[org.NameJa, org.NameEn])
            {
                foreach (var v in NameVariants.Organization(name ?? ""))
                {
                    if (Accept(v)) yield return (v, Info(v, RedactionKinds.Organization, word: false));
                }
            }
            if (org.Code is { Length: >= 4 } code)
            {
                var v = TextNormalizer.Compact(code);
                if (v.Length >= 2) yield return (v, Info(v, RedactionKinds.Organization, word: true));
            }
        }
        foreach (var person in directory.PeopleNames ?? [])
        {
            foreach (var v in NameVariants.Person(person))
            {
                if (Accept(v)) yield return (v, Info(v, RedactionKinds.Person, word: false));
            }
        }
    }

    // One-char names, and ASCII names under 3 letters, would redact ordinary words.
    private static bool Accept(string compact) =>
        compact.Length >= 2 && (compact.Length >= 3 || !NameVariants.IsLatin(compact));

    private static PatternInfo Info(string compact, string kind, bool word) => new(
        kind,
        compact.Length,
        LeftBoundary: TextNormalizer.IsAsciiAlnum(compact[0]),
        RightBoundary: TextNormalizer.IsAsciiAlnum(compact[^1]),
        WordBoundary: word);

    private static void Increment<TKey>(Dictionary<TKey, int> counts, TKey key) where TKey : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + 1;
}
