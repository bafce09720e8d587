using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/directory/{code}: one organisation's profile; contacts only for those the disclosure policy allows.</summary>
public sealed class OrganizationPage(IPage page, string code) : PageObject(page)
{
    public string Code { get; } = code;

    /// <summary>The heading: the name in the UI language, then the code.</summary>
    public ILocator Name => Page.Locator("#org-name");
    public ILocator Sectors => Page.Locator("main dl.props a.tag[href^='/sectors/']");
    public ILocator Ministries => Page.Locator("main dl.props a.tag[href^='/directory/']");
    public ILocator Contacts => Page.Locator("#contacts");
    public ILocator ContactRows => Page.Locator("#contacts table tbody tr");
    public ILocator ContactRow(string name) => ContactRows.Filter(new LocatorFilterOptions { Has = Page.Locator("td", new PageLocatorOptions { HasTextString = name }) });

    /// <summary>The note shown instead of contacts to viewers who may not see them.</summary>
    public ILocator ContactsWithheld => Page.Locator("#contacts > p.muted");

    /// <summary>Registered domains and IP ranges (shown with the contacts).</summary>
    public ILocator NetworkTags => Page.Locator("#contacts p span.tag");
    public ILocator EditLink => Page.Locator("#edit-org");

    public static async Task<OrganizationPage> OpenAsync(IPage page, string code)
    {
        await page.GotoAsync($"/directory/{Uri.EscapeDataString(code)}");
        return await ArrivedAsync(page, code);
    }

    internal static async Task<OrganizationPage> ArrivedAsync(IPage page, string code)
    {
        await Expect(page).ToHaveURLAsync(new Regex($"/directory/{Regex.Escape(code)}$"));
        var organization = new OrganizationPage(page, code);
        await Expect(organization.Name).ToBeVisibleAsync();
        return organization;
    }

    public async Task<EditOrganizationPage> EditAsync()
    {
        await EditLink.ClickAsync();
        return await EditOrganizationPage.ArrivedAsync(Page, Code);
    }
}
