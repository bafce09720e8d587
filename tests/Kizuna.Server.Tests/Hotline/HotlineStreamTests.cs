using System.Net;
using System.Text.Json;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using static Kizuna.Server.Tests.Hotline.HotlineApi;

namespace Kizuna.Server.Tests.Hotline;

/// <summary>
/// The SSE stream for machine clients: a new alert reaches a connected client of its audience and
/// never a client outside it (the leak hunt applied to the live channel), <c>Last-Event-ID</c>
/// resumes without gaps, and a heartbeat keeps the connection alive.
/// </summary>
public sealed class HotlineStreamTests(HotlineStreamTests.Fixture fixture) : IClassFixture<HotlineStreamTests.Fixture>
{
    public sealed class Fixture : ServerFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Server:TokenPermitsPerMinute"] = "100000",
            ["Hotline:StreamHeartbeat"] = "00:00:00.200",
        };
    }

    private static List<SseEvent> ParseAll(string body)
        => body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n').Where(l => !l.StartsWith(':')).ToList())
            .Where(lines => lines.Any(l => l.StartsWith("id: ", StringComparison.Ordinal)))
            .Select(SseClient.Parse).ToList();

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Stream_NewAlert_ReachesTheAudienceAndNeverAnOutsider(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var bankClient = await server.ApiClientAsync(BankReporter, "read");
        using var waterClient = await server.ApiClientAsync(WaterViewer, "read");
        using var bank = await SseClient.ConnectAsync(bankClient);
        using var water = await SseClient.ConnectAsync(waterClient);

        var canary = $"KZLIVE-{Guid.NewGuid():N}";
        var secret = await SendAsync(nisc, Alert($"Bank only {canary}", "RED", ("organization", "HIKARI-BANK")));
        var marker = await SendAsync(nisc, Alert("For the water company", "AMBER", ("organization", "KIYORA-WATER")));

        var got = await bank.NextEventAsync();
        Assert.Equal("alert", got.Event);
        Assert.Equal(SequenceOf(secret), got.Id);
        Assert.Equal(IdOf(secret), got.Data.GetProperty("id").GetGuid());
        Assert.Contains(canary, got.Data.GetProperty("title").GetString());
        Assert.Contains("isolate", got.Data.GetProperty("message").GetString());

        // Events come in sequence order: had the secret leaked, it would have come before the marker.
        var first = await water.NextEventAsync();
        Assert.Equal(SequenceOf(marker), first.Id);
        Assert.DoesNotContain(canary, first.Raw);

        // The replay from the beginning, as the route walks read it, holds the same line.
        var waterReplay = await waterClient.GetStringAsync("/api/v1/hotline/stream?once=true&lastEventId=0");
        Assert.DoesNotContain(canary, waterReplay);
        Assert.DoesNotContain(IdOf(secret).ToString(), waterReplay);
        Assert.Contains(IdOf(marker).ToString(), waterReplay);
        Assert.Contains(canary, await bankClient.GetStringAsync("/api/v1/hotline/stream?once=true&lastEventId=0"));
        // The sender is not a recipient: its own stream does not carry what it sent.
        using var niscRead = await server.ApiClientAsync(Nisc, "read");
        Assert.DoesNotContain(canary, await niscRead.GetStringAsync("/api/v1/hotline/stream?once=true&lastEventId=0"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Stream_LastEventId_ReplaysWhatCameAfterThenContinuesLive(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var bankClient = await server.ApiClientAsync(BankAdmin, "read");
        var sent = new List<System.Text.Json.Nodes.JsonObject>();
        for (var i = 0; i < 3; i++)
            sent.Add(await SendAsync(nisc, Alert($"Resume {i}", "AMBER", ("organization", "HIKARI-BANK"))));
        // An alert to someone else in between: not a gap, just not ours.
        await SendAsync(nisc, Alert("Not for the bank", "AMBER", ("organization", "KIYORA-WATER")));

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/hotline/stream?once=true");
        request.Headers.Add("Last-Event-ID", SequenceOf(sent[0]).ToString());
        var replay = ParseAll(await (await bankClient.SendAsync(request)).Content.ReadAsStringAsync());
        Assert.Equal([SequenceOf(sent[1]), SequenceOf(sent[2])], replay.Select(e => e.Id));

        using var stream = await SseClient.ConnectAsync(bankClient, SequenceOf(sent[0]));
        Assert.Equal(SequenceOf(sent[1]), (await stream.NextEventAsync()).Id);
        Assert.Equal(SequenceOf(sent[2]), (await stream.NextEventAsync()).Id);
        var live = await SendAsync(nisc, Alert("Resume live", "AMBER", ("organization", "HIKARI-BANK")));
        Assert.Equal(SequenceOf(live), (await stream.NextEventAsync()).Id);

        // Quiet: heartbeats, as comments, until something happens; then the next alert comes.
        var reading = stream.NextEventAsync();
        while (stream.Comments.Count == 0 && !reading.IsCompleted) await Task.Delay(50);
        Assert.Contains(": heartbeat", stream.Comments);
        var after = await SendAsync(nisc, Alert("After a heartbeat", "AMBER", ("organization", "HIKARI-BANK")));
        Assert.Equal(SequenceOf(after), (await reading).Id);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Stream_ClientsThatLeaveMidStreamOrReadSlowly_DoNotHoldUpTheOthers(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var nisc = await server.ApiClientAsync(Nisc);
        using var bankClient = await server.ApiClientAsync(BankAdmin, "read");
        using var waterClient = await server.ApiClientAsync(WaterViewer, "read");
        var quitter = await SseClient.ConnectAsync(bankClient);
        using var slow = await SseClient.ConnectAsync(bankClient);
        using var steady = await SseClient.ConnectAsync(waterClient);

        // One client goes away in the middle of the stream, right after its first event.
        var first = await SendAsync(nisc, Alert("Before leaving", "AMBER", ("organization", "HIKARI-BANK")));
        Assert.Equal(SequenceOf(first), (await quitter.NextEventAsync()).Id);
        quitter.Dispose();
        // The slow one reads nothing while more come; the others are not held up.
        var unread = new List<long> { SequenceOf(first) };
        for (var i = 0; i < 8; i++)
            unread.Add(SequenceOf(await SendAsync(nisc, Alert($"Unread {i}", "AMBER", ("organization", "HIKARI-BANK")))));
        var marker = await SendAsync(nisc, Alert("For the steady reader", "AMBER", ("organization", "KIYORA-WATER")));
        Assert.Equal(SequenceOf(marker), (await steady.NextEventAsync(TimeSpan.FromSeconds(10))).Id);

        // When the slow client reads at last, it gets everything, in order, once.
        foreach (var sequence in unread) Assert.Equal(sequence, (await slow.NextEventAsync(TimeSpan.FromSeconds(10))).Id);
        // The server is well: a new client resumes from the first alert.
        using var again = await SseClient.ConnectAsync(bankClient, SequenceOf(first));
        Assert.Equal(unread[1], (await again.NextEventAsync(TimeSpan.FromSeconds(10))).Id);
        (await bankClient.GetAsync("/api/v1/hotline/alerts")).EnsureSuccessStatusCode();
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Stream_BadLastEventId_AnswersProblemDetails(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var bankClient = await server.ApiClientAsync(BankReporter, "read");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/hotline/stream");
        request.Headers.Add("Last-Event-ID", "yesterday");
        await Problems.AssertAsync(await bankClient.SendAsync(request), HttpStatusCode.BadRequest, "Last-Event-ID");
        using var anonymous = server.CreateClient();
        await Problems.AssertAsync(await anonymous.GetAsync("/api/v1/hotline/stream"), HttpStatusCode.Unauthorized);
    }
}
