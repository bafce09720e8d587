using System.Text.Json;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Liaison;

namespace Kizuna.Core.Features.Provision;

/// <summary>
/// An advisory (情報提供): what the coordinator, a ministry, a CEPTOAR or a security body tells its
/// audience to know or do. A draft is edited freely; publishing fixes the distribution and sends it
/// down the relay chain; corrections and the withdrawal add revisions that travel the same way.
/// Invariants: the distribution never changes after publication; <see cref="Revision"/> counts
/// published revisions (0 while a draft).
/// </summary>
public sealed class Advisory : IShareable, IExerciseMarked
{
    private Advisory() { }

    /// <summary>The exercise that created this item (分野横断的演習), or null for real data; set once at creation (<see cref="ExerciseIsolation"/>).</summary>
    public Guid? ExerciseId { get; private set; }

    /// <summary>Marks a new item as exercise data; it can never become real data, nor move to another exercise.</summary>
    public void MarkExercise(Guid exerciseId)
    {
        if (ExerciseId is { } existing && existing != exerciseId) throw new InvalidOperationException("The item already belongs to another exercise.");
        ExerciseId = exerciseId;
    }

    public Advisory(AdvisoryContent content, Distribution distribution, Guid authorUserId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        Distribution = distribution;
        AuthorUserId = authorUserId;
        CreatedAt = now;
        Status = AdvisoryStatus.Draft;
        SetContent(content, now);
    }

    public Guid Id { get; private set; }
    /// <summary>Assigned at publication: the publisher's code, the year and a sequence (<c>NISC-2026-0007</c>).</summary>
    public string? Number { get; private set; }
    public string Status { get; private set; } = AdvisoryStatus.Draft;
    public int Revision { get; private set; }
    public Distribution Distribution { get; private set; } = null!;
    /// <summary>Copied from the content for lists and search.</summary>
    public string Title { get; private set; } = "";
    public int Severity { get; private set; }
    public string ContentJson { get; private set; } = "";
    public Guid AuthorUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }
    public DateTimeOffset? WithdrawnAt { get; private set; }
    public string? WithdrawalReason { get; private set; }

    public bool IsUrgent => Severity >= AdvisorySeverity.Urgent;

    public AdvisoryContent Content => JsonSerializer.Deserialize<AdvisoryContent>(ContentJson, ReportValidator.Json)!;

    public void EditDraft(AdvisoryContent content, Distribution distribution, DateTimeOffset now)
    {
        if (Status != AdvisoryStatus.Draft) throw new ConflictException("Only a draft can be edited; publish a correction instead.");
        Distribution.ReplaceWith(distribution);
        SetContent(content, now);
    }

    /// <summary>Publishes the draft; <paramref name="relays"/> are the organisations of the chain that only pass it on, named so they may read it.</summary>
    public void Publish(string number, IEnumerable<Guid> relays, DateTimeOffset now)
    {
        if (Status != AdvisoryStatus.Draft) throw new ConflictException("The advisory is already published.");
        Distribution.AddOrganizations(relays);
        Number = number;
        Status = AdvisoryStatus.Published;
        Revision = 1;
        PublishedAt = now;
        UpdatedAt = now;
    }

    public void Correct(AdvisoryContent content, DateTimeOffset now)
    {
        if (Status != AdvisoryStatus.Published) throw new ConflictException(Status == AdvisoryStatus.Draft
            ? "A draft is edited, not corrected." : "A withdrawn advisory cannot be corrected.");
        SetContent(content, now);
        Revision++;
    }

    public void Withdraw(string reason, DateTimeOffset now)
    {
        if (Status != AdvisoryStatus.Published) throw new ConflictException(Status == AdvisoryStatus.Draft
            ? "A draft is deleted, not withdrawn." : "The advisory is already withdrawn.");
        new InputCheck().Required("reason", reason, AdvisoryLimits.MaxNoteLength).ThrowIfInvalid();
        Status = AdvisoryStatus.Withdrawn;
        WithdrawalReason = reason.Trim();
        WithdrawnAt = now;
        UpdatedAt = now;
        Revision++;
    }

    private void SetContent(AdvisoryContent content, DateTimeOffset now)
    {
        Title = content.Title.Trim();
        Severity = content.Severity;
        ContentJson = JsonSerializer.Serialize(content, ReportValidator.Json);
        UpdatedAt = now;
    }
}

/// <summary>Every limit on an advisory, in one place (tested).</summary>
public static class AdvisoryLimits
{
    public const int MaxTitleLength = 200;
    public const int MaxSummaryLength = 2_000;
    public const int MaxBodyLength = Markdown.AdvisoryMarkdown.MaxSourceLength;
    public const int MaxListEntries = 100;
    public const int MaxListEntryLength = 500;
    public const int MaxIndicators = 1_000;
    public const int MaxRelatedReports = 50;
    public const int MaxNoteLength = 4_000;
    public const int MaxCommentLength = 4_000;
}

/// <summary>One published revision of an advisory: the original, a correction, or the withdrawal, with its whole content.</summary>
public sealed class AdvisoryRevision
{
    private AdvisoryRevision() { }

    public AdvisoryRevision(Guid advisoryId, int number, string kind, string contentJson, string? note, Guid userId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        AdvisoryId = advisoryId;
        Number = number;
        Kind = kind;
        ContentJson = contentJson;
        Note = note;
        ByUserId = userId;
        At = now;
    }

    public Guid Id { get; private set; }
    public Guid AdvisoryId { get; private set; }
    public int Number { get; private set; }
    /// <summary>One of <see cref="RevisionKinds"/>.</summary>
    public string Kind { get; private set; } = "";
    public string ContentJson { get; private set; } = "";
    /// <summary>What changed (correction) or why (withdrawal).</summary>
    public string? Note { get; private set; }
    public Guid ByUserId { get; private set; }
    public DateTimeOffset At { get; private set; }
}
