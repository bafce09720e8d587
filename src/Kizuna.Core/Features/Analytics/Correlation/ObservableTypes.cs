namespace Kizuna.Core.Features.Analytics.Correlation;

/// <summary>The kinds of observable value the correlation index knows (観測値の種類). A key is <c>type:canonical-value</c>.</summary>
public static class ObservableTypes
{
    public const string Ipv4 = "ipv4";
    public const string Ipv6 = "ipv6";
    public const string Domain = "domain";
    public const string Url = "url";
    public const string Md5 = "md5";
    public const string Sha1 = "sha1";
    public const string Sha256 = "sha256";
    public const string Sha512 = "sha512";
    public const string Email = "email";

    public static readonly IReadOnlyList<string> All = [Ipv4, Ipv6, Domain, Url, Md5, Sha1, Sha256, Sha512, Email];

    /// <summary>
    /// The type names a caller may give (the indicator types of liaison reports and advisories, and the short names):
    /// <c>file-hash</c> and <c>hash</c> take the hash type from the length, <c>ip</c> from the address family.
    /// </summary>
    public static readonly IReadOnlyList<string> Accepted = [.. All, "ip", "hash", "file-hash"];
}
