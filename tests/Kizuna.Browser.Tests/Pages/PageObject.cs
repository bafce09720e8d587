using Microsoft.Playwright;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>
/// A page of the web UI as a user sees it: locators for what a test checks and one method per
/// user intent. Methods that navigate wait (web-first) until the next page is there.
/// </summary>
public abstract class PageObject(IPage page)
{
    public IPage Page { get; } = page;

    /// <summary>The header every page shares: navigation, language switch, sign-out.</summary>
    public Header Header => new(Page);

    /// <summary>The hotline banners under the header (signed-in members only).</summary>
    public HotlineBanners Hotline => new(Page);

    /// <summary>The page's main heading.</summary>
    public ILocator Heading => Page.Locator("main h1");

    /// <summary>The error box (<c>ErrorText</c>) of a rejected form or a missing item.</summary>
    public ILocator Error => Page.Locator("main .error");
}
