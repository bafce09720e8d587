using System.Text.RegularExpressions;
using Kizuna.Browser.Tests.Infrastructure;
using Kizuna.Browser.Tests.Pages;
using Kizuna.TestKit;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests;

/// <summary>
/// TOTP enrolment and sign-in. Each test enrols a different demo user, since enrolment changes the
/// user for the rest of the class.
/// </summary>
public sealed class TwoFactorTests(ChromiumFixture chromium, KizunaServerFixture server) : BrowserTest(chromium, server)
{
    [Fact]
    public async Task TurnOn_ThenSignInAgain_AsksForCodeAndReachesHome()
    {
        var email = DemoUsers.Of("AKEBONO-POWER", "reporter");
        var key = await TurnOnTwoFactorAndSignOutAsync(email);

        var login = await LoginPage.OpenAsync(Page);
        var twoFactor = await login.SignInWithTwoFactorAsync(email, DemoUsers.Password);
        await Expect(twoFactor.Heading).ToHaveTextAsync("二要素認証");
        var home = await twoFactor.VerifyAsync(Totp.Code(key, DateTimeOffset.UtcNow));

        await Expect(home.Header.SignedInAs).ToContainTextAsync(email);
        await Expect(home.Heading).ToContainTextAsync("ようこそ");
    }

    [Fact]
    public async Task SignIn_WrongCode_ShowsErrorAndTheRightCodeStillWorks()
    {
        var email = DemoUsers.Of("HAGANE-CONTROL", "reporter");
        var key = await TurnOnTwoFactorAndSignOutAsync(email);
        var login = await LoginPage.OpenAsync(Page);
        var twoFactor = await login.SignInWithTwoFactorAsync(email, DemoUsers.Password);

        await twoFactor.TryVerifyAsync(WrongCode(key));

        await Expect(twoFactor.Error).ToHaveTextAsync("コードが正しくありません。");
        await Expect(Page).ToHaveURLAsync(new Regex("/account/login-2fa"));
        await Expect(twoFactor.Header.SignedInAs).ToHaveCountAsync(0);
        var home = await twoFactor.VerifyAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await Expect(home.Header.SignedInAs).ToContainTextAsync(email);
    }

    [Fact]
    public async Task TurnOn_WrongCode_ShowsErrorAndStaysOff()
    {
        await SignInAsync(DemoUsers.Of("KIYORA-WATER"));
        var security = await SecurityPage.OpenAsync(Page);
        var key = await security.ReadAuthenticatorKeyAsync();

        await security.TryTurnOnTwoFactorAsync(WrongCode(key));

        await Expect(security.Error).ToContainTextAsync("コードが正しくありません。");
        await Expect(security.Enabled).ToHaveCountAsync(0);
        await Expect(security.RecoveryCodes).ToHaveCountAsync(0);
        await Expect(security.Key).ToHaveTextAsync(key);
    }

    /// <summary>Signs in, enrols an authenticator on the security page, signs out; returns the key.</summary>
    private async Task<string> TurnOnTwoFactorAndSignOutAsync(string email)
    {
        await SignInAsync(email);
        var security = await SecurityPage.OpenAsync(Page);
        var key = await security.ReadAuthenticatorKeyAsync();
        await security.TurnOnTwoFactorAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await Expect(security.RecoveryCodes).ToHaveTextAsync(new Regex(@"^\S+( \S+){9}$"));
        await security.Header.SignOutAsync();
        return key;
    }

    /// <summary>A six-digit code that no nearby time step of the key produces.</summary>
    private static string WrongCode(string key)
    {
        var now = DateTimeOffset.UtcNow;
        var valid = Enumerable.Range(-4, 9).Select(step => Totp.Code(key, now.AddSeconds(30 * step))).ToHashSet();
        return Enumerable.Range(0, 100).Select(i => $"{(123456 + i * 7919) % 1_000_000:D6}").First(c => !valid.Contains(c));
    }
}
