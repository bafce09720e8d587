namespace Kizuna.Core.Features.Provision;

/// <summary>Where an advisory stands: a draft only its publishing organisation sees, published, or withdrawn (still readable, marked).</summary>
public static class AdvisoryStatus
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string Withdrawn = "withdrawn";
}

/// <summary>What a revision of an advisory is.</summary>
public static class RevisionKinds
{
    public const string Original = "original";
    public const string Correction = "correction";
    public const string Withdrawal = "withdrawal";
}

/// <summary>A recipient's structured answer to an advisory.</summary>
public static class FeedbackKinds
{
    public const string Applied = "applied";
    public const string NotApplicable = "not-applicable";
    public const string FalsePositive = "false-positive";
    /// <summary>Seen in our environment: the only kind that may be given anonymously.</summary>
    public const string Seen = "seen";
    public static readonly IReadOnlyList<string> All = [Applied, NotApplicable, FalsePositive, Seen];
}
