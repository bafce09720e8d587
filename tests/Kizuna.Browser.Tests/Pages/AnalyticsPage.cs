using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/analytics: the dashboard (trend charts, breakdown table, durations, advisory reach, cascade).</summary>
public sealed partial class AnalyticsPage(IPage page) : PageObject(page)
{
    public ILocator TotalChart => Page.Locator("#chart-trend-total");
    public ILocator BreakdownTable => Page.Locator("#trend-table");
    public ILocator Total => Page.Locator("#trend-total strong");
    public ILocator ScopeNote => Page.Locator("#scope-note");
    public ILocator AtRisk => Page.Locator("#cascade-at-risk tbody tr");

    /// <summary>Opens the dashboard from the header's navigation.</summary>
    public static async Task<AnalyticsPage> OpenFromNavigationAsync(IPage page)
    {
        await page.Locator("#nav-analytics").ClickAsync();
        return await ArrivedAsync(page);
    }

    public async Task ShowAsync(string by, string dimension)
    {
        await Page.Locator("#by").SelectOptionAsync(by);
        await Page.Locator("#dim").SelectOptionAsync(dimension);
        await Page.Locator("#trend-show").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"dim={dimension}"));
    }

    public async Task ShowCascadeAsync(string failingService)
    {
        await Page.Locator("#cascade-form #service").SelectOptionAsync(failingService);
        await Page.Locator("#cascade-show").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"service={failingService}"));
    }

    public async Task<AnnualFiguresPage> OpenAnnualAsync()
    {
        await Page.Locator("#annual-link").ClickAsync();
        return await AnnualFiguresPage.ArrivedAsync(Page);
    }

    internal static async Task<AnalyticsPage> ArrivedAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(Url());
        var analytics = new AnalyticsPage(page);
        await Expect(analytics.TotalChart).ToBeVisibleAsync();
        return analytics;
    }

    [GeneratedRegex(@"/analytics(\?.*)?$")]
    private static partial Regex Url();
}

/// <summary>/analytics/annual: the annual tables, charts and the download links.</summary>
public sealed partial class AnnualFiguresPage(IPage page) : PageObject(page)
{
    public ILocator Total => Page.Locator("#stats-total strong");
    public ILocator SectorRow(string code) => Page.Locator($"#annual-sector tr[data-key='{code}']");
    public ILocator Charts => Page.Locator("svg.chart");

    /// <summary>Clicks a download link (csv, xlsx or pdf) and returns the file's name and bytes.</summary>
    public async Task<(string Name, byte[] Bytes)> DownloadAsync(string format)
    {
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.Locator($"#download-{format}").ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), $"kizuna-{Guid.NewGuid():N}-{download.SuggestedFilename}");
        await download.SaveAsAsync(path);
        try { return (download.SuggestedFilename, await File.ReadAllBytesAsync(path)); }
        finally { File.Delete(path); }
    }

    internal static async Task<AnnualFiguresPage> ArrivedAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(Url());
        var annual = new AnnualFiguresPage(page);
        await Expect(annual.Page.Locator("#annual-sector")).ToBeVisibleAsync();
        return annual;
    }

    [GeneratedRegex(@"/analytics/annual(\?.*)?$")]
    private static partial Regex Url();
}
