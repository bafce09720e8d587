using System.Net.Http.Json;
using System.Text.Json;
using Kizuna.Browser.Tests.Infrastructure;
using Kizuna.Browser.Tests.Pages;
using Kizuna.TestKit;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests;

/// <summary>
/// The hotline (ホットライン) live in the browser: an alert appears as a banner on the open pages of
/// its audience without a reload, is acknowledged from the banner, and the sender's open board
/// shows the acknowledgement without a reload; pages outside the audience never show it.
/// </summary>
public sealed class HotlineLiveTests(ChromiumFixture chromium, KizunaServerFixture server) : BrowserTest(chromium, server)
{
    private static readonly string NiscAnalyst = DemoUsers.All.First(u => u.Org == "NISC" && u.Roles.Contains("analyst") && !u.PlatformAdmin).Email;

    /// <summary>Marks the page's JavaScript world: the mark survives only as long as the page is not reloaded.</summary>
    private static async Task MarkAsync(IPage page) => await page.EvaluateAsync("() => { window.__kizunaMarker = 1; }");

    private static async Task AssertNotReloadedAsync(IPage page)
        => Assert.Equal(1, await page.EvaluateAsync<int?>("() => window.__kizunaMarker ?? null"));

    /// <summary>Collects what the page's console says about the Content-Security-Policy (nothing, if the scripts obey it).</summary>
    private static List<string> CspViolations(IPage page)
    {
        var seen = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) seen.Add(m.Text); };
        return seen;
    }

    [Fact]
    public async Task Alert_SentByCoordinator_ShowsLiveOnOperatorPage_AcknowledgedFromBanner_BoardUpdatesWithoutReload()
    {
        var title = "金融分野 緊急連絡（ライブ） 不正送金マルウェア";
        var coordinator = await SignInAsync(NiscAnalyst);
        var bank = await SignInElsewhereAsync(DemoUsers.Of("HIKARI-BANK", "reporter"));
        var bankCsp = CspViolations(bank.Page);
        var coordinatorCsp = CspViolations(coordinator.Page);
        var sockets = new List<string>();
        bank.Page.WebSocket += (_, ws) => sockets.Add(ws.Url);
        await bank.Page.ReloadAsync();
        await bank.Hotline.WaitUntilLiveAsync();
        await Expect(bank.Hotline.Banner(title)).ToHaveCountAsync(0);
        await MarkAsync(bank.Page);

        var form = await HotlinePage.OpenAsync(coordinator.Page);
        var board = await form.SendAsync(title, "ネットバンキング利用者を狙うマルウェアを確認。\n送金制限を検討してください。", "AMBER", 4, "HIKARI-BANK");
        await MarkAsync(board.Page);
        await Expect(board.BoardCounts).ToContainTextAsync("0 / 1");
        await Expect(board.BoardLiveNote).ToBeVisibleAsync();

        // The bank's open page shows it, with the sound, without navigating.
        var banner = bank.Hotline.Banner(title);
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToHaveAttributeAsync("role", "alert");
        await Expect(banner).ToContainTextAsync("TLP:AMBER");
        await Expect(banner).ToContainTextAsync("サイバー攻撃");
        await Expect(banner).ToContainTextAsync("NISC");
        await Expect(banner).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bsev-4\b"));
        await Expect(bank.Hotline.Title(title)).ToHaveAttributeAsync("href", $"/hotline/{board.Id}");
        await Expect(banner).ToHaveAttributeAsync("data-sound", "played");
        await AssertNotReloadedAsync(bank.Page);
        await Screenshots.SaveAsync(bank.Page, "hotline-live-banner-ja");

        await bank.Hotline.AcknowledgeAsync(title);
        await Expect(bank.Hotline.Status(title)).ToHaveTextAsync("自組織として受領を確認しました。");
        await Expect(bank.Hotline.AcknowledgeButton(title)).ToHaveCountAsync(0);
        await AssertNotReloadedAsync(bank.Page);

        // The coordinator's open board shows the acknowledgement, given in the UI, without a reload.
        await Expect(board.BoardCounts).ToContainTextAsync("1 / 1");
        await Expect(board.BoardRow("HIKARI-BANK")).ToContainTextAsync("(ui)");
        await Expect(board.BoardLiveNote).ToBeVisibleAsync();
        await AssertNotReloadedAsync(board.Page);
        await Screenshots.SaveAsync(board.Page, "hotline-live-board-ja");

        // Acknowledged: the next page the bank opens has no banner for it.
        await bank.Page.GotoAsync("/notices");
        await Expect(bank.Hotline.Banner(title)).ToHaveCountAsync(0);

        // WebSockets under the CSP's default-src 'self', and nothing refused.
        Assert.Contains(sockets, u => u.Contains("/hubs/hotline", StringComparison.Ordinal));
        Assert.Empty(bankCsp);
        Assert.Empty(coordinatorCsp);
    }

    [Fact]
    public async Task Alert_ToOneOrganisation_NeverShowsOnAnOpenPageOutsideTheAudience()
    {
        var canary = $"KZLIVE-{Guid.NewGuid():N}";
        var water = await SignInAsync(DemoUsers.Of("KIYORA-WATER"));
        var power = await SignInElsewhereAsync(DemoUsers.Of("AKEBONO-POWER", "reporter"));
        await water.Hotline.WaitUntilLiveAsync();
        await power.Hotline.WaitUntilLiveAsync();

        using var api = await Server.ApiClientAsync(NiscAnalyst);
        var secret = await SendAsync(api, $"Water only {canary}", "RED", "KIYORA-WATER");
        await SendAsync(api, $"Everyone named {canary}-both", "AMBER", "KIYORA-WATER", "AKEBONO-POWER");

        // The later alert reaches both: by then the earlier one would have reached the power company too, had it been pushed there.
        await Expect(water.Hotline.Banner($"Water only {canary}")).ToBeVisibleAsync();
        await Expect(water.Hotline.Banner($"Everyone named {canary}-both")).ToBeVisibleAsync();
        await Expect(power.Hotline.Banner($"Everyone named {canary}-both")).ToBeVisibleAsync();
        await Expect(power.Hotline.All).ToHaveCountAsync(1);
        Assert.DoesNotContain($"Water only {canary}", await power.Page.ContentAsync());

        // Nor after a reload (the banners the server renders) or on the alert's own address.
        await power.Page.ReloadAsync();
        await Expect(power.Hotline.Banner($"Everyone named {canary}-both")).ToBeVisibleAsync();
        Assert.DoesNotContain($"Water only {canary}", await power.Page.ContentAsync());
        await power.Page.GotoAsync($"/hotline/{secret}");
        await Expect(power.Page.Locator("#alert-title")).ToHaveCountAsync(0);
        Assert.DoesNotContain($"Water only {canary}", await power.Page.ContentAsync());
    }

    [Fact]
    public async Task Banner_WithoutJavaScript_IsRenderedOnEveryPage_AndItsFormAcknowledges()
    {
        var title = "Control systems: urgent patch (no-JS)";
        using var api = await Server.ApiClientAsync(NiscAnalyst);
        var id = await SendAsync(api, title, "GREEN", "HAGANE-CONTROL");
        var context = await NewContextAsync(javaScript: false);
        var page = await context.NewPageAsync();
        var home = await (await LoginPage.OpenAsync(page)).SignInAsync(DemoUsers.Of("HAGANE-CONTROL", "reporter"), DemoUsers.Password);
        await home.Header.SwitchToEnglishAsync();

        await Expect(home.Hotline.Banner(title)).ToContainTextAsync("Urgent alert");
        await Expect(home.Hotline.Banner(title)).ToContainTextAsync("TLP:GREEN");
        await page.GotoAsync("/directory");
        await Expect(home.Hotline.Banner(title)).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "hotline-banner-en-no-js");

        await home.Hotline.AcknowledgeButton(title).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/hotline/{id}\\?done=acknowledged$"));
        await Expect(page.Locator("#my-acknowledged")).ToHaveAttributeAsync("data-acknowledged", "true");
        await Expect(home.Hotline.Banner(title)).ToHaveCountAsync(0);
    }

    private static async Task<Guid> SendAsync(HttpClient api, string title, string tlp, params string[] organizations)
    {
        var response = await api.PostAsJsonAsync("/api/v1/hotline/alerts", new
        {
            @class = "cyber", severity = 3, title, message = $"Message of {title}.", tlp,
            audience = organizations.Select(o => new { kind = "organization", value = o }).ToArray(),
        });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("alert").GetProperty("id").GetGuid();
    }
}
