using CsCheck;
using Kizuna.Core.Features.Provision.Markdown;

namespace Kizuna.Core.Tests.Features.Provision;

/// <summary>Random bodies stitched from dangerous fragments: the HTML always meets the safety invariants.</summary>
public sealed class AdvisoryMarkdownPropertyTests
{
    private static readonly string[] Fragments =
    [
        "<script>", "</script>", "<SCRIPT", "alert(1)", "javascript:", "JaVaScRiPt:", "java\tscript:", "java&#x09;script:",
        "&#106;avascript:", "&#x6A;", "&#58;", "&colon;", "vbscript:", "data:text/html,", "data:image/png;base64,iVBOR",
        "ｊａｖａｓｃｒｉｐｔ:", "<img src=x ", "onerror=", " onload=", "OnMouseOver=", "<svg", "<iframe", "<object", "<embed",
        "<form>", "<math>", "<style>", "style=\"color:red\"", "<a href=\"", "\">", "</a>", "<", ">", "\"", "'", "=",
        "[", "]", "(", ")", "![", "](", "[r]", "[r]: ", "<http://", "<mailto:", "@example.jp>", "https://evil.example/p.png",
        "//evil.example/p.png", "http://", "https://", "mailto:", "www.", "ok.example", "/", "#", "?", "&", ";", "\\",
        "`", "```", "    ", "\n", "\n\n", "*", "**", "_", "~~", "|", "| --- |", "---", "- ", "1. ", "- [ ] ", "- [x] ", "> ",
        "# ", "<!--", "-->", "<![CDATA[", "]]>", "\0", "\u200b", "\u2028", "\uFEFF", "\uD800", "見出し", "重要インフラ", "🚨",
    ];

    private static readonly Gen<string> Bodies =
        Gen.OneOf(Gen.OneOf(Fragments), Gen.String[0, 6]).Array[0, 40].Select(string.Concat);

    // KIZUNA_PROPERTY_ITER=20000 for a deeper hunt than the default run.
    private static int Iterations => int.TryParse(Environment.GetEnvironmentVariable("KIZUNA_PROPERTY_ITER"), out var n) && n > 0 ? n : 2000;

    [Fact]
    public void ToSafeHtml_RandomDangerousBodies_MeetSafetyInvariants()
    {
        Bodies.Sample(body =>
        {
            SafeHtmlAssert.Safe(AdvisoryMarkdown.ToSafeHtml(body));
        }, iter: Iterations);
    }

    [Fact]
    public void ToPlainText_RandomDangerousBodies_ShowExactlyTheSafeLinkTargets()
    {
        Bodies.Sample(body =>
        {
            var text = AdvisoryMarkdown.ToPlainText(body);
            Assert.DoesNotContain("rel=\"noopener", text, StringComparison.Ordinal);
            foreach (var href in SafeHtmlAssert.Hrefs(AdvisoryMarkdown.ToSafeHtml(body)))
            {
                var shown = href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? href["mailto:".Length..] : href;
                Assert.Contains("<" + shown + ">", text, StringComparison.Ordinal);
            }
        }, iter: Iterations / 4);
    }
}
