using System.Text;
using System.Xml.Linq;
using Kizuna.Core.Features.Provision.Feeds;

namespace Kizuna.Core.Tests.Features.Provision;

public sealed class AtomFeedWriterTests
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly DateTimeOffset Jst = new(2026, 4, 1, 9, 30, 0, TimeSpan.FromHours(9));

    private static AtomEntry Entry(int n, string? author = "NISC") => new(
        $"urn:uuid:0197f3a2-0000-7000-8000-00000000000{n}",
        $"注意喚起 {n}",
        new Uri($"https://kizuna.example/advisories/{n}"),
        Jst,
        Jst.AddHours(n),
        $"概要 {n}",
        $"<p>本文 {n}</p>",
        ["電力", "ガス"],
        author);

    private static AtomFeed Feed(params AtomEntry[] entries) => new(
        "tag:kizuna.example,2026:advisories",
        "Kizuna 情報提供",
        new Uri("https://kizuna.example/feeds/advisories.atom"),
        new Uri("https://kizuna.example/advisories"),
        Jst.AddDays(1),
        entries);

    private static async Task<(XDocument Document, byte[] Bytes)> WriteAsync(AtomFeed feed)
    {
        using var stream = new MemoryStream();
        await AtomFeedWriter.WriteAsync(feed, stream, TestContext.Current.CancellationToken);
        var bytes = stream.ToArray();
        // Strict UTF-8: any invalid sequence throws here.
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        return (XDocument.Parse(text), bytes);
    }

    [Fact]
    public async Task WriteAsync_Feed_HasAtomNamespaceAndRequiredElements()
    {
        var (document, _) = await WriteAsync(Feed(Entry(1), Entry(2)));

        var feed = document.Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.Equal("tag:kizuna.example,2026:advisories", feed.Element(Atom + "id")!.Value);
        Assert.Equal("Kizuna 情報提供", feed.Element(Atom + "title")!.Value);
        Assert.Equal("2026-04-02T00:30:00Z", feed.Element(Atom + "updated")!.Value);
        var self = Assert.Single(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self");
        Assert.Equal("https://kizuna.example/feeds/advisories.atom", (string?)self.Attribute("href"));
        Assert.Equal(AtomFeedWriter.MediaType, (string?)self.Attribute("type"));
        var alternate = Assert.Single(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "alternate");
        Assert.Equal("https://kizuna.example/advisories", (string?)alternate.Attribute("href"));

        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.Equal(2, entries.Count);
        var first = entries[0];
        Assert.Equal("urn:uuid:0197f3a2-0000-7000-8000-000000000001", first.Element(Atom + "id")!.Value);
        Assert.Equal("注意喚起 1", first.Element(Atom + "title")!.Value);
        Assert.Equal("2026-04-01T00:30:00Z", first.Element(Atom + "published")!.Value);
        Assert.Equal("2026-04-01T01:30:00Z", first.Element(Atom + "updated")!.Value);
        Assert.Equal(DateTimeOffset.Parse("2026-04-01T01:30:00Z", System.Globalization.CultureInfo.InvariantCulture), Jst.AddHours(1));
        var link = Assert.Single(first.Elements(Atom + "link"));
        Assert.Equal("alternate", (string?)link.Attribute("rel"));
        Assert.Equal("https://kizuna.example/advisories/1", (string?)link.Attribute("href"));
        Assert.Equal("NISC", first.Element(Atom + "author")!.Element(Atom + "name")!.Value);
        Assert.Equal(["電力", "ガス"], first.Elements(Atom + "category").Select(c => (string?)c.Attribute("term")));
        Assert.Equal("text", (string?)first.Element(Atom + "summary")!.Attribute("type"));
        Assert.Equal("概要 1", first.Element(Atom + "summary")!.Value);
        // Every entry has an author, so the feed needs none.
        Assert.Null(feed.Element(Atom + "author"));
    }

    [Fact]
    public async Task WriteAsync_HtmlContent_IsEscapedTextNotMarkup()
    {
        const string html = "<p>a &amp; b <a href=\"https://ok.example/?x=1&amp;y=2\">link</a></p>\n<pre><code>&lt;script&gt;</code></pre>";
        var entry = Entry(1) with { ContentHtml = html };

        var (document, bytes) = await WriteAsync(Feed(entry));

        var content = document.Root!.Element(Atom + "entry")!.Element(Atom + "content")!;
        Assert.Equal("html", (string?)content.Attribute("type"));
        Assert.Empty(content.Elements());
        Assert.Equal(html, content.Value);
        var raw = Encoding.UTF8.GetString(bytes);
        Assert.Contains("&lt;p&gt;a &amp;amp; b", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_ControlCharacters_AreRemovedNotThrown()
    {
        var entry = Entry(1) with
        {
            Title = "a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\uFFFEh\uFFFFi\uD800j\uDC00k",
            SummaryText = "tab\tand\nnewline kept\u0007",
            ContentHtml = "<p>\u001Bx</p>",
            Categories = ["\u0002電力", "\u0003"],
            AuthorName = "N\u0000ISC",
        };
        var feed = Feed(entry) with { Title = "Feed\u0001" };

        var (document, _) = await WriteAsync(feed);

        var written = document.Root!.Element(Atom + "entry")!;
        Assert.Equal("abcdefghijk", written.Element(Atom + "title")!.Value);
        Assert.Equal("tab\tand\nnewline kept", written.Element(Atom + "summary")!.Value);
        Assert.Equal("<p>x</p>", written.Element(Atom + "content")!.Value);
        Assert.Equal(["電力"], written.Elements(Atom + "category").Select(c => (string?)c.Attribute("term")));
        Assert.Equal("NISC", written.Element(Atom + "author")!.Element(Atom + "name")!.Value);
        Assert.Equal("Feed", document.Root.Element(Atom + "title")!.Value);
    }

    [Fact]
    public async Task WriteAsync_JapaneseAndEmoji_SurviveAsUtf8WithoutBom()
    {
        var entry = Entry(1) with { Title = "重要インフラ事業者への注意喚起 🚨", SummaryText = "港湾・空港分野", ContentHtml = "<p>情報連絡</p>" };

        var (document, bytes) = await WriteAsync(Feed(entry));

        Assert.NotEqual(0xEF, bytes[0]);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        var written = document.Root!.Element(Atom + "entry")!;
        Assert.Equal("重要インフラ事業者への注意喚起 🚨", written.Element(Atom + "title")!.Value);
        Assert.Equal("港湾・空港分野", written.Element(Atom + "summary")!.Value);
        Assert.Equal("<p>情報連絡</p>", written.Element(Atom + "content")!.Value);
        var needle = Encoding.UTF8.GetBytes("重要インフラ");
        Assert.True(bytes.AsSpan().IndexOf(needle) >= 0);
    }

    [Fact]
    public async Task WriteAsync_EntryWithoutAuthor_FeedCarriesAuthor()
    {
        var (document, _) = await WriteAsync(Feed(Entry(1), Entry(2, author: null)));

        Assert.Equal("Kizuna 情報提供", document.Root!.Element(Atom + "author")!.Element(Atom + "name")!.Value);
        Assert.Null(document.Root.Elements(Atom + "entry").Last().Element(Atom + "author"));
    }

    [Fact]
    public async Task WriteAsync_OptionalPartsAbsent_AreOmitted()
    {
        var entry = Entry(1) with { SummaryText = null, ContentHtml = null, Categories = [] };
        var feed = Feed(entry) with { AlternateLink = null };

        var (document, _) = await WriteAsync(feed);

        Assert.Single(document.Root!.Elements(Atom + "link"));
        var written = document.Root.Element(Atom + "entry")!;
        Assert.Null(written.Element(Atom + "summary"));
        Assert.Null(written.Element(Atom + "content"));
        Assert.Empty(written.Elements(Atom + "category"));
    }

    [Fact]
    public async Task WriteAsync_NoEntries_IsAValidEmptyFeed()
    {
        var (document, _) = await WriteAsync(Feed());

        Assert.Equal(Atom + "feed", document.Root!.Name);
        Assert.Empty(document.Root.Elements(Atom + "entry"));
        Assert.Null(document.Root.Element(Atom + "author"));
    }

    [Fact]
    public async Task WriteAsync_Output_IsLeftOpen()
    {
        using var stream = new MemoryStream();
        await AtomFeedWriter.WriteAsync(Feed(Entry(1)), stream, TestContext.Current.CancellationToken);

        Assert.True(stream.CanWrite);
        Assert.True(stream.Length > 0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("advisory-1")]
    [InlineData("urn:uuid:has space")]
    [InlineData("/relative/id")]
    public async Task WriteAsync_EntryIdNotAbsoluteIri_ThrowsBeforeWriting(string id)
    {
        using var stream = new MemoryStream();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            AtomFeedWriter.WriteAsync(Feed(Entry(1) with { Id = id }), stream, TestContext.Current.CancellationToken));
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public async Task WriteAsync_RelativeLink_Throws()
    {
        using var stream = new MemoryStream();
        var entry = Entry(1) with { Link = new Uri("/advisories/1", UriKind.Relative) };

        await Assert.ThrowsAsync<ArgumentException>(() =>
            AtomFeedWriter.WriteAsync(Feed(entry), stream, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WriteAsync_CancelledToken_Throws()
    {
        using var stream = new MemoryStream();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomFeedWriter.WriteAsync(Feed(Entry(1)), stream, cts.Token));
    }
}
