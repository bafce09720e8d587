using System.Text.RegularExpressions;
using Kizuna.Core.Errors;
using Kizuna.Stix;

namespace Kizuna.Core.Features.Automation;

/// <summary>
/// A routing/tagging rule (自動振り分けルール) run over every STIX object the TAXII store adds.
/// Conditions (all given ones must hold; an empty list means any): the source collection alias
/// (<c>*</c> at the end matches a prefix, e.g. <c>peer-*</c>), the STIX type, a sector the object is
/// linked to (<see cref="Interop.StixSectors"/>), a highest TLP, a text in the object's name or
/// pattern, the contributing organisation. Actions: copy to one sector collection (never to a
/// wider audience: <see cref="CopyRule"/>), add tags to the record, notify one organisation.
/// A rule has at least one action. Lower <see cref="Order"/> runs first.
/// </summary>
public sealed partial class IngestRule
{
    public const int MaxNameLength = 200;
    public const int MaxListEntries = 20;
    public const int MaxCodeLength = 64;
    public const int MaxTextLength = 200;
    public const int MaxTagLength = 64;

    private IngestRule() { }

    public IngestRule(IngestRuleSpec spec, Guid ownerOrganizationId, Guid userId, int order, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        OwnerOrganizationId = ownerOrganizationId;
        CreatedByUserId = userId;
        CreatedAt = now;
        Apply(spec, order, userId, now);
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public bool Enabled { get; private set; }
    /// <summary>Position in the run order (lower first).</summary>
    public int Order { get; private set; }
    /// <summary>The organisation whose member made the rule.</summary>
    public Guid OwnerOrganizationId { get; private set; }
    public Guid CreatedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public Guid UpdatedByUserId { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Collection aliases; an entry ending in <c>*</c> matches every alias with that prefix.</summary>
    public List<string> SourceCollections { get; private set; } = [];
    public List<string> Types { get; private set; } = [];
    /// <summary>Sector codes; the object must be linked to one of them.</summary>
    public List<string> Sectors { get; private set; } = [];
    /// <summary>The highest TLP the rule takes (null: any).</summary>
    public Tlp? MaxTlp { get; private set; }
    /// <summary>Text the object's name or pattern must contain (case-insensitive).</summary>
    public string? TextContains { get; private set; }
    /// <summary>Codes of contributing organisations.</summary>
    public List<string> ContributorOrganizations { get; private set; } = [];

    /// <summary>Sector code of the <c>sector-&lt;code&gt;</c> collection to copy matching objects to.</summary>
    public string? CopyToSector { get; private set; }
    public List<string> AddTags { get; private set; } = [];
    /// <summary>Code of the organisation to notify.</summary>
    public string? NotifyOrganization { get; private set; }

    public void Edit(IngestRuleSpec spec, int order, Guid userId, DateTimeOffset now) => Apply(spec, order, userId, now);

    public void Enable(Guid userId, DateTimeOffset now) => Touch(() => Enabled = true, userId, now);

    public void Disable(Guid userId, DateTimeOffset now) => Touch(() => Enabled = false, userId, now);

    public void MoveTo(int order, Guid userId, DateTimeOffset now) => Touch(() => Order = order, userId, now);

    /// <summary>The rule as a client writes it.</summary>
    public IngestRuleSpec ToSpec() => new(Name, Enabled, Order, SourceCollections, Types, Sectors,
        MaxTlp is { } t ? TlpMarkings.Label(t)[4..] : null, TextContains, ContributorOrganizations, CopyToSector, AddTags, NotifyOrganization);

    private void Touch(Action change, Guid userId, DateTimeOffset now)
    {
        change();
        UpdatedByUserId = userId;
        UpdatedAt = now;
    }

    private void Apply(IngestRuleSpec s, int order, Guid userId, DateTimeOffset now)
    {
        var check = new InputCheck().Required("name", s.Name, MaxNameLength);
        var sources = List(check, "sourceCollections", s.SourceCollections, v => v.ToLowerInvariant(), CollectionPattern());
        var types = List(check, "types", s.Types, v => v.ToLowerInvariant(), TypePattern());
        var sectors = List(check, "sectors", s.Sectors, v => v.ToLowerInvariant(), CodePattern());
        var contributors = List(check, "contributorOrganizations", s.ContributorOrganizations, v => v.ToUpperInvariant(), OrgCodePattern());
        var tags = List(check, "addTags", s.AddTags, v => v, TagPattern());
        Tlp? maxTlp = null;
        if (!string.IsNullOrWhiteSpace(s.MaxTlp))
        {
            if (TlpMarkings.TryParse(s.MaxTlp.Trim(), out var t)) maxTlp = t;
            else check.Add("maxTlp", $"Unknown TLP '{s.MaxTlp}'; use CLEAR, GREEN, AMBER, AMBER+STRICT or RED.");
        }
        var text = string.IsNullOrWhiteSpace(s.TextContains) ? null : s.TextContains.Trim();
        check.MaxLength("textContains", text, MaxTextLength);
        var copy = string.IsNullOrWhiteSpace(s.CopyToSector) ? null : s.CopyToSector.Trim().ToLowerInvariant();
        check.That(copy is null || CodePattern().IsMatch(copy), "copyToSector", "A sector code is letters, digits and hyphens.");
        var notify = string.IsNullOrWhiteSpace(s.NotifyOrganization) ? null : s.NotifyOrganization.Trim().ToUpperInvariant();
        check.That(notify is null || OrgCodePattern().IsMatch(notify), "notifyOrganization", "An organisation code is letters, digits and hyphens.");
        check.That(copy is not null || tags.Count > 0 || notify is not null, "actions",
            "A rule needs at least one action: copy to a sector collection, add tags, or notify an organisation.");
        check.ThrowIfInvalid("The rule is invalid.");

        Name = s.Name!.Trim();
        Enabled = s.Enabled;
        Order = order;
        SourceCollections = sources;
        Types = types;
        Sectors = sectors;
        MaxTlp = maxTlp;
        TextContains = text;
        ContributorOrganizations = contributors;
        CopyToSector = copy;
        AddTags = tags;
        NotifyOrganization = notify;
        UpdatedByUserId = userId;
        UpdatedAt = now;
    }

    private static List<string> List(InputCheck check, string field, IReadOnlyList<string>? values, Func<string, string> normalise, Regex pattern)
    {
        var list = (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => normalise(v.Trim())).Distinct().ToList();
        check.That(list.Count <= MaxListEntries, field, $"At most {MaxListEntries} entries.");
        foreach (var v in list.Where(v => !pattern.IsMatch(v)).Take(3))
            check.Add(field, $"'{(v.Length > MaxCodeLength ? v[..MaxCodeLength] + "…" : v)}' is not a valid entry.");
        return list;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}\\*?$")]
    private static partial Regex CollectionPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex TypePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{0,63}$")]
    private static partial Regex OrgCodePattern();

    /// <summary>A tag: letters (any script), digits and <c>: . _ -</c>, up to 64 characters.</summary>
    [GeneratedRegex("^[\\p{L}\\p{N}][\\p{L}\\p{N}:._-]{0,63}$")]
    private static partial Regex TagPattern();
}

/// <summary>A rule as a client writes it (API body and edit form). Lists may be empty; TLP is CLEAR, GREEN, AMBER, AMBER+STRICT or RED.</summary>
public sealed record IngestRuleSpec(
    string? Name,
    bool Enabled = true,
    int? Order = null,
    IReadOnlyList<string>? SourceCollections = null,
    IReadOnlyList<string>? Types = null,
    IReadOnlyList<string>? Sectors = null,
    string? MaxTlp = null,
    string? TextContains = null,
    IReadOnlyList<string>? ContributorOrganizations = null,
    string? CopyToSector = null,
    IReadOnlyList<string>? AddTags = null,
    string? NotifyOrganization = null);
