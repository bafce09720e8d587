using System.Text.Json;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using static Kizuna.Server.Tests.Hotline.HotlineApi;

namespace Kizuna.Server.Tests.Hotline;

/// <summary>
/// The SignalR hub, the browsers' live channel: an alert reaches the connections of its audience
/// and never one outside it (the leak hunt on the live channel), the sender's connections see each
/// acknowledgement, and a client that was away replays what it missed.
/// </summary>
public sealed class HotlineHubTests(HotlineHubTests.Fixture fixture) : IClassFixture<HotlineHubTests.Fixture>
{
    public sealed class Fixture : ServerFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Server:TokenPermitsPerMinute"] = "100000",
        };
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Hub_Alert_ReachesTheAudienceOnly_AndTheSenderSeesTheAcknowledgement(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        await using var bank = await LiveClient.ConnectAsync(server.BaseAddress, await server.TokenForAsync(BankReporter, "read"));
        await using var water = await LiveClient.ConnectAsync(server.BaseAddress, await server.TokenForAsync(WaterViewer, "read"));
        await using var board = await LiveClient.ConnectAsync(server.BaseAddress, await server.TokenForAsync(Nisc, "read"));

        var canary = $"KZHUB-{Guid.NewGuid():N}";
        var secret = await SendAsync(nisc, Alert($"Bank only {canary}", "RED", ("organization", "HIKARI-BANK")));
        var marker = await SendAsync(nisc, Alert("For the water company", "AMBER", ("organization", "KIYORA-WATER")));

        var got = await bank.WaitForAsync("alert", d => d.GetProperty("id").GetGuid() == IdOf(secret));
        Assert.Contains(canary, got.GetProperty("title").GetString());
        Assert.Equal(SequenceOf(secret), got.GetProperty("sequence").GetInt64());
        Assert.Equal("/hotline/" + IdOf(secret), got.GetProperty("url").GetString());
        await water.WaitForAsync("alert", d => d.GetProperty("id").GetGuid() == IdOf(marker));

        // The bank acknowledges by API: the sender's open board hears of it.
        using var bankApi = await server.ApiClientAsync(BankReporter);
        (await bankApi.PostAsync($"/api/v1/hotline/alerts/{IdOf(secret)}/acknowledge", null)).EnsureSuccessStatusCode();
        var ack = await board.WaitForAsync("acknowledged", d => d.GetProperty("alertId").GetGuid() == IdOf(secret));
        Assert.Equal("HIKARI-BANK", ack.GetProperty("organizationCode").GetString());
        Assert.Equal(1, ack.GetProperty("acknowledged").GetInt32());

        // Neither the water company nor the sender's own connections got the secret alert; nobody but the sender got the acknowledgement.
        Assert.DoesNotContain(water.All, m => m.Data.GetRawText().Contains(canary));
        Assert.DoesNotContain(board.All, m => m.Method == "alert");
        Assert.DoesNotContain(bank.All, m => m.Method == "acknowledged");
        Assert.DoesNotContain(water.All, m => m.Method == "acknowledged");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Hub_Since_ReplaysWhatTheClientMissed_OnlyItsOwn(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        await using var water = await LiveClient.ConnectAsync(server.BaseAddress, await server.TokenForAsync(WaterViewer, "read"));
        var start = await water.Connection.InvokeAsync<JsonElement>("Since", (long?)null);
        var from = start.GetProperty("lastSequence").GetInt64();
        Assert.Equal(0, start.GetProperty("alerts").GetArrayLength());

        var canary = $"KZHUBREPLAY-{Guid.NewGuid():N}";
        await SendAsync(nisc, Alert($"Bank only {canary}", "RED", ("organization", "HIKARI-BANK")));
        var mine = await SendAsync(nisc, Alert("Water replay", "AMBER", ("organization", "KIYORA-WATER")));

        var replay = await water.Connection.InvokeAsync<JsonElement>("Since", (long?)from);
        Assert.Equal([IdOf(mine)], replay.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()));
        Assert.Equal(SequenceOf(mine), replay.GetProperty("lastSequence").GetInt64());
        Assert.DoesNotContain(canary, replay.GetRawText());
        await Assert.ThrowsAsync<HubException>(() => water.Connection.InvokeAsync<JsonElement>("Since", (long?)-1));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Hub_WithoutCredentials_IsRefused(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var e = await Assert.ThrowsAnyAsync<Exception>(() => LiveClient.ConnectAsync(server.BaseAddress));
        Assert.Contains("401", e.Message);
    }
}
