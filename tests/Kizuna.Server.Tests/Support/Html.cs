using System.Net;
using System.Text.RegularExpressions;

namespace Kizuna.Server.Tests.Support;

/// <summary>Reads bits of server-rendered pages.</summary>
public static partial class Html
{
    /// <summary>The decoded text inside the element with this id (no nested elements expected).</summary>
    public static string ElementText(string html, string id)
    {
        var match = Regex.Match(html, $"id=\"{Regex.Escape(id)}\"[^>]*>([^<]*)<");
        Assert.True(match.Success, $"No element id=\"{id}\" on the page.");
        return WebUtility.HtmlDecode(match.Groups[1].Value).Trim();
    }

    public static bool HasElement(string html, string id) => html.Contains($"id=\"{id}\"", StringComparison.Ordinal);

    /// <summary>The path (and query) a redirect points to.</summary>
    public static string? Location(HttpResponseMessage response)
        => response.Headers.Location is not { } l ? null : l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString;
}
