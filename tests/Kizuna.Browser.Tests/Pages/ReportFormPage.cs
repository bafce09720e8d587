using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/reports/new and /reports/{id}/edit: the guided liaison report form, its attachments and its preview.</summary>
public sealed partial class ReportFormPage(IPage page) : PageObject(page)
{
    public ILocator Sector => Page.Locator("#sector");
    public ILocator Title => Page.Locator("#title");
    public ILocator Description => Page.Locator("#description");
    public ILocator Impact => Page.Locator("#impact");
    public ILocator ActionsTaken => Page.Locator("#actions-taken");
    public ILocator HelpNeeded => Page.Locator("#help-needed");
    public ILocator Indicators => Page.Locator("#indicators");
    public ILocator SeverityDuration => Page.Locator("#severity-duration");
    public ILocator SeveritySafety => Page.Locator("#severity-safety");
    public ILocator OverallSeverity => Page.Locator("#severity-overall");
    public ILocator OccurredAt => Page.Locator("#occurred-at");
    public ILocator DetectedAt => Page.Locator("#detected-at");
    public ILocator Route => Page.Locator("#route");
    public ILocator IdentityDisclosure => Page.Locator("#identity-disclosure");
    public ILocator Tlp => Page.Locator("#tlp");
    public ILocator SaveDraftButton => Page.Locator("#save-draft");
    public ILocator PreviewButton => Page.Locator("#preview-report");
    public ILocator SubmitFirstButton => Page.Locator("#submit-first");
    public ILocator Saved => Page.Locator("#draft-saved");
    public ILocator Attachments => Page.Locator("#attachment-list li.attachment");
    public ILocator Preview => Page.Locator("#preview");
    public ILocator PreviewRefused => Page.Locator("#preview-refused");
    public ILocator PreviewFields => Page.Locator("#preview-fields");
    public ILocator PreviewRecipient(string orgCode) => Page.Locator($"#preview-recipients tr.recipient[data-org='{orgCode}']");
    public ILocator EventType(string code) => Page.Locator($"#event-{code}");
    public ILocator CauseType(string code) => Page.Locator($"#cause-{code}");
    public ILocator Service(string code) => Page.Locator($"#service-{code}");

    public static async Task<ReportFormPage> OpenNewAsync(IPage page)
    {
        await page.GotoAsync("/reports/new");
        return await ArrivedAsync(page);
    }

    internal static async Task<ReportFormPage> ArrivedAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(Url());
        var form = new ReportFormPage(page);
        await Expect(form.SaveDraftButton).ToBeVisibleAsync();
        return form;
    }

    /// <summary>Fills sections 1–6: title and text, event and cause types, severity, times (Japan time), indicators.</summary>
    public async Task WriteAsync(ReportText report)
    {
        await Title.FillAsync(report.Title);
        foreach (var s in report.Services) await Service(s).CheckAsync();
        await Page.Locator($"#breached-{report.Breached}").CheckAsync();
        await SeverityDuration.SelectOptionAsync(report.SeverityDuration.ToString());
        await SeveritySafety.SelectOptionAsync(report.SeveritySafety.ToString());
        foreach (var e in report.EventTypes) await EventType(e).CheckAsync();
        foreach (var c in report.CauseTypes) await CauseType(c).CheckAsync();
        if (report.OccurredAt is not null) await OccurredAt.FillAsync(report.OccurredAt);
        if (report.DetectedAt is not null) await DetectedAt.FillAsync(report.DetectedAt);
        await Description.FillAsync(report.Description);
        await Impact.FillAsync(report.Impact);
        await ActionsTaken.FillAsync(report.ActionsTaken);
        await HelpNeeded.FillAsync(report.HelpNeeded);
        await Indicators.FillAsync(report.Indicators);
    }

    /// <summary>Section 7: who may know the reporter (ministry, ministry-and-coordinator, none) and the TLP.</summary>
    public async Task ChooseSharingAsync(string identityDisclosure, string tlp = "AMBER")
    {
        await IdentityDisclosure.SelectOptionAsync(identityDisclosure);
        await Tlp.SelectOptionAsync(tlp);
    }

    /// <summary>Saves the draft and lands on its edit page.</summary>
    public async Task<ReportFormPage> SaveDraftAsync()
    {
        await SaveDraftButton.ClickAsync();
        await Expect(Page).ToHaveURLAsync(EditUrl());
        await Expect(Saved).ToBeVisibleAsync();
        return new ReportFormPage(Page);
    }

    /// <summary>Uploads a small text file on the draft's edit page.</summary>
    public async Task AttachTextAsync(string fileName, string text)
    {
        await Page.Locator("#attachment-file").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes(text) });
        await Page.Locator("#attach").ClickAsync();
        await Expect(Page.Locator("#attached")).ToBeVisibleAsync();
    }

    public async Task ShowPreviewAsync()
    {
        await PreviewButton.ClickAsync();
        await Expect(Preview).ToBeVisibleAsync();
    }

    public async Task<ReportPage> SubmitFirstAsync()
    {
        await SubmitFirstButton.ClickAsync();
        return await ReportPage.ArrivedAsync(Page);
    }

    [GeneratedRegex(@"/reports/(new|[0-9a-f-]{36}/edit)(\?.*)?(#.*)?$")]
    private static partial Regex Url();

    [GeneratedRegex(@"/reports/[0-9a-f-]{36}/edit\?saved=true$")]
    private static partial Regex EditUrl();
}

/// <summary>What a reporter writes in sections 1–6 of the form.</summary>
public sealed record ReportText(
    string Title, string Description, string[] EventTypes, string[] CauseTypes, string[] Services,
    int SeverityDuration = 2, int SeveritySafety = 0, string Breached = "unknown",
    string? OccurredAt = null, string? DetectedAt = null,
    string Impact = "", string ActionsTaken = "", string HelpNeeded = "", string Indicators = "");
