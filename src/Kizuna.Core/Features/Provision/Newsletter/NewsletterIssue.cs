using Kizuna.Core.Errors;

namespace Kizuna.Core.Features.Provision.Newsletter;

/// <summary>Where an issue stands: a draft the coordinator edits and previews, or released (mailed and archived).</summary>
public static class NewsletterStatus
{
    public const string Draft = "draft";
    public const string Released = "released";
}

/// <summary>Every limit on the newsletter, in one place (tested).</summary>
public static class NewsletterLimits
{
    /// <summary>Characters per intro (each language).</summary>
    public const int MaxIntroLength = 4_000;
    /// <summary>Entries one organisation's issue lists at most; more are summarised as "and N more".</summary>
    public const int MaxEntries = 200;
    /// <summary>Issues one list answer returns at most (newest first).</summary>
    public const int MaxListed = 200;
}

/// <summary>
/// One issue of the critical-infrastructure newsletter (重要インフラニュースレター): a digest of the
/// advisories published in one half-month <see cref="NewsletterPeriod"/>. The issue holds no copy
/// of the advisories: each recipient organisation's edition is compiled from what that
/// organisation may read (<see cref="NewsletterCompiler"/>). Invariants: <see cref="Number"/> is
/// unique (two nodes drafting the same period cannot both succeed); a released issue never
/// changes and is never released again.
/// </summary>
public sealed class NewsletterIssue
{
    private NewsletterIssue() { }

    public NewsletterIssue(NewsletterPeriod period, Guid? createdByUserId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        Number = period.Number;
        PeriodStart = period.Start.ToUniversalTime();
        PeriodEnd = period.End.ToUniversalTime();
        Status = NewsletterStatus.Draft;
        CreatedAt = now;
        CreatedByUserId = createdByUserId;
    }

    public Guid Id { get; private set; }
    /// <summary>The period's number, e.g. <c>2026-11-1</c>.</summary>
    public string Number { get; private set; } = "";
    /// <summary>Inclusive, JST midnight of the 1st or the 16th.</summary>
    public DateTimeOffset PeriodStart { get; private set; }
    /// <summary>Exclusive.</summary>
    public DateTimeOffset PeriodEnd { get; private set; }
    public string Status { get; private set; } = NewsletterStatus.Draft;
    /// <summary>The coordinator's foreword in Japanese (plain text, may be empty).</summary>
    public string IntroJa { get; private set; } = "";
    public string IntroEn { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>Null when the scheduler drafted it.</summary>
    public Guid? CreatedByUserId { get; private set; }
    public DateTimeOffset? UpdatedAt { get; private set; }
    public DateTimeOffset? ReleasedAt { get; private set; }
    public Guid? ReleasedByUserId { get; private set; }
    /// <summary>Organisations with at least one entry at release.</summary>
    public int RecipientCount { get; private set; }
    /// <summary>E-mails queued at release.</summary>
    public int MailCount { get; private set; }

    public bool IsReleased => Status == NewsletterStatus.Released;

    public NewsletterPeriod Period => NewsletterPeriod.TryParse(Number, out var p) ? p : throw new InvalidOperationException($"Stored newsletter number '{Number}' is malformed.");

    public void EditIntro(string? ja, string? en, DateTimeOffset now)
    {
        if (IsReleased) throw new ConflictException("A released newsletter cannot be edited.");
        new InputCheck()
            .MaxLength("introJa", ja, NewsletterLimits.MaxIntroLength)
            .MaxLength("introEn", en, NewsletterLimits.MaxIntroLength)
            .ThrowIfInvalid("The introduction is too long.");
        IntroJa = (ja ?? "").Trim();
        IntroEn = (en ?? "").Trim();
        UpdatedAt = now;
    }

    public void Release(Guid userId, int recipientCount, int mailCount, DateTimeOffset now)
    {
        if (IsReleased) throw new ConflictException("The newsletter has already been released.");
        Status = NewsletterStatus.Released;
        ReleasedAt = now;
        ReleasedByUserId = userId;
        RecipientCount = recipientCount;
        MailCount = mailCount;
        UpdatedAt = now;
    }
}
