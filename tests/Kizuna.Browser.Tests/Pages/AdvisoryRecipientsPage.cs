using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/advisories/{id}/recipients: who will see this, by hop and sector, and the Publish button for a draft.</summary>
public sealed partial class AdvisoryRecipientsPage(IPage page) : PageObject(page)
{
    public ILocator Recipients => Page.Locator("#recipients tr.recipient");
    public ILocator TlpExplanation => Page.Locator("#tlp-explanation");
    public ILocator PublishButton => Page.Locator("#publish");

    /// <summary>The row of one organisation; <c>data-hop</c> is its hop, <c>data-rule</c> the rule that admits it.</summary>
    public ILocator Recipient(string code) => Page.Locator($"#recipients tr.recipient[data-code='{code}']");

    internal static async Task<AdvisoryRecipientsPage> ArrivedAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(Url());
        var recipients = new AdvisoryRecipientsPage(page);
        await Expect(recipients.Page.Locator("#recipients")).ToBeVisibleAsync();
        return recipients;
    }

    public async Task<AdvisoryPage> PublishAsync()
    {
        await PublishButton.ClickAsync();
        var advisory = await AdvisoryPage.ArrivedAsync(Page);
        await Expect(advisory.Status).ToHaveAttributeAsync("data-status", "published");
        return advisory;
    }

    [GeneratedRegex(@"/advisories/[0-9a-f-]{36}/recipients(\?.*)?$")]
    private static partial Regex Url();
}
