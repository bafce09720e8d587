using Kizuna.Core.Errors;

namespace Kizuna.Core.Features.Crisis;

/// <summary>
/// One answer of an operator about one critical service in a crisis (状況報告). Answers are never
/// changed: an update is a new row with the next <see cref="Version"/>, and the latest version wins.
/// </summary>
public sealed class CrisisStatusAnswer
{
    private CrisisStatusAnswer() { }

    public CrisisStatusAnswer(Guid crisisId, Guid organizationId, string sectorCode, string serviceCode, int version, string status,
        DateTimeOffset? expectedRecovery, string? needs, Guid userId, DateTimeOffset now)
    {
        if (!ServiceStatuses.All.Contains(status)) throw new InputException("status", $"Unknown status '{status}'; use {string.Join(", ", ServiceStatuses.All)}.");
        Id = Guid.CreateVersion7();
        CrisisId = crisisId;
        OrganizationId = organizationId;
        SectorCode = sectorCode;
        ServiceCode = serviceCode;
        Version = version;
        Status = status;
        ExpectedRecovery = expectedRecovery;
        Needs = string.IsNullOrWhiteSpace(needs) ? null : needs.Trim();
        AnsweredByUserId = userId;
        AnsweredAt = now;
    }

    public Guid Id { get; private set; }
    public Guid CrisisId { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string SectorCode { get; private set; } = "";
    /// <summary>Code of the critical service (<c>CriticalServices</c> reference data).</summary>
    public string ServiceCode { get; private set; } = "";
    /// <summary>1 for the first answer of this operator about this service, then 2, 3, …</summary>
    public int Version { get; private set; }
    /// <summary>One of <see cref="ServiceStatuses"/>.</summary>
    public string Status { get; private set; } = "";
    public DateTimeOffset? ExpectedRecovery { get; private set; }
    /// <summary>What the operator needs (support requests), free text.</summary>
    public string? Needs { get; private set; }
    public Guid AnsweredByUserId { get; private set; }
    public DateTimeOffset AnsweredAt { get; private set; }
}
