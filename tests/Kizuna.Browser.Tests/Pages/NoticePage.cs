using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/notices/{id}: one notice, or "not found" for a viewer outside its audience.</summary>
public sealed partial class NoticePage(IPage page) : PageObject(page)
{
    public ILocator Title => Page.Locator("#notice-title");
    public ILocator Body => Page.Locator("#notice-body");

    /// <summary>The notice's address, e.g. /notices/0197….</summary>
    public string Path => new Uri(Page.Url).AbsolutePath;

    /// <summary>Opens a notice by address; check <see cref="Title"/> or <see cref="PageObject.Error"/> for the outcome.</summary>
    public static async Task<NoticePage> OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        var notice = new NoticePage(page);
        await Expect(notice.Title.Or(notice.Error)).ToBeVisibleAsync();
        return notice;
    }

    internal static async Task<NoticePage> ArrivedAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(Url());
        var notice = new NoticePage(page);
        await Expect(notice.Title).ToBeVisibleAsync();
        return notice;
    }

    [GeneratedRegex(@"/notices/[0-9a-f-]{36}$")]
    private static partial Regex Url();
}
