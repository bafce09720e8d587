using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using static Kizuna.Server.Tests.Hotline.HotlineApi;

namespace Kizuna.Server.Tests.Hotline;

/// <summary>Sending urgent alerts, acknowledging them by API and UI, the sender's board, and bad input.</summary>
public sealed class HotlineAlertTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Send_ToSectorAndNamedOrganisation_AddressesEachAdmittedOrganisationOnce(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var detail = await SendAsync(nisc, Alert("Water and bank alert", "AMBER", ("sector", "water"), ("organization", "HIKARI-BANK")));
        var id = IdOf(detail);

        await using var db = server.NewContext();
        var expected = await db.Organizations.Where(o => o.Code == "HIKARI-BANK" || o.Sectors.Any(s => s.Code == "water")).Select(o => o.Id).ToListAsync();
        var addressed = await db.AlertAcknowledgements.Where(a => a.AlertId == id).Select(a => a.OrganizationId).ToListAsync();
        Assert.Equal(expected.Order(), addressed.Order());
        Assert.Equal(expected.Count, detail["recipients"]!.GetValue<int>());
        // One urgent notification per recipient organisation, in the same transaction.
        var notifications = await db.Outbox.Where(m => m.Channel == "hotline-notify" && m.IdempotencyKey.StartsWith($"hotline:{id:N}:sent:")).ToListAsync();
        Assert.Equal(expected.Count, notifications.Count);
        Assert.All(notifications, m => Assert.True(m.Urgent));

        // Outside the audience the alert does not exist.
        using var power = await server.ApiClientAsync(PowerReporter);
        Assert.Equal(HttpStatusCode.NotFound, (await power.GetAsync($"/api/v1/hotline/alerts/{id}")).StatusCode);
        Assert.DoesNotContain(id.ToString(), await power.GetStringAsync("/api/v1/hotline/alerts"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Acknowledge_ByApiThenAgain_CountsOnceAndShowsOnTheBoard(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = IdOf(await SendAsync(nisc, Alert("Ack by API", "RED", ("organization", "HIKARI-BANK"), ("organization", "KIYORA-WATER"))));
        using var bank = await server.ApiClientAsync(BankReporter);

        var mine = await GetJsonAsync(bank, $"/api/v1/hotline/alerts/{id}");
        Assert.True(mine["canAcknowledge"]!.GetValue<bool>());
        Assert.False(mine["canSeeBoard"]!.GetValue<bool>());
        var acked = await bank.PostAsync($"/api/v1/hotline/alerts/{id}/acknowledge", null);
        Assert.Equal(HttpStatusCode.OK, acked.StatusCode);
        await Problems.AssertAsync(await bank.PostAsync($"/api/v1/hotline/alerts/{id}/acknowledge", null), HttpStatusCode.Conflict, "already acknowledged");
        // Another member of the same organisation: the organisation has acknowledged.
        using var bankAdmin = await server.ApiClientAsync(BankAdmin);
        await Problems.AssertAsync(await bankAdmin.PostAsync($"/api/v1/hotline/alerts/{id}/acknowledge", null), HttpStatusCode.Conflict);
        await Problems.AssertAsync(await bank.GetAsync($"/api/v1/hotline/alerts/{id}/board"), HttpStatusCode.Forbidden);

        var board = await GetJsonAsync(nisc, $"/api/v1/hotline/alerts/{id}/board");
        Assert.Equal(2, board["recipients"]!.GetValue<int>());
        Assert.Equal(1, board["acknowledged"]!.GetValue<int>());
        var row = BoardRow(board, "HIKARI-BANK");
        Assert.Equal("api", row["via"]!.GetValue<string>());
        Assert.True(row["secondsToAcknowledge"]!.GetValue<double>() >= 0);
        Assert.Null(BoardRow(board, "KIYORA-WATER")["acknowledgedAt"]);
        var finance = board["sectors"]!.AsArray().Single(s => s!["sectorCode"]?.GetValue<string>() == "finance")!;
        Assert.Equal(1, finance["acknowledged"]!.GetValue<int>());
        Assert.Equal(0, board["sectors"]!.AsArray().Single(s => s!["sectorCode"]?.GetValue<string>() == "water")!["acknowledged"]!.GetValue<int>());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Acknowledge_ByPage_RecordsUiAndHidesTheButton(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        var id = IdOf(await SendAsync(nisc, Alert("Ack by page", "AMBER", ("organization", "KIYORA-WATER"))));
        using var water = await server.SignInAsync(WaterViewer);
        var page = await water.GetStringAsync($"/hotline/{id}");
        Assert.Contains("id=\"acknowledge\"", page);
        var posted = await KizunaTestServer.PostFormAsync(water, $"/hotline/{id}", "acknowledge", new Dictionary<string, string> { ["acknowledge"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var after = await water.GetStringAsync($"/hotline/{id}");
        Assert.DoesNotContain("id=\"acknowledge\"", after);
        Assert.Contains("data-acknowledged=\"true\"", after);
        Assert.Equal("ui", BoardRow(await GetJsonAsync(nisc, $"/api/v1/hotline/alerts/{id}/board"), "KIYORA-WATER")["via"]!.GetValue<string>());
        using var niscPage = await server.SignInAsync(Nisc);
        var boardPage = await niscPage.GetStringAsync($"/hotline/{id}");
        Assert.Contains("id=\"board-organizations\"", boardPage);
        // The board refreshes itself only without JavaScript; with it, the live channel swaps it in.
        var refresh = boardPage.IndexOf("http-equiv=\"refresh\"", StringComparison.Ordinal);
        Assert.True(refresh > 0 && boardPage.LastIndexOf("<noscript>", refresh, StringComparison.Ordinal) > boardPage.LastIndexOf("</noscript>", refresh, StringComparison.Ordinal),
            $"The board's meta refresh is not inside <noscript>: {boardPage[Math.Max(0, refresh - 80)..Math.Min(boardPage.Length, refresh + 80)]}");
        Assert.Equal(refresh, boardPage.LastIndexOf("http-equiv=\"refresh\"", StringComparison.Ordinal));
        Assert.Contains($"data-live-board=\"{id}\"", boardPage);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Send_BadInput_AnswersProblemDetails(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        async Task<string> BadAsync(HttpClient client, object body, HttpStatusCode status = HttpStatusCode.BadRequest)
            => Problems.Explanation(await Problems.AssertAsync(await client.PostAsJsonAsync("/api/v1/hotline/alerts", body), status));

        var unknownClass = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Alert("x", "AMBER", ("organization", "HIKARI-BANK"))))!.AsObject();
        unknownClass["class"] = "meteor";
        Assert.Contains("Unknown alert class", await BadAsync(nisc, unknownClass));
        Assert.Contains("audience", await BadAsync(nisc, Alert("x", "AMBER")), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("TLP:RED may only name organisations", await BadAsync(nisc, Alert("x", "RED", ("sector", "finance"))));
        Assert.Contains("Unknown TLP", await BadAsync(nisc, Alert("x", "PURPLE", ("organization", "HIKARI-BANK"))));
        Assert.Contains("nobody would receive", await BadAsync(nisc, Alert("x", "AMBER", ("organization", "NISC"))));
        // A ministry only within its sectors; an operator not at all.
        using var fsa = await server.ApiClientAsync(Fsa);
        Assert.Contains("not responsible for the sector 'water'", await BadAsync(fsa, Alert("x", "AMBER", ("sector", "water"))));
        Assert.Contains("not the community", await BadAsync(fsa, Alert("x", "AMBER", ("community", null))));
        Assert.NotEqual(Guid.Empty, IdOf(await SendAsync(fsa, Alert("FSA to finance", "AMBER", ("sector", "finance")))));
        using var bank = await server.ApiClientAsync(BankAdmin);
        await BadAsync(bank, Alert("x", "AMBER", ("organization", "KIYORA-WATER")), HttpStatusCode.Forbidden);
        await Problems.AssertAsync(await nisc.GetAsync($"/api/v1/hotline/alerts/{Guid.CreateVersion7()}"), HttpStatusCode.NotFound);
    }
}
