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

    /// <summary>Adds an inject (audience empty: every player) and waits until the table shows it.</summary>
    public async Task AddInjectAsync(double minute, string kind, string title, string body)
    {
        var before = await Rows.CountAsync();
        await Page.Locator("#offset").FillAsync(minute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Page.Locator("#kind").SelectOptionAsync(kind);
        await Page.Locator("#inject-title").FillAsync(title);
        await Page.Locator("#body").FillAsync(body);
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
}
