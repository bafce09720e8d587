using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>
/// The hotline banners (ホットライン) at the top of every page of a signed-in member: the
/// organisation's unacknowledged alerts, and new ones as /js/hotline-live.js receives them.
/// </summary>
public sealed class HotlineBanners(IPage page)
{
    public ILocator Area => page.Locator("#hotline-live");
    public ILocator All => Area.Locator(".hotline-banner");
    public ILocator Banner(string title) => All.Filter(new LocatorFilterOptions { Has = page.Locator(".hb-title", new PageLocatorOptions { HasText = title }) });
    public ILocator Title(string title) => Banner(title).Locator(".hb-title");
    public ILocator Status(string title) => Banner(title).Locator(".hb-status");
    public ILocator AcknowledgeButton(string title) => Banner(title).Locator("button.hb-acknowledge");

    /// <summary>Waits until the page's live connection to /hubs/hotline is up (alerts sent from now on arrive as pushes).</summary>
    public async Task WaitUntilLiveAsync() => await Expect(Area).ToHaveAttributeAsync("data-live", "connected");

    /// <summary>Acknowledges from the banner (in the background: the page stays) and waits until the banner says so.</summary>
    public async Task AcknowledgeAsync(string title)
    {
        await AcknowledgeButton(title).ClickAsync();
        await Expect(Banner(title)).ToHaveAttributeAsync("data-acknowledged", "true");
    }
}
