using System.Net;
using Kizuna.Core.Data;
using Kizuna.Core.Features.Hotline;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kizuna.Server.Tests.Hotline.HotlineApi;

namespace Kizuna.Server.Tests.Hotline;

/// <summary>
/// The SSE streams of a node share one read per wake-up (<see cref="HotlineStreamFeed"/>) instead
/// of one each, and still each get only their own alerts; a shared read is never reused after a
/// newer wake-up, once older than <see cref="HotlineStreamFeed.MaxReuse"/>, or past where it was cut.
/// </summary>
public sealed class HotlineStreamFeedTests(HotlineStreamFeedTests.Fixture fixture) : IClassFixture<HotlineStreamFeedTests.Fixture>
{
    public sealed class Fixture : ServerFixture
    {
        protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Server:TokenPermitsPerMinute"] = "100000",
            // No heartbeat during a test: every read counted comes from connecting or a wake-up.
            ["Hotline:StreamHeartbeat"] = "00:05:00",
        };
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Stream_TwelveStreamsWokenTogether_ShareReadsAndEachGetsOnlyItsOwn(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var feed = server.Services.GetRequiredService<HotlineStreamFeed>();
        using var nisc = await server.ApiClientAsync(Nisc);
        var clients = new Dictionary<string, HttpClient>
        {
            ["bank"] = await server.ApiClientAsync(BankReporter, "read"),
            ["power"] = await server.ApiClientAsync(PowerReporter, "read"),
            ["water"] = await server.ApiClientAsync(WaterViewer, "read"),
        };
        var reads0 = feed.Reads;
        var streams = new List<(string Org, StreamReader Reader, HttpResponseMessage Response)>();
        foreach (var (org, client) in clients)
            for (var i = 0; i < 4; i++)
            {
                var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/hotline/stream"), HttpCompletionOption.ResponseHeadersRead);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
                Assert.Equal("retry: 5000", await reader.ReadLineAsync());
                streams.Add((org, reader, response));
            }

        var canary = $"KZFEED-{Guid.NewGuid():N}";
        var finance = await SendAsync(nisc, Alert($"Finance only {canary}", "AMBER", ("sector", "finance")));
        var everyone = await SendAsync(nisc, Alert("Everyone", "GREEN", ("community", null)));

        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var (org, reader, _) in streams)
        {
            var first = await NextIdAsync(reader, safety.Token);
            if (org == "bank")
            {
                Assert.Equal(SequenceOf(finance), first.Id);
                Assert.Contains(canary, first.Raw);
                Assert.Equal(SequenceOf(everyone), (await NextIdAsync(reader, safety.Token)).Id);
            }
            else
            {
                // In sequence order: had the finance alert reached an outsider, it would have come first.
                Assert.Equal(SequenceOf(everyone), first.Id);
                Assert.DoesNotContain(canary, first.Raw);
            }
        }
        // One read per stream per wake-up would be at least 12 for connecting and 12 more for the alerts.
        var reads = feed.Reads - reads0;
        Assert.True(reads > 0 && reads < streams.Count, $"{streams.Count} streams made {reads} shared reads; a read per wake-up, shared, makes a few.");
        foreach (var (_, reader, response) in streams)
        {
            reader.Dispose();
            response.Dispose();
        }
        foreach (var client in clients.Values) client.Dispose();
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Feed_SharedRead_NotReusedAfterAWakeUpNorOnceTooOld(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var feed = server.Services.GetRequiredService<HotlineStreamFeed>();
        var signal = server.Services.GetRequiredService<HotlineSignal>();
        using var nisc = await server.ApiClientAsync(Nisc);
        var latest = await LatestAsync(server);

        var wake0 = signal.Next;
        var b1 = await feed.AfterAsync(latest, wake0);
        Assert.Same(b1, await feed.AfterAsync(latest, wake0));

        var sent = await SendAsync(nisc, Alert("Fresh", "AMBER", ("organization", "HIKARI-BANK")));
        var wake1 = signal.Next;
        Assert.NotSame(wake0, wake1);
        Assert.DoesNotContain(b1.Alerts, a => a.Alert.Id == IdOf(sent));
        var b2 = await feed.AfterAsync(latest, wake1);
        Assert.NotSame(b1, b2);
        var fresh = Assert.Single(b2.Alerts, a => a.Alert.Id == IdOf(sent));
        Assert.Contains(await OrganizationIdAsync(server, "HIKARI-BANK"), fresh.Recipients);
        Assert.Single(fresh.Recipients);

        await Task.Delay(HotlineStreamFeed.MaxReuse + TimeSpan.FromMilliseconds(200));
        var reads = feed.Reads;
        Assert.NotSame(b2, await feed.AfterAsync(latest, wake1));
        Assert.Equal(reads + 1, feed.Reads);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => feed.AfterAsync(-1, wake1));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Feed_MoreThanOneReadsWorth_IsCutAndTheRestReadFromWhereItEnded(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var feed = server.Services.GetRequiredService<HotlineStreamFeed>();
        var signal = server.Services.GetRequiredService<HotlineSignal>();
        using var nisc = await server.ApiClientAsync(Nisc);
        var latest = await LatestAsync(server);
        var sent = new List<long>();
        for (var i = 0; i <= HotlineStreamFeed.MaxAlertsPerRead; i++)
            sent.Add(SequenceOf(await SendAsync(nisc, Alert($"Burst {i}", "AMBER", ("organization", "KIYORA-WATER")))));

        var wake = signal.Next;
        var first = await feed.AfterAsync(latest, wake);
        Assert.True(first.Truncated);
        Assert.Equal(sent.Take(HotlineStreamFeed.MaxAlertsPerRead), first.Alerts.Select(a => a.Alert.Sequence));
        Assert.Equal(sent[^2], first.LastSequence);
        // Same wake-up, but past where the first read was cut: a new read.
        var rest = await feed.AfterAsync(first.LastSequence, wake);
        Assert.NotSame(first, rest);
        Assert.False(rest.Truncated);
        Assert.Equal([sent[^1]], rest.Alerts.Select(a => a.Alert.Sequence));
    }

    private sealed record Event(long Id, string Raw);

    private static async Task<Event> NextIdAsync(StreamReader reader, CancellationToken ct)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await reader.ReadLineAsync(ct) ?? throw new InvalidOperationException("The stream ended.");
            if (line.Length == 0)
            {
                var id = lines.FirstOrDefault(l => l.StartsWith("id: ", StringComparison.Ordinal));
                if (id is not null) return new Event(long.Parse(id[4..]), string.Join("\n", lines));
                lines.Clear();
            }
            else if (!line.StartsWith(':')) lines.Add(line);
        }
    }

    private static async Task<long> LatestAsync(KizunaTestServer server)
    {
        using var scope = server.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<HotlineQueries>().LatestSequenceAsync();
    }

    private static async Task<Guid> OrganizationIdAsync(KizunaTestServer server, string code)
    {
        using var scope = server.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<KizunaDb>().Organizations.Where(o => o.Code == code).Select(o => o.Id).SingleAsync();
    }
}
