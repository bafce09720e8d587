using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kizuna.Browser.Tests.Infrastructure;
using Kizuna.TestKit;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests;

/// <summary>
/// The live crisis board (大規模IT障害対応時の状況ボード) in the browser: the coordinator's open
/// /crises/{id} shows an operator's answer without a reload (the hotline's live channel, WatchCrisis
/// and crisisUpdated), and the operator's own page of the crisis is not a live board.
/// </summary>
public sealed class CrisisLiveTests(ChromiumFixture chromium, KizunaServerFixture server) : BrowserTest(chromium, server)
{
    private static readonly string NiscAnalyst = DemoUsers.All.First(u => u.Org == "NISC" && u.Roles.Contains("analyst") && !u.PlatformAdmin).Email;
    private static readonly string BankReporter = DemoUsers.Of("HIKARI-BANK", "reporter");

    [Fact]
    public async Task Board_OperatorAnswersByApi_CoordinatorPageUpdatesWithoutReload()
    {
        using var api = await Server.ApiClientAsync(NiscAnalyst);
        var declared = await api.PostAsJsonAsync("/api/v1/crises", new { sectors = new[] { "finance" }, cause = "cyber" });
        Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
        var id = JsonDocument.Parse(await declared.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();

        var coordinator = await SignInAsync(NiscAnalyst);
        var page = coordinator.Page;
        var csp = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) csp.Add(m.Text); };
        await page.GotoAsync($"/crises/{id}");
        await Expect(page.Locator("#board")).ToHaveAttributeAsync("data-live-crisis", id.ToString());
        // The note appears once the hub has added the connection to the crisis's group.
        await Expect(page.Locator("#board-live")).ToBeVisibleAsync();
        await Expect(page.Locator("#board-counts")).ToContainTextAsync("0 / ");
        await Expect(page.Locator("#non-responders li[data-code='HIKARI-BANK']")).ToHaveCountAsync(1);
        await page.EvaluateAsync("() => { window.__kizunaMarker = 1; }");

        using var bank = await Server.ApiClientAsync(BankReporter);
        var answered = await bank.PostAsJsonAsync($"/api/v1/crises/{id}/status",
            new { services = new[] { new { service = "finance-banking", status = "down", expectedRecovery = (DateTimeOffset?)null, needs = "Generators" } } });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);

        await Expect(page.Locator("#board-counts")).ToContainTextAsync("1 / ");
        await Expect(page.Locator("#non-responders li[data-code='HIKARI-BANK']")).ToHaveCountAsync(0);
        await Expect(page.Locator("#timeline tr[data-kind='answer']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#board-live")).ToBeVisibleAsync();
        Assert.Equal(1, await page.EvaluateAsync<int?>("() => window.__kizunaMarker ?? null"));
        Assert.Empty(csp);

        // The operator answers on its page of the crisis: it has no board, and the hub would refuse it one.
        var operatorPage = await SignInElsewhereAsync(BankReporter);
        await operatorPage.Page.GotoAsync($"/crises/{id}");
        await Expect(operatorPage.Page.Locator("#my-status")).ToBeVisibleAsync();
        await Expect(operatorPage.Page.Locator("#board")).ToHaveCountAsync(0);
        await Expect(operatorPage.Page.Locator("[data-live-crisis]")).ToHaveCountAsync(0);
    }
}
