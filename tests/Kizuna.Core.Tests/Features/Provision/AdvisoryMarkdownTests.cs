using Kizuna.Core.Errors;
using Kizuna.Core.Features.Provision.Markdown;

namespace Kizuna.Core.Tests.Features.Provision;

public sealed class AdvisoryMarkdownTests
{
    private const string Rel = "rel=\"noopener noreferrer nofollow\"";

    /// <summary>Markdown source, and a piece of text that must still be in the output (the attack is defused, not the body emptied).</summary>
    private static readonly (string Markdown, string Expected)[] Vectors =
    [
        // Raw HTML in every shape is shown as text.
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "&lt;SCRIPT"),
        ("<<script>script>alert(1)<</script>/script>", "alert(1)"),
        ("<img src=x onerror=alert(1)>", "&lt;img"),
        ("<img src=\"x\" OnErRoR=\"alert(1)\">", "&lt;img"),
        ("<iframe src=\"https://evil.example/\"></iframe>", "&lt;iframe"),
        ("<svg onload=alert(1)>", "&lt;svg"),
        ("<svg><script>alert(1)</script></svg>", "&lt;svg&gt;"),
        ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "&lt;math&gt;"),
        ("<object data=\"x\"></object><embed src=x><form action=x><button>go</button></form>", "&lt;form"),
        ("<details open ontoggle=alert(1)>", "&lt;details"),
        ("<style>body{display:none}</style>", "&lt;style&gt;"),
        ("<base href=\"javascript:/\"><meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">", "&lt;base"),
        ("<!-- x --><script>alert(1)</script>", "&lt;!-- x --&gt;"),
        ("<p style=\"background:url(javascript:alert(1))\">styled</p>", "styled"),
        ("<a href=\"&#106;avascript:alert(1)\">entity</a>", "entity"),
        ("<a href=\"java&#x0A;script:alert(1)\">newline</a>", "newline"),
        ("<a href=\"javascript:alert(1)\">**bold**</a>", "<strong>bold</strong>"),
        ("<div onmouseover=\"alert(1)\">\n\n*inside* [x](javascript:alert(1))\n\n</div>", "<em>inside</em> x"),
        // Inline links.
        ("[click](javascript:alert(1))", "click"),
        ("[click](JaVaScRiPt:alert(1))", "click"),
        ("[click](JAVASCRIPT:alert(1))", "click"),
        ("[click]( javascript:alert(1) )", "click"),
        ("[click](<javascript:alert(1)>)", "click"),
        ("[click](javascript:alert(1) \"title\")", "click"),
        ("[click](&#106;avascript:alert(1))", "click"),
        ("[click](&#x6A;avascript&#58;alert(1))", "click"),
        ("[click](&#0000106;avascript:alert(1))", "click"),
        ("[click](java&#x09;script:alert(1))", "click"),
        ("[click](javascript&colon;alert(1))", "click"),
        ("[click](javascript://%0aalert(1))", "click"),
        ("[click](vbscript:msgbox(1))", "click"),
        ("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "click"),
        ("[click](//evil.example/x)", "click"),
        ("[**bold** click](javascript:alert(1))", "<strong>bold</strong> click"),
        ("[x](https://ok.example/\"onmouseover=\"alert(1))", "x"),
        // Autolinks, CommonMark and extension forms.
        ("<javascript:alert(1)>", "alert(1)"),
        ("<JaVaScRiPt:alert(1)>", "alert(1)"),
        ("<vbscript:msgbox(1)>", "msgbox(1)"),
        ("<data:text/html,<script>alert(1)</script>>", "alert(1)"),
        ("<http://evil.example/\"onmouseover=\"alert(1)>", "evil.example"),
        ("https://example.com/<script>alert(1)</script>", "alert(1)"),
        ("www.example.com/\"onclick=\"alert(1)", "www.example.com"),
        // Reference links: full, collapsed, shortcut.
        ("[click][r]\n\n[r]: javascript:alert(1)", "click"),
        ("[r][]\n\n[r]: javascript:alert(1)", "r"),
        ("[r]\n\n[r]: javascript:alert(1)", "r"),
        ("[click][r]\n\n[r]: &#106;avascript:alert(1) \"t\"", "click"),
        ("[click][r]\n\n[r]: <JaVaScRiPt:alert(1)>", "click"),
        // Images and links around images.
        ("![x](javascript:alert(1))", "x"),
        ("[![pic](https://evil.example/p.png)](javascript:alert(1))", "pic"),
        ("![x](https://evil.example/p.png \"onerror=alert(1)\")", "x"),
        // Code shows dangerous text escaped.
        ("`<script>alert(1)</script>`", "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>"),
        ("```html\n<img src=x onerror=alert(1)>\n```", "&lt;img src=x onerror=alert(1)&gt;"),
        ("\0<script>alert(1)</script>", "&lt;script&gt;"),
    ];

    public static TheoryData<string, string> XssVectors => new(Vectors);

    [Theory, MemberData(nameof(XssVectors))]
    public void ToSafeHtml_XssVector_IsDefused(string markdown, string expected)
    {
        var html = AdvisoryMarkdown.ToSafeHtml(markdown);

        SafeHtmlAssert.Safe(html);
        Assert.Contains(expected, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))", "click")]
    [InlineData("[click](&#106;avascript:alert(1))", "click")]
    [InlineData("[click](//evil.example/x)", "click")]
    [InlineData("[click][r]\n\n[r]: javascript:alert(1)", "click")]
    [InlineData("<javascript:alert(1)>", "javascript:alert(1)")]
    [InlineData("![x](https://evil.example/p.png)", "x")]
    [InlineData("[![pic](https://evil.example/p.png)](javascript:alert(1))", "pic")]
    [InlineData("<script>alert(1)</script>", "<script>alert(1)</script>")]
    public void ToPlainText_DroppedLinkOrImage_KeepsOnlyItsText(string markdown, string expected)
    {
        Assert.Equal(expected, AdvisoryMarkdown.ToPlainText(markdown));
    }

    public static TheoryData<string, string> Images => new()
    {
        { "![x](https://evil.example/p.png)", "<p>x</p>" },
        { "![x](HTTPS://EVIL.EXAMPLE/P.PNG)", "<p>x</p>" },
        { "![x](http://evil.example/p.png \"title\")", "<p>x</p>" },
        { "![x](//evil.example/p.png)", "<p>x</p>" },
        { "![x](<//evil.example/p.png>)", "<p>x</p>" },
        { "![x](data:image/png;base64,iVBORw0KGgo=)", "<p>x</p>" },
        { "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", "<p>x</p>" },
        { "![x](p.png)", "<p>x</p>" },
        { "![x][img]\n\n[img]: https://evil.example/p.png", "<p>x</p>" },
        { "![x][]\n\n[x]: //evil.example/p.png", "<p>x</p>" },
        { "![x]\n\n[x]: https://evil.example/p.png", "<p>x</p>" },
        { "![**太字** と `code`](https://evil.example/p.png)", "<p>太字 と code</p>" },
        { "![](https://evil.example/p.png)", "<p></p>" },
        { "![<script>alert(1)</script>](https://evil.example/p.png)", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" },
        { "前 ![x](https://evil.example/p.png) 後", "<p>前 x 後</p>" },
        { "[![logo](https://evil.example/p.png)](https://ok.example/)", $"<p><a href=\"https://ok.example/\" {Rel}>logo</a></p>" },
    };

    [Theory, MemberData(nameof(Images))]
    public void ToSafeHtml_Image_BecomesItsAltText(string markdown, string expected)
    {
        var html = AdvisoryMarkdown.ToSafeHtml(markdown);

        SafeHtmlAssert.Safe(html);
        Assert.Equal(expected, html.Trim());
    }

    [Theory]
    [InlineData("[site](https://ok.example/path?q=1&r=2)", "<a href=\"https://ok.example/path?q=1&amp;r=2\" " + Rel + ">site</a>")]
    [InlineData("[site](HTTP://OK.EXAMPLE/)", "<a href=\"HTTP://OK.EXAMPLE/\" " + Rel + ">site</a>")]
    [InlineData("[site](https://ok.example/ \"Title\")", "<a href=\"https://ok.example/\" title=\"Title\" " + Rel + ">site</a>")]
    [InlineData("[mail](mailto:soc@example.jp)", "<a href=\"mailto:soc@example.jp\" " + Rel + ">mail</a>")]
    [InlineData("<https://ok.example/>", "<a href=\"https://ok.example/\" " + Rel + ">https://ok.example/</a>")]
    [InlineData("<soc@example.jp>", "<a href=\"mailto:soc@example.jp\" " + Rel + ">soc@example.jp</a>")]
    [InlineData("see https://ok.example/a now", "<a href=\"https://ok.example/a\" " + Rel + ">https://ok.example/a</a>")]
    [InlineData("see www.example.org now", "<a href=\"http://www.example.org\" " + Rel + ">www.example.org</a>")]
    [InlineData("[ref][r]\n\n[r]: https://ok.example/r", "<a href=\"https://ok.example/r\" " + Rel + ">ref</a>")]
    public void ToSafeHtml_AllowedLink_KeepsHrefWithRel(string markdown, string expectedAnchor)
    {
        var html = AdvisoryMarkdown.ToSafeHtml(markdown);

        SafeHtmlAssert.Safe(html);
        Assert.Contains(expectedAnchor, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[rel](/reports/1)", "<p>rel</p>")]
    [InlineData("[frag](#top)", "<p>frag</p>")]
    [InlineData("[ftp](ftp://files.example/x)", "<p>ftp</p>")]
    [InlineData("[tel](tel:+81-3-0000-0000)", "<p>tel</p>")]
    [InlineData("[proto](//evil.example/x)", "<p>proto</p>")]
    [InlineData("[nohost](http:///x)", "<p>nohost</p>")]
    [InlineData("ftp://files.example/x", "<p>ftp://files.example/x</p>")]
    public void ToSafeHtml_LinkWithoutAbsoluteAllowedScheme_KeepsOnlyText(string markdown, string expected)
    {
        var html = AdvisoryMarkdown.ToSafeHtml(markdown);

        Assert.Equal(expected, html.Trim());
    }

    [Fact]
    public void ToSafeHtml_HeadingsAndInlines_RenderAsExpected()
    {
        var html = AdvisoryMarkdown.ToSafeHtml("# 注意喚起\n\n## 対策\n\n###### 六\n\n**強調** *斜体* ~~取消~~ `code`");

        Assert.Contains("<h1>注意喚起</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>対策</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h6>六</h6>", html, StringComparison.Ordinal);
        Assert.Contains("<p><strong>強調</strong> <em>斜体</em> <del>取消</del> <code>code</code></p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" id=", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSafeHtml_Lists_RenderAsExpected()
    {
        var html = AdvisoryMarkdown.ToSafeHtml("- 電力\n- ガス\n  - 都市ガス\n\n3. 三\n4. 四");

        Assert.Contains("<ul>\n<li>電力</li>\n<li>ガス\n<ul>\n<li>都市ガス</li>\n</ul>\n</li>\n</ul>", html, StringComparison.Ordinal);
        Assert.Contains("<ol start=\"3\">\n<li>三</li>\n<li>四</li>\n</ol>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSafeHtml_TaskList_RendersDisabledCheckboxes()
    {
        var html = AdvisoryMarkdown.ToSafeHtml("- [x] パッチ適用\n- [ ] 再起動");

        SafeHtmlAssert.Safe(html);
        Assert.Contains("<input disabled=\"disabled\" type=\"checkbox\" checked=\"checked\"> パッチ適用", html, StringComparison.Ordinal);
        Assert.Contains("<input disabled=\"disabled\" type=\"checkbox\"> 再起動", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSafeHtml_PipeTable_RendersWithoutAlignmentStyle()
    {
        var html = AdvisoryMarkdown.ToSafeHtml("| 分野 | 件数 |\n|:--|--:|\n| 電力 | 3 |\n| 水道 | 1 |");

        SafeHtmlAssert.Safe(html);
        Assert.Equal(
            "<table>\n<thead>\n<tr>\n<th>分野</th>\n<th>件数</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>電力</td>\n<td>3</td>\n</tr>\n<tr>\n<td>水道</td>\n<td>1</td>\n</tr>\n</tbody>\n</table>",
            html.Trim());
    }

    [Fact]
    public void ToSafeHtml_ScriptInsideCodeBlock_IsShownAsEscapedText()
    {
        var html = AdvisoryMarkdown.ToSafeHtml("```js\n<script>alert(\"x\")</script>\n```\n\n    <iframe src=x>");

        SafeHtmlAssert.Safe(html);
        Assert.Contains("<pre><code>&lt;script&gt;alert(\"x\")&lt;/script&gt;\n</code></pre>", html, StringComparison.Ordinal);
        Assert.Contains("<pre><code>&lt;iframe src=x&gt;\n</code></pre>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSafeHtml_JapaneseParagraphsAndQuote_RenderAsExpected()
    {
        var html = AdvisoryMarkdown.ToSafeHtml("重要インフラ事業者各位\n\n> 所管省庁より転送\n\n---\n\n以上。  \n内閣サイバーセキュリティセンター");

        Assert.Equal(
            "<p>重要インフラ事業者各位</p>\n<blockquote>\n<p>所管省庁より転送</p>\n</blockquote>\n<hr>\n<p>以上。<br>\n内閣サイバーセキュリティセンター</p>",
            html.Trim());
    }

    [Fact]
    public void ToSafeHtml_LoneSurrogate_IsReplacedNotThrown()
    {
        // Built here, not in InlineData: theory data is serialized and would lose the lone surrogates.
        // Markdig 1.6.0 alone throws ArgumentException while escaping such a URL.
        string[] sources =
        [
            "<mailto:a\uD800\u00E9@example.jp>",
            "<mailto:a\uD800\u200B@example.jp>",
            "<http://x.example/\uD800\u3042>",
            "[a](https://x.example/\uD800\uD800)",
            "see https://x.example/\uD800\uFFFD now",
            "text \uD800 and \uDFFF alone",
        ];
        Assert.All(sources, source => Assert.Contains(source, char.IsSurrogate));

        foreach (var source in sources)
        {
            var html = AdvisoryMarkdown.ToSafeHtml(source);
            var text = AdvisoryMarkdown.ToPlainText(source);

            SafeHtmlAssert.Safe(html);
            Assert.DoesNotContain(html, char.IsSurrogate);
            Assert.DoesNotContain(text, char.IsSurrogate);
        }
    }

    [Fact]
    public void ToSafeHtml_EmptySource_IsEmpty()
    {
        Assert.Equal("", AdvisoryMarkdown.ToSafeHtml("").Trim());
        Assert.Equal("", AdvisoryMarkdown.ToPlainText(""));
    }

    [Fact]
    public void ToSafeHtml_SourceAtLimit_IsAccepted()
    {
        var html = AdvisoryMarkdown.ToSafeHtml(new string('あ', AdvisoryMarkdown.MaxSourceLength));

        Assert.StartsWith("<p>あ", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSafeHtml_SourceOverLimit_ThrowsInputExceptionForBody()
    {
        var tooLong = new string('a', AdvisoryMarkdown.MaxSourceLength + 1);

        var error = Assert.Throws<InputException>(() => AdvisoryMarkdown.ToSafeHtml(tooLong));
        Assert.True(error.Errors.ContainsKey("body"));
        Assert.Throws<InputException>(() => AdvisoryMarkdown.ToPlainText(tooLong));
    }

    [Fact]
    public void ToPlainText_Advisory_IsReadableWithLinkUrlsInAngleBrackets()
    {
        const string markdown = """
            # 注意喚起: VPN 装置の脆弱性

            詳細は [JPCERT/CC](https://www.jpcert.or.jp/) と <https://nvd.nist.gov/> を参照。
            連絡先 <soc@example.jp>、[担当](mailto:desk@example.jp)。
            [危険](javascript:alert(1)) ![図](https://evil.example/p.png)

            - [x] パッチ適用
            - [ ] 再起動
              - 夜間に

            1. 確認
            2. 報告

            > 所管省庁より
            > 転送

            | 分野 | 件数 |
            |---|---|
            | 電力 | 3 |

            ```
            if (a < b && c > d) { }
            ```

            a & b < c  
            次の行
            """;

        var text = AdvisoryMarkdown.ToPlainText(markdown);

        Assert.Equal(
            """
            注意喚起: VPN 装置の脆弱性

            詳細は JPCERT/CC <https://www.jpcert.or.jp/> と <https://nvd.nist.gov/> を参照。
            連絡先 <soc@example.jp>、担当 <desk@example.jp>。
            危険 図

            - [x] パッチ適用
            - [ ] 再起動
              - 夜間に

            1. 確認
            2. 報告

            > 所管省庁より
            > 転送

            分野 | 件数
            電力 | 3

            if (a < b && c > d) { }

            a & b < c
            次の行
            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void ToPlainText_LooseListAndOrderedStart_KeepNumbersAndParagraphs()
    {
        var text = AdvisoryMarkdown.ToPlainText("5. 一\n\n   続き\n\n6. 二");

        Assert.Equal("5. 一\n\n   続き\n6. 二", text);
    }

    public static TheoryData<string> RawHtml => new()
    {
        "<p onclick=\"x\" style=\"color:red\" id=\"a\" class=\"evil\">t<script>alert(1)</script></p>",
        "<img src=\"https://evil.example/p.png\" onerror=\"alert(1)\"><img src=\"p.png\"><img src=\"data:image/png;base64,AAAA\">",
        "<a href=\"javascript:alert(1)\">js</a><a href=\"&#106;avascript:alert(1)\">ent</a><a href=\"JaVaScRiPt:alert(1)\">mixed</a>",
        "<a href=\"//evil.example/x\">protocol-relative</a><a href=\"/relative\">relative</a><a href=\"data:text/html,x\">data</a><a href=\"vbscript:x\">vb</a>",
        "<a href=\"https://ok.example/\" target=\"_blank\" rel=\"opener\" onclick=\"x\">ok</a>",
        "<svg onload=\"alert(1)\"><circle></circle></svg><math><mi>x</mi></math>",
        "<iframe src=\"https://evil.example/\"></iframe><object data=\"x\"></object><embed src=\"x\"><form action=\"x\"><input type=\"text\"></form>",
        "<input type=\"checkbox\" checked onclick=\"x\"><input type=\"image\" src=\"https://evil.example/\"><input type=\"submit\">",
        "<table><tr><td style=\"background:url(x)\" background=\"https://evil.example/p.png\">c</td></tr></table>",
        "<h1 id=\"login\" name=\"x\">clobber</h1><style>*{}</style><link rel=\"stylesheet\" href=\"https://evil.example/\">",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<pre><code class=\"language-js\" data-x=\"y\">code</code></pre>",
    };

    [Theory, MemberData(nameof(RawHtml))]
    public void SanitizeHtml_HtmlMarkdigWouldNeverEmit_IsStillMadeSafe(string html)
    {
        SafeHtmlAssert.Safe(AdvisoryMarkdown.SanitizeHtml(html));
    }

    [Fact]
    public void SanitizeHtml_AllowedLink_GetsRelReplaced()
    {
        var html = AdvisoryMarkdown.SanitizeHtml("<a href=\"https://ok.example/\" target=\"_blank\" rel=\"opener\">ok</a><a href=\"/x\">rel</a>");

        Assert.Equal($"<a href=\"https://ok.example/\" {Rel}>ok</a>rel", html);
    }
}
