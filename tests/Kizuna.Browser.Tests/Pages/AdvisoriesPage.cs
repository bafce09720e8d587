using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/advisories: the inbox, sent and all tabs of advisories (情報提供).</summary>
public sealed partial class AdvisoriesPage(IPage page) : PageObject(page)
{
    public ILocator NewAdvisoryLink => Page.Locator("#new-advisory");
    public ILocator Rows => Page.Locator("#advisories tbody tr.advisory-row");

    /// <summary>The row of an advisory by its title; <c>data-unread</c> says whether the viewer has read it.</summary>
    public ILocator Row(string title) => Rows.Filter(new() { Has = Page.Locator("a.advisory-title", new() { HasTextString = title }) });

    public static async Task<AdvisoriesPage> OpenAsync(IPage page, string box = "inbox")
    {
        await page.GotoAsync($"/advisories?box={box}");
        return await ArrivedAsync(page);
    }

    internal static async Task<AdvisoriesPage> ArrivedAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(Url());
        var list = new AdvisoriesPage(page);
        await Expect(list.Page.Locator("#advisory-boxes")).ToBeVisibleAsync();
        return list;
    }

    public async Task<AdvisoryFormPage> StartNewAdvisoryAsync()
    {
        await NewAdvisoryLink.ClickAsync();
        return await AdvisoryFormPage.ArrivedAsync(Page);
    }

    public async Task<AdvisoryPage> OpenAdvisoryAsync(string title)
    {
        await Row(title).Locator("a.advisory-title").ClickAsync();
        return await AdvisoryPage.ArrivedAsync(Page);
    }

    [GeneratedRegex(@"/advisories(\?.*)?$")]
    private static partial Regex Url();
}
