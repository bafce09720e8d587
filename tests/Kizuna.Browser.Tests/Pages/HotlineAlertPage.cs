using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/hotline/{id}: one alert; for the sender, the acknowledgement board.</summary>
public sealed partial class HotlineAlertPage(IPage page) : PageObject(page)
{
    public ILocator Title => Page.Locator("#alert-title");
    public ILocator Board => Page.Locator("#board");
    public ILocator BoardCounts => Page.Locator("#board-counts");
    public ILocator BoardLiveNote => Page.Locator("#board-live");

    /// <summary>The board's row of one recipient organisation.</summary>
    public ILocator BoardRow(string code) => Page.Locator($"#board-organizations tr[data-code='{code}']");

    /// <summary>The alert's id, from the URL.</summary>
    public Guid Id => Guid.Parse(Url().Match(Page.Url).Groups[1].Value);

    internal static async Task<HotlineAlertPage> ArrivedAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(Url());
        var alert = new HotlineAlertPage(page);
        await Expect(alert.Title).ToBeVisibleAsync();
        return alert;
    }

    [GeneratedRegex(@"/hotline/([0-9a-f-]{36})(\?.*)?$")]
    private static partial Regex Url();
}
