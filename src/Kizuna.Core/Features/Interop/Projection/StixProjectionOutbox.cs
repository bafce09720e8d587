using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Provision;

namespace Kizuna.Core.Features.Interop.Projection;

/// <summary>What the <see cref="StixProjectionOutbox.Channel"/> channel projects: an advisory or a report, at a version.</summary>
/// <param name="Kind"><see cref="StixProjectionOutbox.Advisory"/> or <see cref="StixProjectionOutbox.Report"/>.</param>
/// <param name="Id">The advisory's or report's id.</param>
/// <param name="Version">The moment the change happened (for a report, the <c>modified</c> of the stored version).</param>
public sealed record StixProjectionPayload(string Kind, Guid Id, DateTimeOffset Version);

/// <summary>
/// The outbox messages that put projections into the TAXII store, written in the same transaction as
/// the change that causes them: an advisory published, corrected or withdrawn; a report's sanitized
/// view shared (a submission) or its audience widened (forwarded to the coordinator). The idempotency
/// key is the item and the version, so a producer that runs twice queues one message.
/// </summary>
public static class StixProjectionOutbox
{
    public const string Channel = "stix-projection";
    public const string Advisory = "advisory";
    public const string Report = "report";

    /// <summary>Null for an exercise advisory: exercise data never reaches a TAXII collection (<see cref="Exercises.ExerciseIsolation"/>).</summary>
    public static OutboxMessage? ForAdvisory(Advisory advisory, DateTimeOffset now)
        => advisory.ExerciseId is not null ? null : Create(Advisory, advisory.Id, now, advisory.Distribution.OwnerOrganizationId);

    /// <summary>Null when the report has no sanitized view (onward sharing refused), or is an exercise report: nothing is projected.</summary>
    public static OutboxMessage? ForReport(IncidentReport report, DateTimeOffset now)
        => report.SanitizedJson is null || report.ExerciseId is not null ? null : Create(Report, report.Id, now, null);

    private static OutboxMessage Create(string kind, Guid id, DateTimeOffset now, Guid? organizationId)
        => OutboxMessage.Create(Channel, $"stix:{kind}:{id:D}:{now.UtcTicks}", $"stix.{kind}", new StixProjectionPayload(kind, id, now), now,
            organizationId: organizationId);
}
