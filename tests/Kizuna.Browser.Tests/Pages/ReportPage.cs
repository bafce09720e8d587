using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/reports/{id}: one liaison report at the viewer's level, with its workflow, thread and attachments.</summary>
public sealed partial class ReportPage(IPage page) : PageObject(page)
{
    /// <summary>Says which view the viewer has; <c>data-level</c> is full or sanitized.</summary>
    public ILocator Banner => Page.Locator("#view-banner");
    public ILocator Title => Page.Locator("#report-title");
    public ILocator Pseudonym => Page.Locator("#report-pseudonym");
    public ILocator Status => Page.Locator("#report-status");
    public ILocator Priority => Page.Locator("#report-priority");
    public ILocator ReporterCode => Page.Locator("#reporter-code");
    public ILocator Content => Page.Locator("#report-content");
    public ILocator Main => Page.Locator("main");
    public ILocator Events => Page.Locator("#events tbody tr.event");
    public ILocator Attachments => Page.Locator("#attachment-list li.attachment");
    public ILocator DownloadLinks => Page.Locator("#attachment-list a.download");
    public ILocator ReceiveButton => Page.Locator("#receive");
    public ILocator ForwardButton => Page.Locator("#forward");
    public ILocator TriageButton => Page.Locator("#triage");
    public ILocator RevealIdentityButton => Page.Locator("#reveal-identity");
    public ILocator ReporterIdentity => Page.Locator("#reporter-identity");

    /// <summary>The report's address, e.g. /reports/0197….</summary>
    public string Path => new Uri(Page.Url).AbsolutePath;

    public static async Task<ReportPage> OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        var report = new ReportPage(page);
        await Expect(report.Title.Or(report.Error)).ToBeVisibleAsync();
        return report;
    }

    internal static async Task<ReportPage> ArrivedAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(Url());
        var report = new ReportPage(page);
        await Expect(report.Title).ToBeVisibleAsync();
        return report;
    }

    /// <summary>The first hop acknowledges the report.</summary>
    public async Task ReceiveAsync()
    {
        await ReceiveButton.ClickAsync();
        await Expect(Status).ToHaveAttributeAsync("data-status", "received");
    }

    /// <summary>The first hop forwards it to the coordinator with a note.</summary>
    public async Task ForwardAsync(string note)
    {
        await Page.Locator("#forward-note").FillAsync(note);
        await ForwardButton.ClickAsync();
        await Expect(Status).ToHaveAttributeAsync("data-status", "forwarded");
    }

    /// <summary>The coordinator triages: priority (low, normal, high, critical) and a note.</summary>
    public async Task TriageAsync(string priority, string note)
    {
        await Page.Locator("#triage-priority").SelectOptionAsync(priority);
        await Page.Locator("#triage-note").FillAsync(note);
        await TriageButton.ClickAsync();
        await Expect(Status).ToHaveAttributeAsync("data-status", "triaged");
    }

    public async Task RevealIdentityAsync()
    {
        await RevealIdentityButton.ClickAsync();
        await Expect(ReporterIdentity).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"/reports/[0-9a-f-]{36}(\?.*)?(#.*)?$")]
    private static partial Regex Url();
}
