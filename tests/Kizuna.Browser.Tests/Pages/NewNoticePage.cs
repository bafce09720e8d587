using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/notices/new: an analyst posts a notice with a TLP marking and an audience.</summary>
public sealed partial class NewNoticePage(IPage page) : PageObject(page)
{
    public ILocator Title => Page.Locator("#title");
    public ILocator Body => Page.Locator("#body");
    public ILocator Tlp => Page.Locator("#tlp");
    public ILocator WholeCommunity => Page.Locator("#community");
    public ILocator Organizations => Page.Locator("#orgs");
    public ILocator PostButton => Page.Locator("#post-notice");
    public ILocator SectorBox(string code) => Page.Locator($"input[type=checkbox][name='Input.Sectors'][value='{code}']");

    public static async Task<NewNoticePage> OpenAsync(IPage page)
    {
        await page.GotoAsync("/notices/new");
        return await ArrivedAsync(page);
    }

    internal static async Task<NewNoticePage> ArrivedAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(Url());
        var form = new NewNoticePage(page);
        await Expect(form.PostButton).ToBeVisibleAsync();
        return form;
    }

    /// <summary>Fills the notice; TLP is the value after "TLP:" (CLEAR, GREEN, AMBER, AMBER+STRICT, RED).</summary>
    public async Task WriteAsync(string title, string body, string tlp, params string[] sectors)
    {
        await Title.FillAsync(title);
        await Body.FillAsync(body);
        await Tlp.SelectOptionAsync(tlp);
        foreach (var sector in sectors) await SectorBox(sector).CheckAsync();
    }

    public async Task<NoticePage> PostAsync()
    {
        await PostButton.ClickAsync();
        return await NoticePage.ArrivedAsync(Page);
    }

    /// <summary>Posts a notice that is refused: the form stays, with <see cref="PageObject.Error"/> shown.</summary>
    public async Task TryPostAsync()
    {
        await PostButton.ClickAsync();
        await Expect(Error).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"/notices/new$")]
    private static partial Regex Url();
}
