using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>What an author writes in an advisory; lists are one entry per line, indicators "type value" per line.</summary>
public sealed record AdvisoryWriting(string Title, string Summary, string Body, int Severity,
    string RecommendedActions = "", string AffectedProducts = "", string Cves = "", string Indicators = "");

/// <summary>/advisories/new and /advisories/{id}/edit: the authoring form.</summary>
public sealed partial class AdvisoryFormPage(IPage page) : PageObject(page)
{
    public ILocator Title => Page.Locator("#title");
    public ILocator Summary => Page.Locator("#summary");
    public ILocator SaveButton => Page.Locator("#save-advisory");
    public ILocator FieldError(string field) => Page.Locator($"#error-{field.Replace('.', '-')}");
    public ILocator SectorBox(string code) => Page.Locator($"input[type=checkbox][name='Input.Sectors'][value='{code}']");

    internal static async Task<AdvisoryFormPage> ArrivedAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(Url());
        var form = new AdvisoryFormPage(page);
        await Expect(form.SaveButton).ToBeVisibleAsync();
        return form;
    }

    public async Task WriteAsync(AdvisoryWriting text)
    {
        await Title.FillAsync(text.Title);
        await Summary.FillAsync(text.Summary);
        await Page.Locator("#body").FillAsync(text.Body);
        await Page.Locator("#severity").SelectOptionAsync(text.Severity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Page.Locator("#actions").FillAsync(text.RecommendedActions);
        await Page.Locator("#products").FillAsync(text.AffectedProducts);
        await Page.Locator("#cves").FillAsync(text.Cves);
        await Page.Locator("#indicators").FillAsync(text.Indicators);
    }

    /// <summary>Chooses the TLP (the value after "TLP:") and the sectors of the audience.</summary>
    public async Task ChooseDistributionAsync(string tlp, params string[] sectors)
    {
        await Page.Locator("#tlp").SelectOptionAsync(tlp);
        foreach (var sector in sectors) await SectorBox(sector).CheckAsync();
    }

    /// <summary>Saves the draft and lands on "who will see this?".</summary>
    public async Task<AdvisoryRecipientsPage> SaveAsync()
    {
        await SaveButton.ClickAsync();
        return await AdvisoryRecipientsPage.ArrivedAsync(Page);
    }

    [GeneratedRegex(@"/advisories/(new|[0-9a-f-]{36}/edit)$")]
    private static partial Regex Url();
}
