using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/notices: the notices (お知らせ) the viewer may see.</summary>
public sealed partial class NoticesPage(IPage page) : PageObject(page)
{
    public ILocator Titles => Page.Locator("#notices tbody tr td:nth-child(2) a");
    public ILocator NewNoticeLink => Page.Locator("#new-notice");
    public ILocator Notice(string title) => Titles.GetByText(title, new LocatorGetByTextOptions { Exact = true });

    public static async Task<NoticesPage> OpenAsync(IPage page)
    {
        await page.GotoAsync("/notices");
        await Expect(page).ToHaveURLAsync(Url());
        var notices = new NoticesPage(page);
        await Expect(page.Locator("#notices")).ToBeVisibleAsync();
        return notices;
    }

    public async Task<NewNoticePage> StartNewNoticeAsync()
    {
        await NewNoticeLink.ClickAsync();
        return await NewNoticePage.ArrivedAsync(Page);
    }

    public async Task<NoticePage> OpenNoticeAsync(string title)
    {
        await Notice(title).ClickAsync();
        return await NoticePage.ArrivedAsync(Page);
    }

    [GeneratedRegex(@"/notices(\?.*)?$")]
    private static partial Regex Url();
}
