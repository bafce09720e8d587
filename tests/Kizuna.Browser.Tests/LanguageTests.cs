using System.Text.RegularExpressions;
using Kizuna.Browser.Tests.Infrastructure;
using Kizuna.TestKit;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests;

/// <summary>The UI is Japanese by default; the English switch is kept in a cookie.</summary>
public sealed class LanguageTests(ChromiumFixture chromium, KizunaServerFixture server) : BrowserTest(chromium, server)
{
    [Fact]
    public async Task SignIn_NewBrowser_HomeIsJapanese()
    {
        var home = await SignInAsync(DemoUsers.Of("HIKARI-BANK", "reporter"));

        await Expect(home.Header.Document).ToHaveAttributeAsync("lang", "ja");
        await Expect(home.Heading).ToContainTextAsync("ようこそ");
        await Expect(home.Header.Navigation).ToContainTextAsync("組織名簿");
        await Expect(home.Header.SignOutButton).ToHaveTextAsync("ログアウト");
        await Expect(home.Header.JapaneseLink).ToHaveClassAsync("active");
    }

    [Fact]
    public async Task SwitchToEnglish_ThenOtherPageAndReload_StaysEnglishUntilSwitchedBack()
    {
        var home = await SignInAsync(DemoUsers.Of("HIKARI-BANK", "reporter"));

        await home.Header.SwitchToEnglishAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(@"^https?://[^/]+/$"));
        await Expect(home.Heading).ToContainTextAsync("Welcome");
        await Expect(home.Header.Navigation).ToContainTextAsync("Directory");
        await Expect(home.Header.SignOutButton).ToHaveTextAsync("Sign out");

        var directory = await home.Header.OpenDirectoryAsync();
        await Page.ReloadAsync();
        await Expect(directory.Heading).ToHaveTextAsync("Directory");
        await Expect(directory.SearchButton).ToHaveTextAsync("Search");
        await Expect(directory.Header.EnglishLink).ToHaveClassAsync("active");

        await directory.Header.SwitchToJapaneseAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/directory$"));
        await Expect(directory.Heading).ToHaveTextAsync("組織名簿");
        await Page.ReloadAsync();
        await Expect(directory.Heading).ToHaveTextAsync("組織名簿");
        await Expect(directory.SearchButton).ToHaveTextAsync("検索");
    }
}
