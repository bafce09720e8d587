using Kizuna.Core.Disclosure;

namespace Kizuna.Core.Features.Interop;

/// <summary>
/// One version of one STIX 2.1 object in one TAXII collection (共通化・自動化): the object's JSON as
/// it was sent, and the envelope fields the TAXII endpoints filter and page on. Invariants: a
/// (collection, STIX id, version) is stored once; <see cref="Sequence"/> is unique and grows in
/// commit order, and <see cref="DateAdded"/> never decreases with it, so a cursor on the sequence
/// never skips or repeats a row; <see cref="IsFirst"/> and <see cref="IsLatest"/> mark the
/// earliest and newest version of the object in its collection. Who sees it is its
/// <see cref="Distribution"/>: the TLP of its <c>object_marking_refs</c> (or the collection's
/// default), owned by the contributing organisation, addressed to the collection's audience.
/// </summary>
public sealed class StixObjectRecord : IShareable
{
    public const int MaxStixIdLength = 300;
    public const int MaxTypeLength = 250;
    public const int MaxLabelLength = 500;

    /// <summary>
    /// The <see cref="ContributorUserId"/> of objects projected from Kizuna's own liaison reports and
    /// advisories (<c>StoreStixProjection</c>): they repeat items that are already correlated as
    /// themselves, so the correlation index skips them (one report must not count several times).
    /// </summary>
    public static readonly Guid ProjectionContributorId = new("6b697a75-6e61-4570-8000-70726f6a6563");

    private StixObjectRecord() { }

    public StixObjectRecord(long sequence, Guid collectionId, StixObjectFacts facts, string json, DateTimeOffset dateAdded,
        Distribution distribution, Guid contributorUserId, IReadOnlyList<string>? sectors = null)
    {
        Id = Guid.CreateVersion7();
        Sequence = sequence;
        CollectionId = collectionId;
        StixId = facts.Id;
        Type = facts.Type;
        SpecVersion = facts.SpecVersion;
        HasTimestamps = facts.Version is not null;
        Version = facts.Version ?? dateAdded;
        DateAdded = dateAdded;
        Label = facts.Label is { Length: > MaxLabelLength } l ? l[..MaxLabelLength] : facts.Label;
        Json = json;
        Distribution = distribution;
        ContributorUserId = contributorUserId;
        Sectors = sectors?.ToList() ?? [];
        IsFirst = true;
        IsLatest = true;
    }

    public Guid Id { get; private set; }
    /// <summary>Order of addition across the whole server: the paging cursor.</summary>
    public long Sequence { get; private set; }
    /// <summary>The collection's id (<see cref="TaxiiCollection.Id"/>).</summary>
    public Guid CollectionId { get; private set; }
    /// <summary>The STIX id, <c>type--UUID</c>.</summary>
    public string StixId { get; private set; } = "";
    public string Type { get; private set; } = "";
    public string SpecVersion { get; private set; } = "";
    /// <summary>
    /// The version: <c>modified</c>, else <c>created</c>; for an object with neither (most SCOs) the
    /// date it was added, and such an object is stored once per collection (its id is derived from its content).
    /// </summary>
    public DateTimeOffset Version { get; private set; }
    /// <summary>Whether <see cref="Version"/> came from the object (false: from <see cref="DateAdded"/>).</summary>
    public bool HasTimestamps { get; private set; }
    /// <summary>When the server added it (TAXII <c>date_added</c>), to the microsecond.</summary>
    public DateTimeOffset DateAdded { get; private set; }
    public bool IsFirst { get; private set; }
    public bool IsLatest { get; private set; }
    /// <summary>The object's name, or an indicator's pattern, for lists (cut to <see cref="MaxLabelLength"/>).</summary>
    public string? Label { get; private set; }
    /// <summary>The object exactly as sent (one JSON object).</summary>
    public string Json { get; private set; } = "";
    public Distribution Distribution { get; private set; } = null!;
    public Guid ContributorUserId { get; private set; }
    /// <summary>The Kizuna sector codes the object is linked to (<see cref="StixSectors"/>), fixed when it is added.</summary>
    public List<string> Sectors { get; private set; } = [];

    internal void MarkFirst(bool first) => IsFirst = first;
    internal void MarkLatest(bool latest) => IsLatest = latest;
}
