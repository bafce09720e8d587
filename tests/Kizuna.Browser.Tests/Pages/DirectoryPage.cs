using System.Text.RegularExpressions;
using System.Web;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/directory: the organisation directory (組織名簿) with its GET search form.</summary>
public sealed partial class DirectoryPage(IPage page) : PageObject(page)
{
    public ILocator SearchText => Page.Locator("#q");
    public ILocator Sector => Page.Locator("#sector");
    public ILocator Kind => Page.Locator("#kind");
    public ILocator Ceptoar => Page.Locator("#ceptoar");
    public ILocator Region => Page.Locator("#region");
    public ILocator SearchButton => Page.Locator("#search");
    public ILocator ResultCount => Page.Locator("#result-count");
    public ILocator Results => Page.Locator("#organizations tbody tr");

    /// <summary>The code column of the results, in order.</summary>
    public ILocator ResultCodes => Page.Locator("#organizations tbody tr td:first-child");

    public ILocator Result(string code) => Results.Filter(new LocatorFilterOptions { Has = Page.Locator($"td:first-child a[href='/directory/{code}']") });

    public static async Task<DirectoryPage> OpenAsync(IPage page)
    {
        await page.GotoAsync("/directory");
        return await ArrivedAsync(page);
    }

    internal static async Task<DirectoryPage> ArrivedAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(Url());
        var directory = new DirectoryPage(page);
        await Expect(directory.SearchButton).ToBeVisibleAsync();
        return directory;
    }

    /// <summary>Fills the form as given (other filters back to "all") and searches; waits for the results of exactly this search.</summary>
    public async Task SearchAsync(DirectorySearch search)
    {
        await SearchText.FillAsync(search.Text ?? "");
        await Sector.SelectOptionAsync(search.Sector ?? "");
        await Kind.SelectOptionAsync(search.Kind ?? "");
        await Ceptoar.SelectOptionAsync(search.Ceptoar ?? "");
        await Region.SelectOptionAsync(search.Region ?? "");
        await SearchButton.ClickAsync();
        await Page.WaitForURLAsync(url => Shows(url, search));
        await Expect(SearchButton).ToBeVisibleAsync();
    }

    public async Task<OrganizationPage> OpenOrganizationAsync(string code)
    {
        await Result(code).Locator("td:nth-child(2) a").ClickAsync();
        return await OrganizationPage.ArrivedAsync(Page, code);
    }

    private static bool Shows(string url, DirectorySearch search)
    {
        var uri = new Uri(url);
        if (uri.AbsolutePath != "/directory" || uri.Query.Length == 0) return false;
        var query = HttpUtility.ParseQueryString(uri.Query);
        return (query["q"] ?? "") == (search.Text ?? "") && (query["sector"] ?? "") == (search.Sector ?? "")
            && (query["kind"] ?? "") == (search.Kind ?? "") && (query["ceptoar"] ?? "") == (search.Ceptoar ?? "")
            && (query["region"] ?? "") == (search.Region ?? "");
    }

    [GeneratedRegex(@"/directory(\?.*)?$")]
    private static partial Regex Url();
}
