using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests.Pages;

/// <summary>/exercises/new: a coordinator analyst creates an exercise.</summary>
public sealed partial class NewExercisePage(IPage page) : PageObject(page)
{
    public static async Task<NewExercisePage> OpenAsync(IPage page)
    {
        await page.GotoAsync("/exercises/new");
        var form = new NewExercisePage(page);
        await Expect(page.Locator("#create")).ToBeVisibleAsync();
        return form;
    }

    /// <summary>Creates the exercise and lands on its scenario editor.</summary>
    public async Task<ExerciseScenarioPage> CreateAsync(string title, double speed)
    {
        await Page.Locator("#title").FillAsync(title);
        await Page.Locator("#speed").FillAsync(speed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Page.Locator("#create").ClickAsync();
        await Expect(Page).ToHaveURLAsync(ScenarioUrl());
        return new ExerciseScenarioPage(Page);
    }

    [GeneratedRegex(@"/exercises/[0-9a-f-]{36}/scenario")]
    private static partial Regex ScenarioUrl();
}

/// <summary>/exercises/{id}/scenario: the table of injects and the form that adds one.</summary>
public sealed class ExerciseScenarioPage(IPage page) : PageObject(page)
{
    public ILocator Rows => Page.Locator("#scenario tr.scenario-row");

    /// <summary>Adds an inject (audience empty: every player; expectations one a line, e.g. "acknowledge 30") and waits until the table shows it.</summary>
    public async Task AddInjectAsync(double minute, string kind, string title, string body, string? expectations = null)
    {
        var before = await Rows.CountAsync();
        await Page.Locator("#offset").FillAsync(minute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Page.Locator("#kind").SelectOptionAsync(kind);
        await Page.Locator("#inject-title").FillAsync(title);
        await Page.Locator("#body").FillAsync(body);
        if (expectations is not null) await Page.Locator("#expectations").FillAsync(expectations);
        await Page.Locator("#save-inject").ClickAsync();
        await Expect(Rows).ToHaveCountAsync(before + 1);
    }

    public async Task<ExercisePage> BackAsync()
    {
        await Page.Locator("#back").ClickAsync();
        await Expect(Page.Locator("#exercise-title")).ToBeVisibleAsync();
        return new ExercisePage(Page);
    }
}

/// <summary>/exercises/{id}: participants, start and the inject timeline.</summary>
public sealed class ExercisePage(IPage page) : PageObject(page)
{
    public ILocator Status => Page.Locator("#exercise-status");
    public ILocator Injects => Page.Locator("#timeline tr.inject-row");
    public ILocator SentInjects => Page.Locator("#timeline tr.inject-row[data-status='sent']");

    public async Task RegisterAsync(string code, string role, int people)
    {
        await Page.Locator("#code").FillAsync(code);
        await Page.Locator("#role").SelectOptionAsync(role);
        await Page.Locator("#people").FillAsync(people.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Page.Locator("#add").ClickAsync();
        await Expect(Page.Locator($"#participants tr.participant-row[data-code='{code}']")).ToBeVisibleAsync();
    }

    public async Task StartAsync()
    {
        await Page.Locator("#start").ClickAsync();
        await Expect(Status).ToHaveAttributeAsync("data-status", "running");
    }

    /// <summary>Follows the exercise page's link to the live board.</summary>
    public async Task<ExerciseBoardPage> OpenBoardAsync()
    {
        await Page.Locator("#evaluation-links a.board-link").ClickAsync();
        return await ExerciseBoardPage.ArrivedAsync(Page);
    }
}

/// <summary>/exercises/{id}/board: the live board, which refreshes itself while the exercise runs.</summary>
public sealed partial class ExerciseBoardPage(IPage page) : PageObject(page)
{
    public ILocator Board => Page.Locator("#exercise-board");

    /// <summary>One organisation's outcome of one inject's expectation (data-outcome: met, missed, pending, removed).</summary>
    public ILocator Outcome(int inject, string expectation, string code)
        => Page.Locator($"#injects tr[data-inject='{inject}'] .expectation[data-kind='{expectation}'] li[data-code='{code}']");

    public async Task<AfterActionReportPage> OpenReportAsync()
    {
        await Page.Locator("#report-link").ClickAsync();
        await Expect(Page).ToHaveURLAsync(ReportUrl());
        await Expect(Page.Locator("#report-title")).ToBeVisibleAsync();
        return new AfterActionReportPage(Page);
    }

    internal static async Task<ExerciseBoardPage> ArrivedAsync(IPage page)
    {
        await Expect(page).ToHaveURLAsync(BoardUrl());
        var board = new ExerciseBoardPage(page);
        await Expect(board.Board).ToBeVisibleAsync();
        return board;
    }

    [GeneratedRegex(@"/exercises/[0-9a-f-]{36}/board$")]
    private static partial Regex BoardUrl();

    [GeneratedRegex(@"/exercises/[0-9a-f-]{36}/report$")]
    private static partial Regex ReportUrl();
}

/// <summary>/exercises/{id}/report: the after-action report and its PDF.</summary>
public sealed class AfterActionReportPage(IPage page) : PageObject(page)
{
    /// <summary>Clicks the PDF link and returns the file's bytes.</summary>
    public async Task<byte[]> DownloadPdfAsync()
    {
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.Locator("#download-pdf").ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), $"kizuna-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(path);
        try { return await File.ReadAllBytesAsync(path); }
        finally { File.Delete(path); }
    }
}
