using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/reports: the liaison reports (情報連絡) the viewer may see, by scope (mine, inbox, all) and filters.</summary>
public sealed partial class ReportsPage(IPage page) : PageObject(page)
{
    public ILocator Table => Page.Locator("#reports");
    public ILocator Rows => Page.Locator("#reports tbody tr.report-row");
    public ILocator NewReportLink => Page.Locator("#new-report");
    public ILocator Row(string title) => Rows.Filter(new LocatorFilterOptions { Has = Page.Locator("a.report-title", new PageLocatorOptions { HasText = title }) });

    public static async Task<ReportsPage> OpenAsync(IPage page, string scope = "all")
    {
        await page.GotoAsync($"/reports?scope={scope}");
        return await ArrivedAsync(page);
    }

    internal static async Task<ReportsPage> ArrivedAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(Url());
        var reports = new ReportsPage(page);
        await Expect(reports.Table).ToBeVisibleAsync();
        return reports;
    }

    public async Task<ReportFormPage> StartNewReportAsync()
    {
        await NewReportLink.ClickAsync();
        return await ReportFormPage.ArrivedAsync(Page);
    }

    public async Task<ReportPage> OpenReportAsync(string title)
    {
        await Row(title).Locator("a.report-title").ClickAsync();
        return await ReportPage.ArrivedAsync(Page);
    }

    [GeneratedRegex(@"/reports(\?.*)?$")]
    private static partial Regex Url();
}
