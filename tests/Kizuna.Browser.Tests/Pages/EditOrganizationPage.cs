using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/directory/{code}/edit: the organisation's profile form (org admins and platform admins).</summary>
public sealed class EditOrganizationPage(IPage page, string code) : PageObject(page)
{
    public enum ContactSlot { Primary = 0, Backup = 1 }

    public string Code { get; } = code;
    public ILocator Domains => Page.Locator("#domains");
    public ILocator SaveButton => Page.Locator("#save-org");
    public ILocator ContactName(ContactSlot slot) => Page.Locator($"#contact-name-{(int)slot}");
    public ILocator ContactEmail(ContactSlot slot) => Page.Locator($"#contact-email-{(int)slot}");
    public ILocator ContactPhone(ContactSlot slot) => Page.Locator($"#contact-phone-{(int)slot}");

    public static async Task<EditOrganizationPage> OpenAsync(IPage page, string code)
    {
        await page.GotoAsync($"/directory/{Uri.EscapeDataString(code)}/edit");
        return await ArrivedAsync(page, code);
    }

    internal static async Task<EditOrganizationPage> ArrivedAsync(IPage page, string code)
    {
        await Expect(page).ToHaveURLAsync(new Regex($"/directory/{Regex.Escape(code)}/edit$"));
        var edit = new EditOrganizationPage(page, code);
        await Expect(edit.SaveButton).ToBeVisibleAsync();
        return edit;
    }

    public async Task ChangeContactAsync(ContactSlot slot, string name, string email, string phone)
    {
        await ContactName(slot).FillAsync(name);
        await ContactEmail(slot).FillAsync(email);
        await ContactPhone(slot).FillAsync(phone);
    }

    public async Task ChangeDomainsAsync(params string[] domains) => await Domains.FillAsync(string.Join("\n", domains));

    /// <summary>Saves and lands back on the organisation's page.</summary>
    public async Task<OrganizationPage> SaveAsync()
    {
        await SaveButton.ClickAsync();
        return await OrganizationPage.ArrivedAsync(Page, Code);
    }

    /// <summary>Saves a form that is refused: the form stays, with <see cref="PageObject.Error"/> shown.</summary>
    public async Task TrySaveAsync()
    {
        await SaveButton.ClickAsync();
        await Expect(Error).ToBeVisibleAsync();
    }
}
