using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace Kizuna.Core.Features.Provision.Feeds;

/// <summary>
/// One Atom feed (RFC 4287) to write: a feed of advisories (情報提供) already filtered for the viewer.
/// </summary>
/// <param name="Id">Permanent, absolute IRI chosen by the caller: a <c>urn:uuid:</c> or <c>tag:</c> URI.</param>
/// <param name="Title">Human-readable title, plain text.</param>
/// <param name="SelfLink">Absolute URL of the feed itself (<c>link rel="self"</c>).</param>
/// <param name="AlternateLink">Absolute URL of the same list as a web page, if there is one.</param>
/// <param name="Updated">Last time the feed changed meaningfully.</param>
/// <param name="Entries">The entries, in the order they are written.</param>
public sealed record AtomFeed(string Id, string Title, Uri SelfLink, Uri? AlternateLink, DateTimeOffset Updated, IReadOnlyList<AtomEntry> Entries);

/// <summary>One entry of an <see cref="AtomFeed"/>.</summary>
/// <param name="Id">Permanent, absolute IRI of the entry (<c>urn:uuid:</c> or <c>tag:</c> URI); never reused.</param>
/// <param name="Title">Plain-text title.</param>
/// <param name="Link">Absolute URL of the entry's web page (<c>link rel="alternate"</c>).</param>
/// <param name="Published">First publication time.</param>
/// <param name="Updated">Last meaningful change.</param>
/// <param name="SummaryText">Plain-text summary, or null for none.</param>
/// <param name="ContentHtml">
/// Body as an HTML fragment that is already safe to show (for advisories, the output of
/// <c>AdvisoryMarkdown.ToSafeHtml</c>); written escaped as <c>content type="html"</c>. Null for none.
/// </param>
/// <param name="Categories">Category terms; empty ones are skipped.</param>
/// <param name="AuthorName">Author shown for the entry, or null to leave it to the feed.</param>
public sealed record AtomEntry(
    string Id,
    string Title,
    Uri Link,
    DateTimeOffset Published,
    DateTimeOffset Updated,
    string? SummaryText,
    string? ContentHtml,
    IReadOnlyList<string> Categories,
    string? AuthorName);

/// <summary>
/// Writes an <see cref="AtomFeed"/> as an RFC 4287 Atom document in UTF-8 (no byte-order mark).
/// </summary>
/// <remarks>
/// Characters that XML 1.0 cannot carry (C0 controls other than tab, line feed and carriage
/// return, U+FFFE, U+FFFF, lone surrogates) are removed from every text, never thrown. Times are
/// written in UTC as RFC 3339. RFC 4287 requires an author on the feed unless every entry has
/// one; when some entry has none, the feed's title stands as the feed's author name. Ids and links
/// are the caller's and must be absolute; anything else is a programming error and throws
/// <see cref="ArgumentException"/> before a byte is written.
/// </remarks>
public static partial class AtomFeedWriter
{
    /// <summary>The media type of an Atom feed document.</summary>
    public const string MediaType = "application/atom+xml";

    /// <summary>The Atom XML namespace.</summary>
    internal const string Namespace = "http://www.w3.org/2005/Atom";

    /// <summary>Writes <paramref name="feed"/> to <paramref name="output"/>, which is flushed and left open.</summary>
    /// <exception cref="ArgumentException">An id is not an absolute IRI, or a link is not an absolute URI.</exception>
    public static async Task WriteAsync(AtomFeed feed, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(output);
        Validate(feed);
        ct.ThrowIfCancellationRequested();

        var settings = new XmlWriterSettings
        {
            Async = true,
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            CloseOutput = false,
            NewLineChars = "\n",
        };
        await using var xml = XmlWriter.Create(output, settings);
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "feed", Namespace);
        await Text(xml, "id", feed.Id);
        await Text(xml, "title", feed.Title, type: "text");
        await Text(xml, "updated", Rfc3339(feed.Updated));
        await Link(xml, "self", MediaType, feed.SelfLink);
        if (feed.AlternateLink is not null) await Link(xml, "alternate", "text/html", feed.AlternateLink);
        if (feed.Entries.Any(e => string.IsNullOrWhiteSpace(Clean(e.AuthorName))))
            await Author(xml, Clean(feed.Title) is { Length: > 0 } title ? title : feed.Id);
        await Text(xml, "generator", "Kizuna");

        foreach (var entry in feed.Entries)
        {
            ct.ThrowIfCancellationRequested();
            await xml.WriteStartElementAsync(null, "entry", Namespace);
            await Text(xml, "id", entry.Id);
            await Text(xml, "title", entry.Title, type: "text");
            await Link(xml, "alternate", "text/html", entry.Link);
            await Text(xml, "published", Rfc3339(entry.Published));
            await Text(xml, "updated", Rfc3339(entry.Updated));
            if (Clean(entry.AuthorName) is var author && !string.IsNullOrWhiteSpace(author))
                await Author(xml, author);
            foreach (var category in entry.Categories)
            {
                var term = Clean(category).Trim();
                if (term.Length == 0) continue;
                await xml.WriteStartElementAsync(null, "category", Namespace);
                await xml.WriteAttributeStringAsync(null, "term", null, term);
                await xml.WriteEndElementAsync();
            }
            if (entry.SummaryText is not null) await Text(xml, "summary", entry.SummaryText, type: "text");
            if (entry.ContentHtml is not null) await Text(xml, "content", entry.ContentHtml, type: "html");
            await xml.WriteEndElementAsync();
        }

        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
        await output.FlushAsync(ct);
    }

    /// <summary>Removes every character that XML 1.0 cannot represent; keeps valid surrogate pairs.</summary>
    internal static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        StringBuilder? result = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                result?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (XmlConvert.IsXmlChar(c))
            {
                result?.Append(c);
                continue;
            }
            result ??= new StringBuilder(text.Length).Append(text, 0, i);
        }
        return result?.ToString() ?? text;
    }

    private static async Task Text(XmlWriter xml, string name, string value, string? type = null)
    {
        await xml.WriteStartElementAsync(null, name, Namespace);
        if (type is not null) await xml.WriteAttributeStringAsync(null, "type", null, type);
        await xml.WriteStringAsync(Clean(value));
        await xml.WriteEndElementAsync();
    }

    private static async Task Link(XmlWriter xml, string rel, string type, Uri href)
    {
        await xml.WriteStartElementAsync(null, "link", Namespace);
        await xml.WriteAttributeStringAsync(null, "rel", null, rel);
        await xml.WriteAttributeStringAsync(null, "type", null, type);
        await xml.WriteAttributeStringAsync(null, "href", null, href.AbsoluteUri);
        await xml.WriteEndElementAsync();
    }

    private static async Task Author(XmlWriter xml, string name)
    {
        await xml.WriteStartElementAsync(null, "author", Namespace);
        await Text(xml, "name", name);
        await xml.WriteEndElementAsync();
    }

    private static string Rfc3339(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Validate(AtomFeed feed)
    {
        CheckId(feed.Id, "feed id");
        CheckLink(feed.SelfLink, "feed self link");
        if (feed.AlternateLink is not null) CheckLink(feed.AlternateLink, "feed alternate link");
        ArgumentNullException.ThrowIfNull(feed.Entries);
        foreach (var entry in feed.Entries)
        {
            ArgumentNullException.ThrowIfNull(entry);
            CheckId(entry.Id, "entry id");
            CheckLink(entry.Link, $"link of entry {entry.Id}");
            ArgumentNullException.ThrowIfNull(entry.Categories);
        }
    }

    private static void CheckId(string id, string what)
    {
        if (string.IsNullOrEmpty(id) || !AbsoluteIri().IsMatch(id))
            throw new ArgumentException($"The {what} '{id}' is not an absolute IRI such as urn:uuid:… or tag:….");
    }

    private static void CheckLink(Uri? link, string what)
    {
        if (link is null || !link.IsAbsoluteUri)
            throw new ArgumentException($"The {what} '{link}' is not an absolute URI.");
    }

    // A scheme, a colon, then no whitespace and no character XML cannot carry.
    [GeneratedRegex(@"\A[A-Za-z][A-Za-z0-9+.\-]*:[^\s\x00-\x1F\x7F<>""]+\z")]
    private static partial Regex AbsoluteIri();
}
