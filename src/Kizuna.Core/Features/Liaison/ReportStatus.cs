namespace Kizuna.Core.Features.Liaison;

/// <summary>Where a report series stands in the liaison workflow.</summary>
public static class ReportStatus
{
    /// <summary>Being written; only the reporting organisation sees it.</summary>
    public const string Draft = "draft";
    /// <summary>第1報 sent; waiting for the first hop.</summary>
    public const string Submitted = "submitted";
    /// <summary>The first hop (ministry, CEPTOAR or coordinator) has received it.</summary>
    public const string Received = "received";
    /// <summary>Forwarded by the first hop to the coordinator.</summary>
    public const string Forwarded = "forwarded";
    /// <summary>Triaged by the coordinator.</summary>
    public const string Triaged = "triaged";
    /// <summary>Closed by the coordinator; no further submissions.</summary>
    public const string Closed = "closed";

    public static readonly IReadOnlyList<string> All = [Draft, Submitted, Received, Forwarded, Triaged, Closed];
}

/// <summary>The first hop a report goes to (経路).</summary>
public static class ReportRoutes
{
    /// <summary>Via the sector ministry (default).</summary>
    public const string Ministry = "ministry";
    /// <summary>Via one of the reporter's CEPTOARs.</summary>
    public const string Ceptoar = "ceptoar";
    /// <summary>Directly to the coordinator (hotline).</summary>
    public const string Coordinator = "coordinator";

    public static readonly IReadOnlyList<string> All = [Ministry, Ceptoar, Coordinator];
}

/// <summary>Who may learn the reporter's identity (提供元の開示範囲).</summary>
public static class IdentityDisclosures
{
    /// <summary>The sector ministry only.</summary>
    public const string Ministry = "ministry";
    /// <summary>The sector ministry and the coordinator.</summary>
    public const string MinistryAndCoordinator = "ministry-and-coordinator";
    /// <summary>No one outside the reporting organisation.</summary>
    public const string None = "none";

    public static readonly IReadOnlyList<string> All = [Ministry, MinistryAndCoordinator, None];
}

/// <summary>Why the operator reports (報告の根拠).</summary>
public static class ReportBases
{
    /// <summary>A legal duty to report to its ministry (法令に基づく報告).</summary>
    public const string Legal = "legal";
    /// <summary>The operator's own judgement that sharing helps (任意の情報連絡).</summary>
    public const string Voluntary = "voluntary";

    public static readonly IReadOnlyList<string> All = [Legal, Voluntary];
}

/// <summary>The kind of one submission in a series.</summary>
public static class SubmissionKinds
{
    /// <summary>第1報.</summary>
    public const string First = "first";
    /// <summary>続報.</summary>
    public const string Update = "update";
    /// <summary>最終報.</summary>
    public const string Final = "final";
}
