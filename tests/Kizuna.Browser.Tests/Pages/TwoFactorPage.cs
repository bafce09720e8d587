using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/account/login-2fa: the authenticator code (or a recovery code) after the password.</summary>
public sealed partial class TwoFactorPage(IPage page) : PageObject(page)
{
    public ILocator Code => Page.Locator("#code");
    public ILocator VerifyButton => Page.Locator("#verify");

    internal static async Task<TwoFactorPage> ArrivedAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(Url());
        var twoFactor = new TwoFactorPage(page);
        await Expect(twoFactor.Code).ToBeVisibleAsync();
        return twoFactor;
    }

    public async Task<HomePage> VerifyAsync(string code)
    {
        await SubmitAsync(code);
        return await HomePage.ArrivedAsync(Page);
    }

    /// <summary>Enters a code that is refused; the page stays with <see cref="PageObject.Error"/> shown.</summary>
    public async Task TryVerifyAsync(string code)
    {
        await SubmitAsync(code);
        await Expect(Error).ToBeVisibleAsync();
    }

    private async Task SubmitAsync(string code)
    {
        await Code.FillAsync(code);
        await VerifyButton.ClickAsync();
    }

    [GeneratedRegex(@"/account/login-2fa(\?.*)?$")]
    private static partial Regex Url();
}
