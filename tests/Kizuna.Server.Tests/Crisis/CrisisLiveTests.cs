using System.Net.Http.Json;
using System.Text.Json;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Crisis.CrisisApi;

namespace Kizuna.Server.Tests.Crisis;

/// <summary>
/// The live crisis board (大規模IT障害対応時の状況ボード): a board reader's connection watches a crisis
/// (<c>WatchCrisis</c> on the hotline hub) and hears <c>crisisUpdated</c> on each answer, reminder round
/// and stand-down; an operator that only answers and an outsider are refused and hear nothing (the leak
/// hunt on the live channel). The push names the crisis and carries nothing of the board.
/// </summary>
public sealed class CrisisLiveTests(CrisisLiveTests.Fixture fixture) : IClassFixture<CrisisLiveTests.Fixture>
{
    public sealed class Fixture : ServerFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Server:TokenPermitsPerMinute"] = "100000",
        };
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task WatchCrisis_BoardReadersHearEachChange_OperatorsAndOutsidersAreRefusedAndHearNothing(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await DeclareAsync(nisc, Declaration("cyber", ["finance"]));
        var other = await DeclareAsync(nisc, Declaration("cyber", ["finance"]));

        await using var coordinator = await LiveClient.ConnectAsync(server.BaseAddress, await server.TokenForAsync(Nisc, "read"));
        await using var ministry = await LiveClient.ConnectAsync(server.BaseAddress, await server.TokenForAsync(Fsa, "read"));
        await using var bank = await LiveClient.ConnectAsync(server.BaseAddress, await server.TokenForAsync(BankReporter, "read"));
        await using var water = await LiveClient.ConnectAsync(server.BaseAddress, await server.TokenForAsync(WaterViewer, "read"));
        await using var meti = await LiveClient.ConnectAsync(server.BaseAddress, await server.TokenForAsync(Meti, "read"));

        Assert.True(await coordinator.Connection.InvokeAsync<bool>("WatchCrisis", id));
        Assert.True(await ministry.Connection.InvokeAsync<bool>("WatchCrisis", id));
        // The bank was asked (it answers, it does not read the board); the water company and a ministry not responsible for finance are outside the crisis.
        await Assert.ThrowsAsync<HubException>(() => bank.Connection.InvokeAsync<bool>("WatchCrisis", id));
        await Assert.ThrowsAsync<HubException>(() => water.Connection.InvokeAsync<bool>("WatchCrisis", id));
        await Assert.ThrowsAsync<HubException>(() => meti.Connection.InvokeAsync<bool>("WatchCrisis", id));
        await Assert.ThrowsAsync<HubException>(() => coordinator.Connection.InvokeAsync<bool>("WatchCrisis", Guid.NewGuid()));

        // An operator answers by API: the watching board readers hear of it, with the crisis id and nothing else.
        using var bankApi = await server.ApiClientAsync(BankReporter);
        var canary = $"KZCRISISLIVE-{Guid.NewGuid():N}";
        await AnswerAsync(bankApi, id, Answer(("finance-banking", "down", canary)));
        var pushed = await coordinator.WaitForAsync("crisisUpdated", d => d.GetProperty("crisisId").GetGuid() == id);
        Assert.Equal(["crisisId"], pushed.EnumerateObject().Select(p => p.Name));
        await ministry.WaitForAsync("crisisUpdated", d => d.GetProperty("crisisId").GetGuid() == id);

        // A reminder round and the stand-down are changes of the board too.
        (await nisc.PostAsJsonAsync($"/api/v1/crises/{id}/reminders", new { round = 1 })).EnsureSuccessStatusCode();
        await coordinator.WaitForAsync("crisisUpdated", d => d.GetProperty("crisisId").GetGuid() == id);
        (await nisc.PostAsync($"/api/v1/crises/{id}/stand-down", null)).EnsureSuccessStatusCode();
        await coordinator.WaitForAsync("crisisUpdated", d => d.GetProperty("crisisId").GetGuid() == id);
        await ministry.WaitForAsync("crisisUpdated", d => d.GetProperty("crisisId").GetGuid() == id);
        Assert.Equal(3, coordinator.All.Count(m => m.Method == "crisisUpdated"));

        // A change of another crisis is not pushed to the watchers of this one; once it is, everything for this one has long arrived.
        Assert.True(await coordinator.Connection.InvokeAsync<bool>("WatchCrisis", other));
        await AnswerAsync(bankApi, other, Answer(("finance-banking", "normal", null)));
        await coordinator.WaitForAsync("crisisUpdated", d => d.GetProperty("crisisId").GetGuid() == other);
        Assert.DoesNotContain(ministry.All, m => m.Method == "crisisUpdated" && m.Data.GetProperty("crisisId").GetGuid() == other);

        foreach (var refused in new[] { bank, water, meti })
            Assert.DoesNotContain(refused.All, m => m.Method == "crisisUpdated");
        Assert.DoesNotContain(coordinator.All, m => m.Data.GetRawText().Contains(canary));

        // One outbox row per change, each with its own idempotency key.
        await using var db = server.NewContext();
        var rows = await db.Outbox.Where(m => m.Channel == "crisis-live" && m.IdempotencyKey.StartsWith($"crisis:{id:N}:live:")).ToListAsync();
        Assert.Equal(3, rows.Count);
        Assert.Equal(3, rows.Select(r => r.IdempotencyKey).Distinct().Count());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task HotlineAlert_ToAnOperatorOfTheCrisisSectors_PushesTheBoard_OthersDoNot(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await DeclareAsync(nisc, Declaration("cyber", ["finance"]));
        await using var coordinator = await LiveClient.ConnectAsync(server.BaseAddress, await server.TokenForAsync(Nisc, "read"));
        Assert.True(await coordinator.Connection.InvokeAsync<bool>("WatchCrisis", id));

        // An alert to the water company is not on the finance crisis's timeline; one to the bank is, and the board is pushed.
        await Hotline.HotlineApi.SendAsync(nisc, Hotline.HotlineApi.Alert("Water only", "AMBER", ("organization", "KIYORA-WATER")));
        var bankAlert = await Hotline.HotlineApi.SendAsync(nisc, Hotline.HotlineApi.Alert("Bank, during the crisis", "AMBER", ("organization", "HIKARI-BANK")));
        await coordinator.WaitForAsync("crisisUpdated", d => d.GetProperty("crisisId").GetGuid() == id);
        await using var db = server.NewContext();
        var keys = await db.Outbox.Where(m => m.Channel == "crisis-live" && m.IdempotencyKey.StartsWith($"crisis:{id:N}:live:")).Select(m => m.IdempotencyKey).ToListAsync();
        Assert.Equal([$"crisis:{id:N}:live:alert:{Hotline.HotlineApi.IdOf(bankAlert):N}"], keys);
        var board = await GetJsonAsync(nisc, $"/api/v1/crises/{id}/board");
        Assert.Single(board["timeline"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "alert");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task CrisisPage_BoardReadersGetTheLiveAttribute_TheOperatorDoesNot(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = await DeclareAsync(nisc, Declaration("cyber", ["finance"]));

        using var coordinator = await server.SignInAsync(Nisc);
        var html = await coordinator.GetStringAsync($"/crises/{id}");
        Assert.Contains($"data-live-crisis=\"{id}\"", html);
        // The meta refresh stays for browsers without JavaScript only.
        var refresh = html.IndexOf("http-equiv=\"refresh\"", StringComparison.Ordinal);
        Assert.True(refresh > 0 && html.LastIndexOf("<noscript>", refresh, StringComparison.Ordinal) > html.LastIndexOf("</noscript>", refresh, StringComparison.Ordinal),
            $"The board's meta refresh is not inside <noscript>: {html[Math.Max(0, refresh - 80)..Math.Min(html.Length, refresh + 80)]}");

        using var bank = await server.SignInAsync(BankReporter);
        var mine = await bank.GetStringAsync($"/crises/{id}");
        Assert.DoesNotContain("data-live-crisis", mine);
        Assert.DoesNotContain("http-equiv=\"refresh\"", mine);
    }
}
