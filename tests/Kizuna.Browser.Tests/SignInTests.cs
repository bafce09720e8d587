using System.Text.RegularExpressions;
using Kizuna.Browser.Tests.Infrastructure;
using Kizuna.Browser.Tests.Pages;
using Kizuna.TestKit;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests;

public sealed class SignInTests(ChromiumFixture chromium, KizunaServerFixture server) : BrowserTest(chromium, server)
{
    [Fact]
    public async Task SignIn_WrongPassword_ShowsJapaneseErrorAndStays()
    {
        var login = await LoginPage.OpenAsync(Page);

        await login.TrySignInAsync(DemoUsers.Of("HIKARI-BANK", "reporter"), "not-the-password");

        await Expect(login.Error).ToHaveTextAsync("メールアドレスまたはパスワードが違います。");
        await Expect(Page).ToHaveURLAsync(new Regex("/account/login$"));
        await Expect(login.Email).ToHaveValueAsync(DemoUsers.Of("HIKARI-BANK", "reporter"));
        await Expect(login.Header.SignedInAs).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task SignIn_WrongPasswordAfterSwitchingToEnglish_ShowsEnglishError()
    {
        var login = await LoginPage.OpenAsync(Page);
        await login.Header.SwitchToEnglishAsync();
        await Expect(login.SignInButton).ToHaveTextAsync("Sign in");

        await login.TrySignInAsync(DemoUsers.Of("AKEBONO-POWER", "reporter"), "not-the-password");

        await Expect(login.Error).ToHaveTextAsync("The e-mail address or password is wrong.");
    }

    [Fact]
    public async Task SignIn_UnknownUser_ShowsTheSameErrorAsAWrongPassword()
    {
        var login = await LoginPage.OpenAsync(Page);

        await login.TrySignInAsync("nobody@hikari-bank.example", DemoUsers.Password);

        await Expect(login.Error).ToHaveTextAsync("メールアドレスまたはパスワードが違います。");
    }

    [Fact]
    public async Task SignOut_SignedIn_ReturnsToSignInAndProtectsPages()
    {
        var home = await SignInAsync(DemoUsers.Of("HIKARI-BANK", "reporter"));

        var login = await home.Header.SignOutAsync();

        await Expect(login.SignInButton).ToBeVisibleAsync();
        await Page.GotoAsync("/directory");
        await Expect(Page).ToHaveURLAsync(new Regex("/account/login"));
    }
}
