namespace Kizuna.Core.Features.Liaison;

/// <summary>One immutable submission of a report series: a full snapshot and its sanitized view at the time.</summary>
public sealed class ReportSubmission
{
    private ReportSubmission() { }

    internal ReportSubmission(Guid reportId, int number, string kind, string contentJson, string? sanitizedJson, Guid userId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        ReportId = reportId;
        Number = number;
        Kind = kind;
        ContentJson = contentJson;
        SanitizedJson = sanitizedJson;
        SubmittedByUserId = userId;
        SubmittedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid ReportId { get; private set; }
    /// <summary>1 for the 第1報, then 2, 3, …</summary>
    public int Number { get; private set; }
    /// <summary>One of <see cref="SubmissionKinds"/>.</summary>
    public string Kind { get; private set; } = "";
    public string ContentJson { get; private set; } = "";
    public string? SanitizedJson { get; private set; }
    public Guid SubmittedByUserId { get; private set; }
    public DateTimeOffset SubmittedAt { get; private set; }
}
