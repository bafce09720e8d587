namespace Kizuna.Core.Features.Liaison.Anonymization;

/// <summary>
/// The kinds of identifying text the sanitizer replaces (<see cref="Redaction.Kind"/>), and the
/// bilingual placeholder each is replaced with.
/// </summary>
public static class RedactionKinds
{
    public const string Organization = "organization";
    public const string Person = "person";
    public const string Domain = "domain";
    public const string IpAddress = "ip";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Url = "url";
    public const string HostName = "host";

    public static readonly IReadOnlyList<string> All = [Organization, Person, Domain, IpAddress, Email, Phone, Url, HostName];

    /// <summary>The text that replaces a redacted span of this kind.</summary>
    public static string Placeholder(string kind) => kind switch
    {
        Organization => "[組織名/organization]",
        Person => "[人名/person]",
        Domain => "[ドメイン/domain]",
        IpAddress => "[IPアドレス/IP address]",
        Email => "[メール/e-mail]",
        Phone => "[電話番号/phone]",
        Url => "[URL]",
        HostName => "[ホスト名/host name]",
        _ => "[秘匿/redacted]",
    };

    /// <summary>Which kind names a merged span when two overlapping matches are equally long: the wider concept wins.</summary>
    internal static int Priority(string kind) => kind switch
    {
        Url => 8,
        Email => 7,
        IpAddress => 6,
        Phone => 5,
        Domain => 4,
        HostName => 3,
        Person => 2,
        Organization => 1,
        _ => 0,
    };
}

/// <summary>Names of the fields a <see cref="Redaction"/> can point at.</summary>
public static class RedactedFields
{
    public const string Title = nameof(ReportContent.Title);
    public const string Description = nameof(ReportContent.Description);
    public const string Impact = nameof(ReportContent.Impact);
    public const string ActionsTaken = nameof(ReportContent.ActionsTaken);
    public const string HelpNeeded = nameof(ReportContent.HelpNeeded);
    /// <summary>Indicators dropped because they identify the reporter (Kind says why).</summary>
    public const string Indicators = nameof(ReportContent.Indicators);
    /// <summary>Text redacted inside the value of a kept indicator (text-type indicators).</summary>
    public const string IndicatorValues = "Indicators.Value";
    /// <summary>Text redacted inside indicator notes.</summary>
    public const string IndicatorNotes = "Indicators.Note";
    public const string AttachmentNames = "AttachmentNames";
}
