using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/ : the welcome page with the viewer's organisation and the community counts.</summary>
public sealed partial class HomePage(IPage page) : PageObject(page)
{
    public ILocator OrganizationLink => Page.Locator("main dl.props a[href^='/directory/']").First;

    internal static async Task<HomePage> ArrivedAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(Url());
        var home = new HomePage(page);
        await Expect(home.Header.SignedInAs).ToBeVisibleAsync();
        return home;
    }

    [GeneratedRegex(@"^https?://[^/]+/$")]
    private static partial Regex Url();
}
