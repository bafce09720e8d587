using Kizuna.Browser.Tests.Infrastructure;
using Kizuna.Browser.Tests.Pages;
using Kizuna.TestKit;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests;

/// <summary>
/// A short accelerated exercise end to end in the browser: the coordinator authors it (60×, two
/// players, an alert at minute 0 to be acknowledged within 30 and a message at minute 1), starts it and
/// opens the live board from the exercise page; the runner sends the alert at once, a player sees the
/// exercise alert banner and acknowledges it; the controller's page shows both injects sent a second
/// later, the board (never reloaded) turns the player's acknowledgement "met" by itself, and the
/// after-action report's PDF downloads.
/// </summary>
public sealed class ExerciseRunTests(ChromiumFixture chromium, KizunaServerFixture server) : BrowserTest(chromium, server)
{
    private static readonly string NiscAnalyst = DemoUsers.All.First(u => u.Org == "NISC" && u.Roles.Contains("analyst") && !u.PlatformAdmin).Email;

    [Fact]
    public async Task Exercise_At60x_PlayerAcknowledgesTheAlert_ControllerSeesBothInjectsSent_TheBoardMet_AndThePdf()
    {
        var alertTitle = "演習 緊急連絡 " + Guid.NewGuid().ToString("N")[..6];
        await SignInAsync(NiscAnalyst);
        var scenario = await (await NewExercisePage.OpenAsync(Page)).CreateAsync("分野横断的演習（ブラウザ）", 60);
        await scenario.AddInjectAsync(0, "alert", alertTitle, "演習：不正送金マルウェアの模擬情報。受領を確認してください。", "acknowledge 30");
        await scenario.AddInjectAsync(1, "message", "演習 メッセージ", "演習：状況を共有してください。");
        var exercise = await scenario.BackAsync();
        await exercise.RegisterAsync("HIKARI-BANK", "player", 3);
        await exercise.RegisterAsync("AKEBONO-POWER", "player", 2);
        await exercise.StartAsync();
        // The controller watches the live board in a second tab from before the acknowledgement on.
        var boardTab = new ExercisePage(await exercise.Page.Context.NewPageAsync());
        await boardTab.Page.GotoAsync(exercise.Page.Url);
        var board = await boardTab.OpenBoardAsync();
        await Expect(board.Outcome(1, "acknowledge", "HIKARI-BANK")).ToHaveAttributeAsync("data-outcome", "pending");

        var bank = await SignInElsewhereAsync(DemoUsers.Of("HIKARI-BANK", "reporter"));
        var banner = bank.Hotline.Banner(alertTitle);
        await Expect(banner).ToBeVisibleAsync();
        await bank.Hotline.AcknowledgeAsync(alertTitle);

        // The message falls due one second after the start: the controller's page shows both sent.
        // (The page refreshes itself only without JavaScript: reload until the runner has sent it.)
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await exercise.SentInjects.CountAsync() < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            await exercise.Page.ReloadAsync();
        }
        await Expect(exercise.SentInjects).ToHaveCountAsync(2);
        await Expect(exercise.Injects.First.Locator("a.item-link")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/hotline/"));
        await Screenshots.SaveAsync(exercise.Page, "exercise-controller-ja");

        // The board refreshes itself (every 5 s): the player's acknowledgement turns "met" without a reload.
        await Expect(board.Outcome(1, "acknowledge", "HIKARI-BANK")).ToHaveAttributeAsync("data-outcome", "met", new() { Timeout = 15_000 });
        await Expect(board.Board).ToHaveAttributeAsync("data-refreshed", new System.Text.RegularExpressions.Regex(@"^\d+$"));
        await Expect(board.Outcome(1, "acknowledge", "AKEBONO-POWER")).Not.ToHaveAttributeAsync("data-outcome", "met");
        await Screenshots.SaveAsync(board.Page, "exercise-board-ja");

        var report = await board.OpenReportAsync();
        var pdf = await report.DownloadPdfAsync();
        Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
    }
}
