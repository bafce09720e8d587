using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/hotline: the alerts my organisation sent or received, and the form to send one.</summary>
public sealed partial class HotlinePage(IPage page) : PageObject(page)
{
    public ILocator SendForm => Page.Locator("#send-alert");

    public static async Task<HotlinePage> OpenAsync(IPage page)
    {
        await page.GotoAsync("/hotline");
        await Expect(page).ToHaveURLAsync(Url());
        await Expect(page.Locator("#alerts")).ToBeAttachedAsync();
        return new HotlinePage(page);
    }

    /// <summary>Sends an urgent alert to named organisations and lands on its page (with the board).</summary>
    public async Task<HotlineAlertPage> SendAsync(string title, string message, string tlp, int severity, params string[] organizations)
    {
        await SendForm.Locator("#severity").SelectOptionAsync(severity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await SendForm.Locator("#title").FillAsync(title);
        await SendForm.Locator("#message").FillAsync(message);
        await SendForm.Locator("#tlp").SelectOptionAsync(tlp);
        await SendForm.Locator("#orgs").FillAsync(string.Join(",", organizations));
        await SendForm.Locator("#send").ClickAsync();
        return await HotlineAlertPage.ArrivedAsync(Page);
    }

    [GeneratedRegex(@"/hotline(\?.*)?$")]
    private static partial Regex Url();
}
