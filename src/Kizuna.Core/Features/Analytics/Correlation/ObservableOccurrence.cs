using Kizuna.Stix;

namespace Kizuna.Core.Features.Analytics.Correlation;

/// <summary>
/// One sighting of an observable in one shared item (観測値の出現): a liaison report's sanitized view, a
/// published advisory, or a stored STIX object (local or federated). What it records is what is safe to
/// keep: the key, the item's sector, the report's pseudonym (never the reporting organisation), the item's
/// kind and id, the time it was shared, its TLP and the exercise flag. Who may <em>see</em> the item is
/// never copied here: readers join the item and apply <see cref="Disclosure.DisclosurePolicy.Visible{T}"/>
/// to its live <see cref="Disclosure.Distribution"/>, so a forwarded report or a relayed advisory is
/// seen by its new readers at once. Invariant: one row per (key, item).
/// </summary>
public sealed class ObservableOccurrence
{
    private ObservableOccurrence() { }

    public ObservableOccurrence(ObservableKey key, string itemKind, Guid itemId, string sectorCode, string? pseudonym, DateTimeOffset at, Tlp tlp, bool isExercise)
    {
        KeyId = key.Id;
        Type = key.Type;
        Value = key.Display;
        ItemKind = itemKind;
        ItemId = itemId;
        SectorCode = sectorCode;
        Pseudonym = pseudonym;
        At = at;
        Tlp = tlp;
        IsExercise = isExercise;
    }

    /// <summary>The key's id (<see cref="ObservableKey.Id"/>).</summary>
    public Guid KeyId { get; private set; }
    public string Type { get; private set; } = "";
    /// <summary>The canonical value, cut to <see cref="ObservableKey.MaxDisplayLength"/>.</summary>
    public string Value { get; private set; } = "";
    /// <summary>One of <see cref="CorrelatedItemKinds"/>.</summary>
    public string ItemKind { get; private set; } = "";
    public Guid ItemId { get; private set; }
    /// <summary>The item's sector, or empty when it has none (advisories, objects from outside the sectors).</summary>
    public string SectorCode { get; private set; } = "";
    /// <summary>The report's pseudonym (as in its sanitized view); null for other items.</summary>
    public string? Pseudonym { get; private set; }
    /// <summary>When the item was shared (report submitted, advisory published, object added).</summary>
    public DateTimeOffset At { get; private set; }
    public Tlp Tlp { get; private set; }
    /// <summary>Whether the item belongs to an exercise (演習); exercise data never mixes with real findings.</summary>
    public bool IsExercise { get; private set; }

    /// <summary>Takes the item's current sector, pseudonym, time and marking (a later submission of the same report).</summary>
    internal void Refresh(string sectorCode, string? pseudonym, DateTimeOffset at, Tlp tlp, bool isExercise)
    {
        SectorCode = sectorCode;
        Pseudonym = pseudonym;
        At = at;
        Tlp = tlp;
        IsExercise = isExercise;
    }
}

/// <summary>The kinds of item the correlation index reads.</summary>
public static class CorrelatedItemKinds
{
    public const string Report = "report";
    public const string Advisory = "advisory";
    public const string StixObject = "stix";
}
