using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/account/login: e-mail and password.</summary>
public sealed class LoginPage(IPage page) : PageObject(page)
{
    public ILocator Email => Page.Locator("#email");
    public ILocator Password => Page.Locator("#password");
    public ILocator SignInButton => Page.Locator("#sign-in");

    public static async Task<LoginPage> OpenAsync(IPage page)
    {
        await page.GotoAsync("/account/login");
        var login = new LoginPage(page);
        await Expect(login.SignInButton).ToBeVisibleAsync();
        return login;
    }

    /// <summary>Signs in a user without a second factor.</summary>
    public async Task<HomePage> SignInAsync(string email, string password)
    {
        await SubmitAsync(email, password);
        return await HomePage.ArrivedAsync(Page);
    }

    /// <summary>Signs in a user with two-factor sign-in on, who is then asked for a code.</summary>
    public async Task<TwoFactorPage> SignInWithTwoFactorAsync(string email, string password)
    {
        await SubmitAsync(email, password);
        return await TwoFactorPage.ArrivedAsync(Page);
    }

    /// <summary>Tries credentials that are refused and stays on this page, with <see cref="PageObject.Error"/> shown.</summary>
    public async Task TrySignInAsync(string email, string password)
    {
        await SubmitAsync(email, password);
        await Expect(Error).ToBeVisibleAsync();
    }

    private async Task SubmitAsync(string email, string password)
    {
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await SignInButton.ClickAsync();
    }
}
