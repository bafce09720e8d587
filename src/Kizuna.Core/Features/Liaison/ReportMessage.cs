using Kizuna.Core.Errors;

namespace Kizuna.Core.Features.Liaison;

/// <summary>A message in a report's thread: the hops ask, the reporter answers.</summary>
public sealed class ReportMessage
{
    public const int MaxBodyLength = 10_000;

    private ReportMessage() { }

    public ReportMessage(Guid reportId, Guid authorUserId, Guid authorOrganizationId, bool fromReporter, string body, DateTimeOffset now)
    {
        new InputCheck().Required("body", body, MaxBodyLength).ThrowIfInvalid();
        Id = Guid.CreateVersion7();
        ReportId = reportId;
        AuthorUserId = authorUserId;
        AuthorOrganizationId = authorOrganizationId;
        FromReporter = fromReporter;
        Body = body.Trim();
        At = now;
    }

    public Guid Id { get; private set; }
    public Guid ReportId { get; private set; }
    public Guid AuthorUserId { get; private set; }
    public Guid AuthorOrganizationId { get; private set; }
    /// <summary>Written by the reporting organisation: shown under the pseudonym, and redacted, to sanitized viewers.</summary>
    public bool FromReporter { get; private set; }
    public string Body { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
}
