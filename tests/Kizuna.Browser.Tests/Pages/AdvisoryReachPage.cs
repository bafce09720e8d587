using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/advisories/{id}/reach: the reach board (per hop, per sector, per organisation, feedback).</summary>
public sealed partial class AdvisoryReachPage(IPage page) : PageObject(page)
{
    public ILocator HopsReached => Page.Locator("#hops-reached");
    public ILocator TotalAcknowledged => Page.Locator("#total-acknowledged");
    public ILocator Hops => Page.Locator("#reach-hops tr.hop");

    /// <summary>One organisation's row; <c>data-state</c> is not-received, awaiting-release, not-opened, not-acknowledged or acknowledged.</summary>
    public ILocator Organization(string code) => Page.Locator($"#reach-organizations tr[data-code='{code}']");

    public static async Task<AdvisoryReachPage> OpenAsync(IPage page, string advisoryPath)
    {
        await page.GotoAsync(advisoryPath + "/reach");
        return await ArrivedAsync(page);
    }

    internal static async Task<AdvisoryReachPage> ArrivedAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(Url());
        var reach = new AdvisoryReachPage(page);
        await Expect(reach.Page.Locator("#reach-totals")).ToBeVisibleAsync();
        return reach;
    }

    [GeneratedRegex(@"/advisories/[0-9a-f-]{36}/reach$")]
    private static partial Regex Url();
}
