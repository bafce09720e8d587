using System.Text.RegularExpressions;
using Kizuna.Server.Components.Layout;
using Kizuna.Server.Http;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Hotline.HotlineApi;

namespace Kizuna.Server.Tests;

/// <summary>
/// The UI's JavaScript stays within the strict CSP: exactly two self-hosted scripts under /js/
/// (the SignalR client and the hotline's live channel), only for signed-in members, no inline
/// script, no inline event handler, on every page.
/// </summary>
public sealed partial class PageScriptsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Pages_Rendered_HaveNoInlineScriptOrHandler_AndOnlyTheTwoScriptsUnderJs(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        // A banner (with its form and the script's template) on every page of the bank.
        await SendAsync(nisc, Alert("Scripts walk", "AMBER", ("organization", "HIKARI-BANK")));
        await using var db = server.NewContext();
        var values = await DemoValues.RouteValuesAsync(db, ["HIKARI-BANK"], [await db.Notices.Select(n => n.Id).FirstAsync()], allSectors: false);
        using var bank = await server.SignInAsync(BankReporter);
        using var anonymous = server.CreateClient();

        var pages = RouteCatalog.Gets(server.Services).Where(RouteCatalog.IsPage).SelectMany(e => RouteCatalog.Expand(e, values)).ToList();
        Assert.Contains("/", pages);
        Assert.Contains("/account/login", pages);
        var checkedPages = 0;
        foreach (var path in pages)
        {
            foreach (var (who, client) in new[] { ("member", bank), ("anonymous", anonymous) })
            {
                var response = await client.GetAsync(path);
                if (response.Content.Headers.ContentType?.MediaType != "text/html") continue;
                var html = await response.Content.ReadAsStringAsync();
                checkedPages++;
                foreach (Match script in ScriptPattern().Matches(html))
                {
                    Assert.True(script.Groups[2].Value.Trim().Length == 0, $"{path} ({who}): an inline script body.");
                    var src = SrcPattern().Match(script.Groups[1].Value);
                    Assert.True(src.Success, $"{path} ({who}): a <script> without src.");
                    Assert.StartsWith("/js/", src.Groups[1].Value);
                }
                var handler = HandlerPattern().Match(html);
                Assert.False(handler.Success, $"{path} ({who}): an inline event handler: {handler.Value}");
                Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
            }
        }
        Assert.True(checkedPages > 20, $"Only {checkedPages} pages were checked.");

        // Members get exactly the two scripts, in order and deferred; a signed-out page none.
        var home = await bank.GetStringAsync("/");
        Assert.Equal([MainLayout.SignalRScript, MainLayout.LiveScript], ScriptPattern().Matches(home).Select(m => SrcPattern().Match(m.Groups[1].Value).Groups[1].Value));
        Assert.All(ScriptPattern().Matches(home), m => Assert.Contains("defer", m.Groups[1].Value));
        Assert.Empty(ScriptPattern().Matches(await anonymous.GetStringAsync("/account/login")));

        // Both are served from wwwroot as JavaScript, and the CSP admits no other origin and nothing inline.
        foreach (var script in new[] { MainLayout.SignalRScript, MainLayout.LiveScript })
        {
            var response = await anonymous.GetAsync(script);
            response.EnsureSuccessStatusCode();
            Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Contains("script-src 'self';", SecurityHeaders.ContentSecurityPolicy);
        Assert.DoesNotContain("unsafe-inline", SecurityHeaders.ContentSecurityPolicy);
        Assert.DoesNotContain("unsafe-eval", SecurityHeaders.ContentSecurityPolicy);
    }

    [GeneratedRegex(@"<script\b([^>]*)>(.*?)</script\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptPattern();

    [GeneratedRegex("\\bsrc=\"([^\"]*)\"")]
    private static partial Regex SrcPattern();

    /// <summary>An on…= attribute inside a tag.</summary>
    [GeneratedRegex(@"<[a-zA-Z][^>]*\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex HandlerPattern();
}
