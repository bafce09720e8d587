using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/account/security: turning two-factor sign-in (TOTP) on and off.</summary>
public sealed partial class SecurityPage(IPage page) : PageObject(page)
{
    public ILocator Status => Page.Locator("#two-factor-status");

    /// <summary>The authenticator key, lower case in groups of four.</summary>
    public ILocator Key => Page.Locator("#totp-key");
    public ILocator EnableCode => Page.Locator("#enable-code");
    public ILocator EnableButton => Page.Locator("#enable-2fa");
    public ILocator Enabled => Page.Locator("#two-factor-enabled");
    public ILocator RecoveryCodes => Page.Locator("#recovery-codes");

    public static async Task<SecurityPage> OpenAsync(IPage page)
    {
        await page.GotoAsync("/account/security");
        await Expect(page).ToHaveURLAsync(Url());
        var security = new SecurityPage(page);
        await Expect(security.Status.Or(security.Enabled)).ToBeVisibleAsync();
        return security;
    }

    /// <summary>Reads the key as a user would type it into an authenticator app.</summary>
    public async Task<string> ReadAuthenticatorKeyAsync()
    {
        await Expect(Key).ToBeVisibleAsync();
        return (await Key.InnerTextAsync()).Trim();
    }

    /// <summary>Confirms the enrolment with a code from the authenticator; waits for the recovery codes.</summary>
    public async Task TurnOnTwoFactorAsync(string code)
    {
        await EnableCode.FillAsync(code);
        await EnableButton.ClickAsync();
        await Expect(Enabled).ToBeVisibleAsync();
    }

    /// <summary>Tries a code that is refused: two-factor sign-in stays off, with <see cref="PageObject.Error"/> shown.</summary>
    public async Task TryTurnOnTwoFactorAsync(string code)
    {
        await EnableCode.FillAsync(code);
        await EnableButton.ClickAsync();
        await Expect(Error).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"/account/security$")]
    private static partial Regex Url();
}
