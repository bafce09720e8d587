using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;
using Kizuna.Core.Errors;
using Markdig;
using Markdig.Extensions.EmphasisExtras;
using Markdig.Extensions.Tables;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Kizuna.Core.Features.Provision.Markdown;

/// <summary>
/// 情報提供の本文: turns the Markdown body of an advisory into HTML that is safe to show in the web
/// UI, in feeds and in e-mail, and into plain text for e-mail text bodies.
/// </summary>
/// <remarks>
/// <para>Two independent layers. Markdig parses with raw HTML disabled (any HTML in the source is
/// shown as text) and a few extensions that emit no script: pipe tables, autolinks, strikethrough
/// and task lists. Before rendering, the syntax tree is rewritten: links whose target is not an
/// absolute <c>http</c>, <c>https</c> or <c>mailto</c> URL (so <c>javascript:</c>, <c>data:</c>,
/// <c>vbscript:</c>, relative and protocol-relative targets) lose their target and keep their
/// text. Then HtmlSanitizer applies an allow-list of elements and attributes to the rendered
/// HTML and checks every URL again.</para>
/// <para><b>Images are never rendered.</b> Remote images (absolute or protocol-relative URLs) would
/// let a sender track readers and <c>data:</c> images carry arbitrary payloads; Kizuna has no image
/// hosting yet, so every image, whatever its URL, becomes its alt text as plain text and no
/// <c>&lt;img&gt;</c> element is ever produced.</para>
/// <para>Allowed output: <c>p</c>, <c>h1</c>–<c>h6</c>, <c>ul</c>/<c>ol</c> (with <c>start</c>)/<c>li</c>,
/// <c>pre</c>, <c>code</c>, <c>blockquote</c>, tables (<c>table</c>, <c>thead</c>, <c>tbody</c>,
/// <c>tr</c>, <c>th</c>, <c>td</c>; column alignment is dropped because it needs a style attribute),
/// <c>a</c> (with <c>href</c> and <c>title</c>, always <c>rel="noopener noreferrer nofollow"</c>),
/// <c>em</c>, <c>strong</c>, <c>del</c>, <c>hr</c>, <c>br</c>, and disabled task-list checkboxes.
/// No style, id, event-handler or other attribute survives.</para>
/// <para>Both methods are thread-safe.</para>
/// </remarks>
public static class AdvisoryMarkdown
{
    /// <summary>The longest Markdown source accepted, in UTF-16 code units.</summary>
    public const int MaxSourceLength = 100_000;

    private const string LinkRel = "noopener noreferrer nofollow";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseAutoLinks()
        .UseEmphasisExtras(EmphasisExtraOptions.Strikethrough)
        .UseTaskLists()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    /// <summary>
    /// Renders <paramref name="markdown"/> to an HTML fragment that carries no script, event
    /// handler, style, embedded content or image, and whose links are absolute http, https or
    /// mailto URLs marked <c>rel="noopener noreferrer nofollow"</c>.
    /// </summary>
    /// <exception cref="InputException">The source is longer than <see cref="MaxSourceLength"/> (field <c>body</c>).</exception>
    public static string ToSafeHtml(string markdown)
    {
        var document = Parse(markdown);
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return SanitizeHtml(writer.ToString());
    }

    /// <summary>The second layer alone, so tests can feed it HTML that Markdig would never emit.</summary>
    internal static string SanitizeHtml(string html) => Sanitizer.Sanitize(html);

    /// <summary>
    /// Renders <paramref name="markdown"/> as readable plain text for an e-mail text body: block
    /// structure kept with blank lines, list items as <c>- </c> or <c>1. </c>, quotes as
    /// <c>&gt; </c>, table cells separated by <c> | </c>, and each link as its text followed by its
    /// URL in angle brackets (<c>text &lt;https://…&gt;</c>). The same links and images are dropped
    /// as in <see cref="ToSafeHtml"/>. The result is not HTML and must not be shown as HTML.
    /// </summary>
    /// <exception cref="InputException">The source is longer than <see cref="MaxSourceLength"/> (field <c>body</c>).</exception>
    public static string ToPlainText(string markdown)
    {
        var html = ToSafeHtml(markdown);
        var parser = new HtmlParser();
        using var document = parser.ParseDocument("<!DOCTYPE html><html><body></body></html>");
        var body = document.Body!;
        body.InnerHtml = html;
        return PlainText.Write(body);
    }

    private static MarkdownDocument Parse(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        if (markdown.Length > MaxSourceLength)
            throw new InputException("body", $"The body is {markdown.Length} characters long; the limit is {MaxSourceLength}.");

        var document = Markdig.Markdown.Parse(ReplaceLoneSurrogates(markdown), Pipeline);

        // Materialise first: the rewrites below move and remove inlines.
        var links = document.Descendants<LinkInline>().ToList();
        foreach (var image in links.Where(l => l.IsImage))
            ReplaceWithText(image, AltText(image));
        foreach (var link in links.Where(l => !l.IsImage && !IsAllowedUrl(l.Url)))
            Unwrap(link);
        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            var url = autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url;
            if (!IsAllowedUrl(url)) ReplaceWithText(autolink, autolink.Url);
        }
        // Pipe-table alignment is rendered as a style attribute, which the sanitizer would drop anyway.
        foreach (var table in document.Descendants<Table>())
            foreach (var column in table.ColumnDefinitions)
                column.Alignment = null;
        return document;
    }

    /// <summary>
    /// Replaces each unpaired UTF-16 surrogate with U+FFFD. Markdig 1.6.0 throws while
    /// percent-encoding a link URL that holds one followed by a non-ASCII character, and a lone
    /// surrogate is never meaningful text.
    /// </summary>
    private static string ReplaceLoneSurrogates(string text)
    {
        char[]? result = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (!char.IsSurrogate(c)) continue;
            result ??= text.ToCharArray();
            result[i] = '\uFFFD';
        }
        return result is null ? text : new string(result);
    }

    /// <summary>
    /// True for an absolute http or https URL with a host, or a mailto URL. The whole string must
    /// start with the scheme, so leading spaces, control characters or entity tricks fail.
    /// </summary>
    internal static bool IsAllowedUrl(string? url)
    {
        if (string.IsNullOrEmpty(url)) return false;
        foreach (var c in url)
            if (char.IsControl(c) || char.IsWhiteSpace(c)) return false;

        if (url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            return url.Length > "mailto:".Length;
        if (!url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) &&
            !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            return false;
        return Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.Host.Length > 0;
    }

    private static void ReplaceWithText(Inline inline, string text)
    {
        if (text.Length > 0) inline.InsertBefore(new LiteralInline(text));
        inline.Remove();
    }

    private static void Unwrap(ContainerInline container)
    {
        var child = container.FirstChild;
        while (child is not null)
        {
            var next = child.NextSibling;
            child.Remove();
            container.InsertBefore(child);
            child = next;
        }
        container.Remove();
    }

    private static string AltText(ContainerInline image)
    {
        var text = new StringBuilder();
        AppendText(image, text);
        return text.ToString();
    }

    private static void AppendText(Inline inline, StringBuilder text)
    {
        switch (inline)
        {
            case LiteralInline literal: text.Append(literal.Content.ToString()); break;
            case CodeInline code: text.Append(code.Content); break;
            case AutolinkInline autolink: text.Append(autolink.Url); break;
            case HtmlEntityInline entity: text.Append(entity.Transcoded.ToString()); break;
            case LineBreakInline: text.Append(' '); break;
            case ContainerInline container:
                for (var child = container.FirstChild; child is not null; child = child.NextSibling)
                    AppendText(child, text);
                break;
        }
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "pre", "code", "blockquote",
                "table", "thead", "tbody", "tr", "th", "td", "a", "em", "strong", "del", "hr", "br", "input",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "href", "title", "start", "type", "checked", "disabled", "class",
            },
            AllowedClasses = new HashSet<string>(StringComparer.Ordinal) { "contains-task-list", "task-list-item", "task-list-item-checkbox" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        });
        // Relative and protocol-relative URLs pass the scheme check; only absolute ones may stay.
        sanitizer.FilterUrl += (_, e) =>
        {
            if (!IsAllowedUrl(e.SanitizedUrl)) e.SanitizedUrl = null;
        };
        sanitizer.PostProcessDom += (_, e) => PostProcess(e.Document);
        return sanitizer;
    }

    private static void PostProcess(IHtmlDocument document)
    {
        foreach (var anchor in document.QuerySelectorAll("a").ToList())
        {
            if (anchor.GetAttribute("href") is { Length: > 0 })
            {
                anchor.SetAttribute("rel", LinkRel);
                continue;
            }
            // A link whose target was dropped keeps its text.
            var parent = anchor.Parent!;
            while (anchor.FirstChild is { } child) parent.InsertBefore(child, anchor);
            anchor.Remove();
        }
        foreach (var input in document.QuerySelectorAll("input").ToList())
        {
            if (!string.Equals(input.GetAttribute("type"), "checkbox", StringComparison.OrdinalIgnoreCase))
            {
                input.Remove();
                continue;
            }
            input.SetAttribute("type", "checkbox");
            input.SetAttribute("disabled", "disabled");
        }
    }

    /// <summary>Writes a sanitized DOM as plain text; knows only the elements the sanitizer lets through.</summary>
    private static class PlainText
    {
        private static readonly HashSet<string> BlockElements = new(StringComparer.Ordinal)
        {
            "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "pre", "blockquote", "table", "thead", "tbody", "tr", "hr",
        };

        public static string Write(INode root)
        {
            var result = new StringBuilder();
            foreach (var line in Blocks(root.ChildNodes))
                result.Append(line.TrimEnd()).Append('\n');
            return result.ToString().Trim('\n');
        }

        /// <summary>Blocks separated by one blank line; runs of inline nodes count as one block.</summary>
        private static List<string> Blocks(INodeList nodes, bool tight = false)
        {
            var lines = new List<string>();
            foreach (var part in Parts(nodes))
            {
                if (part.Count == 0) continue;
                if (lines.Count > 0 && !tight) lines.Add("");
                lines.AddRange(part);
            }
            return lines;
        }

        private static IEnumerable<List<string>> Parts(INodeList nodes)
        {
            var run = new List<INode>();
            foreach (var node in nodes)
            {
                if (node is IElement element && BlockElements.Contains(element.LocalName))
                {
                    if (run.Count > 0) { yield return InlineLines(run); run = []; }
                    yield return Block(element);
                }
                else run.Add(node);
            }
            if (run.Count > 0) yield return InlineLines(run);
        }

        private static List<string> Block(IElement element) => element.LocalName switch
        {
            "hr" => ["----------"],
            "pre" => [.. element.TextContent.TrimEnd('\n').Split('\n')],
            "blockquote" => [.. Blocks(element.ChildNodes).Select(l => l.Length == 0 ? ">" : "> " + l)],
            "ul" or "ol" => List(element),
            "table" or "thead" or "tbody" => [.. element.QuerySelectorAll("tr").Select(Row)],
            "tr" => [Row(element)],
            _ => InlineLines(element.ChildNodes),
        };

        private static List<string> List(IElement list)
        {
            var ordered = list.LocalName == "ol";
            var number = ordered && int.TryParse(list.GetAttribute("start"), out var start) ? start : 1;
            var lines = new List<string>();
            foreach (var item in list.Children.Where(c => c.LocalName == "li"))
            {
                var marker = ordered ? $"{number++}. " : "- ";
                var indent = new string(' ', marker.Length);
                // A loose item (its text in paragraphs) keeps blank lines between its blocks.
                var loose = item.Children.Any(c => c.LocalName == "p");
                var itemLines = Blocks(item.ChildNodes, tight: !loose);
                if (itemLines.Count == 0) itemLines.Add("");
                lines.Add(marker + itemLines[0]);
                lines.AddRange(itemLines.Skip(1).Select(l => l.Length == 0 ? "" : indent + l));
            }
            return lines;
        }

        private static string Row(IElement row) =>
            string.Join(" | ", row.Children.Select(cell => Inline(cell.ChildNodes).Replace('\n', ' ').Trim()));

        private static List<string> InlineLines(IEnumerable<INode> nodes)
        {
            var text = Inline(nodes).Trim('\n', ' ');
            return text.Length == 0 ? [] : [.. text.Split('\n')];
        }

        private static string Inline(IEnumerable<INode> nodes)
        {
            var text = new StringBuilder();
            foreach (var node in nodes) Inline(node, text);
            return text.ToString();
        }

        private static void Inline(INode node, StringBuilder text)
        {
            switch (node)
            {
                case IText t:
                    text.Append(t.Data);
                    break;
                case IElement { LocalName: "br" } br:
                    // Markdig writes a newline after <br>; count the break once.
                    if (br.NextSibling is not IText { Data: ['\n', ..] }) text.Append('\n');
                    break;
                case IElement { LocalName: "input" } box:
                    text.Append(box.HasAttribute("checked") ? "[x]" : "[ ]");
                    break;
                case IElement { LocalName: "a" } anchor:
                    var href = anchor.GetAttribute("href") ?? "";
                    var shown = href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? href["mailto:".Length..] : href;
                    var label = anchor.TextContent.Trim();
                    if (label != href && label != shown)
                    {
                        foreach (var child in anchor.ChildNodes) Inline(child, text);
                        text.Append(' ');
                    }
                    text.Append('<').Append(shown).Append('>');
                    break;
                case IElement element:
                    foreach (var child in element.ChildNodes) Inline(child, text);
                    break;
            }
        }
    }
}
