using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>The shared header (MainLayout): navigation, language links, who is signed in, sign-out.</summary>
public sealed partial class Header(IPage page)
{
    public ILocator Navigation => page.Locator("header.top nav.main");
    public ILocator JapaneseLink => page.Locator("#lang-ja");
    public ILocator EnglishLink => page.Locator("#lang-en");
    public ILocator SignedInAs => page.Locator("header.top a.who");
    /// <summary>The number of unread advisories beside "情報提供" (absent when there are none).</summary>
    public ILocator UnreadCount => page.Locator("#nav-advisories #unread-count");
    public ILocator SignOutButton => page.Locator("header.top form[action='/account/logout'] button[type=submit]");

    /// <summary>The language the page is rendered in (<c>&lt;html lang&gt;</c>).</summary>
    public ILocator Document => page.Locator("html");

    public async Task SwitchToEnglishAsync()
    {
        await EnglishLink.ClickAsync();
        await Expect(Document).ToHaveAttributeAsync("lang", "en");
    }

    public async Task SwitchToJapaneseAsync()
    {
        await JapaneseLink.ClickAsync();
        await Expect(Document).ToHaveAttributeAsync("lang", "ja");
    }

    public async Task<DirectoryPage> OpenDirectoryAsync()
    {
        await Navigation.Locator("a[href='/directory']").ClickAsync();
        return await DirectoryPage.ArrivedAsync(page);
    }

    public async Task<ReportsPage> OpenReportsAsync()
    {
        await Navigation.Locator("#nav-reports").ClickAsync();
        return await ReportsPage.ArrivedAsync(page);
    }

    public async Task<AdvisoriesPage> OpenAdvisoriesAsync()
    {
        await Navigation.Locator("#nav-advisories").ClickAsync();
        return await AdvisoriesPage.ArrivedAsync(page);
    }

    public async Task<LoginPage> SignOutAsync()
    {
        await SignOutButton.ClickAsync();
        await Expect(page).ToHaveURLAsync(LoginUrl());
        return new LoginPage(page);
    }

    [GeneratedRegex(@"/account/login(\?.*)?$")]
    private static partial Regex LoginUrl();
}
