using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Kizuna.Core.Tests.Features.Provision;

/// <summary>The invariants every piece of advisory HTML must meet, checked on the raw string and on the parsed DOM.</summary>
internal static partial class SafeHtmlAssert
{
    private static readonly HashSet<string> AllowedElements = new(StringComparer.Ordinal)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "pre", "code", "blockquote",
        "table", "thead", "tbody", "tr", "th", "td", "a", "em", "strong", "del", "hr", "br", "input",
    };

    private static readonly HashSet<string> AllowedAttributes = new(StringComparer.Ordinal)
    {
        "href", "title", "start", "type", "checked", "disabled", "class", "rel",
    };

    private static readonly string[] ForbiddenMarkup =
        ["<script", "<iframe", "<img", "<svg", "<math", "<object", "<embed", "<form", "<style", "<base", "<meta", "<link", "<frame", "<details", "<button", "<textarea", "<select"];

    public static void Safe(string html)
    {
        foreach (var markup in ForbiddenMarkup)
            Assert.DoesNotContain(markup, html, StringComparison.OrdinalIgnoreCase);
        // Text is escaped, so a '<' in the output always opens real markup: look inside every tag.
        // href and title values are free text (checked on the DOM below), so they are cut out first.
        foreach (Match tag in Tag().Matches(html))
        {
            var rest = FreeTextAttribute().Replace(tag.Value, "");
            Assert.DoesNotMatch(EventHandler(), rest);
            Assert.DoesNotContain("style", rest, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("script", rest, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("src", rest, StringComparison.OrdinalIgnoreCase);
        }

        var parser = new HtmlParser();
        using var document = parser.ParseDocument("<!DOCTYPE html><html><body></body></html>");
        document.Body!.InnerHtml = html;
        foreach (var element in document.Body.Descendants<IElement>())
        {
            Assert.Contains(element.LocalName, AllowedElements);
            foreach (var attribute in element.Attributes)
            {
                Assert.Contains(attribute.Name, AllowedAttributes);
                if (attribute.Name is "href" or "title") continue;
                var squeezed = Squeeze(attribute.Value);
                Assert.DoesNotContain("javascript:", squeezed, StringComparison.Ordinal);
                Assert.DoesNotContain("vbscript:", squeezed, StringComparison.Ordinal);
                Assert.DoesNotContain("data:", squeezed, StringComparison.Ordinal);
            }
            if (element.LocalName == "a")
            {
                var href = element.GetAttribute("href");
                Assert.NotNull(href);
                Assert.Matches(AllowedHref(), href);
                Assert.Equal("noopener noreferrer nofollow", element.GetAttribute("rel"));
            }
            if (element.LocalName == "input")
            {
                Assert.Equal("checkbox", element.GetAttribute("type"));
                Assert.True(element.HasAttribute("disabled"));
            }
        }
    }

    /// <summary>The href of every link, in document order.</summary>
    public static List<string> Hrefs(string html)
    {
        var parser = new HtmlParser();
        using var document = parser.ParseDocument("<!DOCTYPE html><html><body></body></html>");
        document.Body!.InnerHtml = html;
        return [.. document.Body.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!)];
    }

    /// <summary>Lower case with whitespace and control characters removed, as a lenient browser would read a URL.</summary>
    private static string Squeeze(string value) =>
        string.Concat(value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c))).ToLowerInvariant();

    [GeneratedRegex(@"\s(href|title)=""[^""]*""")]
    private static partial Regex FreeTextAttribute();

    // Serialized attribute values are always double-quoted with '"' escaped, but may hold '>'.
    [GeneratedRegex(@"<[A-Za-z/](?:[^>""]|""[^""]*"")*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"[\s/""']on[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandler();

    [GeneratedRegex(@"\A(https?://[^/\s]|mailto:\S)", RegexOptions.IgnoreCase)]
    private static partial Regex AllowedHref();
}
