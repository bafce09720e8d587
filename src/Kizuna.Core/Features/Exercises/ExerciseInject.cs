using System.Text.Json;
using Kizuna.Core.Errors;

namespace Kizuna.Core.Features.Exercises;

/// <summary>
/// One step of an exercise scenario: at <see cref="Offset"/> of scenario time after the start, a
/// message, simulated liaison report, simulated alert, status request or crisis declaration
/// (<see cref="InjectKinds"/>) goes to its audience (<see cref="AudienceJson"/>: participant
/// organisations, by code or sector), and the responses in <see cref="ExpectationsJson"/> are expected.
/// The runner sends it exactly once: the move from <c>pending</c> to <c>sent</c> is a conditional update
/// (<see cref="Status"/> is a concurrency token), so a restart or a second node never sends it twice.
/// What it created is recorded in <see cref="ItemKind"/> and <see cref="ItemId"/>.
/// </summary>
public sealed class ExerciseInject
{
    private ExerciseInject() { }

    public ExerciseInject(Guid exerciseId, int number, TimeSpan offset, string kind, string title, string body,
        IReadOnlyList<InjectAudience> audience, IReadOnlyList<ExpectedResponse> expectations)
    {
        Id = Guid.CreateVersion7();
        ExerciseId = exerciseId;
        Number = number;
        Status = InjectStates.Pending;
        Change(offset, kind, title, body, audience, expectations);
    }

    public Guid Id { get; private set; }
    public Guid ExerciseId { get; private set; }
    /// <summary>The order in the scenario (1, 2, …), unique within the exercise.</summary>
    public int Number { get; private set; }
    /// <summary>Scenario time after the start at which the inject falls due.</summary>
    public TimeSpan Offset { get; private set; }
    /// <summary>One of <see cref="InjectKinds"/>.</summary>
    public string Kind { get; private set; } = InjectKinds.Message;
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    /// <summary>JSON array of <see cref="InjectAudience"/>.</summary>
    public string AudienceJson { get; private set; } = "[]";
    /// <summary>JSON array of <see cref="ExpectedResponse"/>.</summary>
    public string ExpectationsJson { get; private set; } = "[]";
    /// <summary>One of <see cref="InjectStates"/>; a concurrency token (the exactly-once send).</summary>
    public string Status { get; private set; } = InjectStates.Pending;
    /// <summary>The wall-clock instant it falls due, set when the exercise starts.</summary>
    public DateTimeOffset? DueAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    /// <summary>What the inject created: <c>notice</c>, <c>report</c>, <c>alert</c>, <c>advisory</c>, <c>crisis</c>.</summary>
    public string? ItemKind { get; private set; }
    public Guid? ItemId { get; private set; }
    /// <summary>Why an inject was skipped or failed, in words a controller understands.</summary>
    public string? Note { get; private set; }

    public IReadOnlyList<InjectAudience> Audience => JsonSerializer.Deserialize<List<InjectAudience>>(AudienceJson, ExerciseJson.Options) ?? [];
    public IReadOnlyList<ExpectedResponse> Expectations => JsonSerializer.Deserialize<List<ExpectedResponse>>(ExpectationsJson, ExerciseJson.Options) ?? [];

    public void Change(TimeSpan offset, string kind, string title, string body, IReadOnlyList<InjectAudience> audience, IReadOnlyList<ExpectedResponse> expectations)
    {
        if (Status != InjectStates.Pending || SentAt is not null) throw new ConflictException("An inject that has been sent cannot change.");
        var check = new InputCheck()
            .That(offset >= TimeSpan.Zero && offset <= ExerciseLimits.MaxOffset, "offset", $"The offset runs from 0 to {ExerciseLimits.MaxOffset.TotalDays} days of scenario time.")
            .That(InjectKinds.All.Contains(kind), "kind", $"Unknown inject kind '{kind}'; use {string.Join(", ", InjectKinds.All)}.")
            .Required("title", title, ExerciseLimits.MaxInjectTitleLength)
            .Required("body", body, ExerciseLimits.MaxInjectBodyLength)
            .That(audience.Count > 0, "audience", "Name at least one participant organisation or sector.")
            .That(audience.Count <= ExerciseLimits.MaxAudienceEntries, "audience", $"At most {ExerciseLimits.MaxAudienceEntries} audience entries per inject.")
            .That(expectations.Count <= ExerciseLimits.MaxExpectationsPerInject, "expectations", $"At most {ExerciseLimits.MaxExpectationsPerInject} expected responses per inject.");
        foreach (var a in audience)
            check.That(a is not null && InjectAudienceKinds.All.Contains(a.Kind), "audience", $"Unknown audience kind '{a?.Kind}'; use {string.Join(", ", InjectAudienceKinds.All)}.");
        foreach (var e in expectations)
            if (e is null) check.Add("expectations", "An expected response is empty (null).");
            else check.That(ExpectedResponseKinds.All.Contains(e.Kind), "expectations", $"Unknown expected response '{e.Kind}'; use {string.Join(", ", ExpectedResponseKinds.All)}.")
                 .That(e.WithinMinutes is > 0 and <= 60 * 24 * 30, "expectations", "An expected response's time limit runs from 1 minute to 30 days of scenario time.");
        check.ThrowIfInvalid("The inject is invalid.");
        Offset = offset;
        Kind = kind;
        Title = title.Trim();
        Body = body.Trim();
        AudienceJson = JsonSerializer.Serialize(audience, ExerciseJson.Options);
        ExpectationsJson = JsonSerializer.Serialize(expectations, ExerciseJson.Options);
    }

    public void Renumber(int number) => Number = number;

    /// <summary>Sets the wall-clock due time when the exercise starts.</summary>
    public void Schedule(DateTimeOffset dueAt) => DueAt = dueAt;

    public void MarkSent(string itemKind, Guid itemId, DateTimeOffset now)
    {
        if (Status != InjectStates.Pending) throw new ConflictException($"The inject is already {Status}.");
        Status = InjectStates.Sent;
        SentAt = now;
        ItemKind = itemKind;
        ItemId = itemId;
    }

    public void MarkSkipped(string note, DateTimeOffset now)
    {
        if (Status != InjectStates.Pending) throw new ConflictException($"The inject is already {Status}.");
        Status = InjectStates.Skipped;
        SentAt = now;
        Note = note;
    }
}

/// <summary>What an inject sends.</summary>
public static class InjectKinds
{
    /// <summary>A scenario message (a notice marked as exercise) to the audience.</summary>
    public const string Message = "message";
    /// <summary>A simulated liaison report (情報連絡) from a participant operator, marked as exercise.</summary>
    public const string LiaisonReport = "liaison-report";
    /// <summary>A simulated hotline alert (緊急連絡) to the audience, marked as exercise; each recipient acknowledges.</summary>
    public const string Alert = "alert";
    /// <summary>An advisory (情報提供) relayed down the chain, marked as exercise: relays and acknowledgements are measured.</summary>
    public const string Advisory = "advisory";
    /// <summary>A status request to the audience's operators (an exercise crisis's service status questions).</summary>
    public const string StatusRequest = "status-request";
    /// <summary>A simulated crisis declaration (大規模IT障害対応時) over the audience's sectors, marked as exercise.</summary>
    public const string CrisisDeclaration = "crisis-declaration";

    public static readonly IReadOnlyList<string> All = [Message, LiaisonReport, Alert, Advisory, StatusRequest, CrisisDeclaration];
}

public static class InjectStates
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Skipped = "skipped";

    public static readonly IReadOnlyList<string> All = [Pending, Sent, Skipped];
}

/// <summary>Who an inject goes to: <c>organization</c> (a participant's code), <c>sector</c> (the participants of a sector), <c>players</c> (every player).</summary>
public sealed record InjectAudience(string Kind, string? Value = null);

public static class InjectAudienceKinds
{
    public const string Organization = "organization";
    public const string Sector = "sector";
    public const string Players = "players";

    public static readonly IReadOnlyList<string> All = [Organization, Sector, Players];
}

/// <summary>
/// A response the scenario expects after an inject, within <see cref="WithinMinutes"/> of scenario
/// time: <c>acknowledge</c> (each recipient acknowledges the alert or advisory), <c>relay</c> (a
/// CEPTOAR or ministry relays the advisory on), <c>report</c> (an operator files an exercise liaison
/// report), <c>answer-status</c> (each affected operator answers the status request). Optionally
/// limited to one sector or one organisation ("the 電力 CEPTOAR relays within 30 minutes").
/// </summary>
public sealed record ExpectedResponse(string Kind, int WithinMinutes, string? Sector = null, string? OrganizationCode = null);

public static class ExpectedResponseKinds
{
    public const string Acknowledge = "acknowledge";
    public const string Relay = "relay";
    public const string Report = "report";
    public const string AnswerStatus = "answer-status";

    public static readonly IReadOnlyList<string> All = [Acknowledge, Relay, Report, AnswerStatus];
}

internal static class ExerciseJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
