using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/advisories/{id}: one advisory, the relays' notes, my organisation's delivery and what I may do.</summary>
public sealed partial class AdvisoryPage(IPage page) : PageObject(page)
{
    public ILocator Title => Page.Locator("#advisory-title");
    public ILocator Number => Page.Locator("#advisory-number");
    public ILocator Status => Page.Locator("#advisory-status");
    public ILocator Body => Page.Locator("#advisory-body");
    public ILocator RelayNotes => Page.Locator("#relay-notes");
    public ILocator MyRelay => Page.Locator("#my-relay");
    public ILocator Acknowledged => Page.Locator("#my-acknowledged");
    public ILocator RelayButton => Page.Locator("#relay");
    public ILocator AcknowledgeButton => Page.Locator("#acknowledge");

    /// <summary>The advisory's address, e.g. /advisories/0197….</summary>
    public string Path => new Uri(Page.Url).AbsolutePath;

    public static async Task<AdvisoryPage> OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        var advisory = new AdvisoryPage(page);
        await Expect(advisory.Title.Or(advisory.Error)).ToBeVisibleAsync();
        return advisory;
    }

    internal static async Task<AdvisoryPage> ArrivedAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(Url());
        var advisory = new AdvisoryPage(page);
        await Expect(advisory.Title).ToBeVisibleAsync();
        return advisory;
    }

    /// <summary>A relaying organisation releases what it holds, with an optional note for its sector.</summary>
    public async Task RelayAsync(string? note = null)
    {
        if (note is not null) await Page.Locator("#relay-note").FillAsync(note);
        await RelayButton.ClickAsync();
        await Expect(MyRelay).ToHaveAttributeAsync("data-relayed", "true");
    }

    public async Task AcknowledgeAsync()
    {
        await AcknowledgeButton.ClickAsync();
        await Expect(Acknowledged).ToHaveAttributeAsync("data-acknowledged", "true");
    }

    public async Task<AdvisoryReachPage> OpenReachAsync()
    {
        await Page.Locator("#reach-link").ClickAsync();
        return await AdvisoryReachPage.ArrivedAsync(Page);
    }

    [GeneratedRegex(@"/advisories/[0-9a-f-]{36}(\?.*)?$")]
    private static partial Regex Url();
}
