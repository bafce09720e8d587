using System.Text.Json;
using Kizuna.Core.Disclosure;
using Kizuna.Stix;

namespace Kizuna.Core.Features.Interop;

/// <summary>One object's outcome in a status resource (TAXII <c>status-details</c>).</summary>
public sealed record StatusDetail(string Id, string? Version, string? Message);

/// <summary>
/// The status resource of one POSTed envelope (TAXII 2.1 §4.3): counts, and per object whether it
/// was added (or was already there) or why it failed. Kizuna processes an envelope before answering,
/// so a status is always <c>complete</c> with nothing pending. Seen only by the organisation that
/// posted it: its distribution is TLP:RED to that organisation.
/// </summary>
public sealed class TaxiiStatus : IShareable
{
    public const string Complete = "complete";

    private TaxiiStatus() { }

    public TaxiiStatus(Guid collectionId, IReadOnlyList<StatusDetail> successes, IReadOnlyList<StatusDetail> failures, Guid organizationId, Guid userId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        CollectionId = collectionId;
        Status = Complete;
        RequestTimestamp = now;
        TotalCount = successes.Count + failures.Count;
        SuccessCount = successes.Count;
        FailureCount = failures.Count;
        DetailsJson = JsonSerializer.Serialize(new Details(successes, failures), JsonOptions);
        Distribution = new Distribution(Tlp.Red, organizationId, [AudienceEntry.Organization(organizationId)]);
        RequestedByUserId = userId;
    }

    public Guid Id { get; private set; }
    public Guid CollectionId { get; private set; }
    public string Status { get; private set; } = "";
    public DateTimeOffset RequestTimestamp { get; private set; }
    public int TotalCount { get; private set; }
    public int SuccessCount { get; private set; }
    public int FailureCount { get; private set; }
    public int PendingCount { get; private set; }
    /// <summary>The successes and failures, as JSON (<see cref="Details"/>).</summary>
    public string DetailsJson { get; private set; } = "";
    public Distribution Distribution { get; private set; } = null!;
    public Guid RequestedByUserId { get; private set; }

    public Details ReadDetails() => JsonSerializer.Deserialize<Details>(DetailsJson, JsonOptions)!;

    public sealed record Details(IReadOnlyList<StatusDetail> Successes, IReadOnlyList<StatusDetail> Failures);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
