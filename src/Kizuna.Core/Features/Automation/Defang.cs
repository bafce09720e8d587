using System.Text.RegularExpressions;

namespace Kizuna.Core.Features.Automation;

/// <summary>Defanging for display (hxxp, [.]): indicator values shown in mails and pages cannot be clicked or resolved by accident.</summary>
public static partial class Defang
{
    /// <summary>Defangs URLs' schemes, dots of hosts and IPv4 addresses, and the @ of e-mail addresses in a text.</summary>
    public static string Text(string text)
    {
        var s = Scheme().Replace(text, m => (m.Groups[1].Value.ToLowerInvariant() switch { "http" => "hxxp", "https" => "hxxps", "ftp" => "fxp", var o => o }));
        return Dots().Replace(s, m => m.Value.Replace(".", "[.]", StringComparison.Ordinal));
    }

    [GeneratedRegex("\\b(https?|ftp)(?=://)", RegexOptions.IgnoreCase)]
    private static partial Regex Scheme();

    [GeneratedRegex("(?<![\\w.\\[])(?:[A-Za-z0-9-]+\\.)+[A-Za-z0-9-]{2,}(?![\\w\\]])")]
    private static partial Regex Dots();
}
