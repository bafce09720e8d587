using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace Kizuna.TestKit;

/// <summary>
/// A SignalR client of the hotline hub (<c>/hubs/hotline</c>) as a test sees it: every
/// <c>alert</c>, <c>acknowledged</c> and <c>crisisUpdated</c> it receives is kept in order, as raw JSON, to wait for or to
/// search for leaks.
/// </summary>
public sealed class LiveClient : IAsyncDisposable
{
    private readonly Channel<(string Method, JsonElement Data)> _received = Channel.CreateUnbounded<(string, JsonElement)>();

    private LiveClient(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    /// <summary>Everything received so far, in order (also the ones already taken by <see cref="NextAsync"/>).</summary>
    public ConcurrentQueue<(string Method, JsonElement Data)> All { get; } = new();

    /// <summary>Connects with a bearer token (or a cookie container of a signed-in browser-like client).</summary>
    public static async Task<LiveClient> ConnectAsync(Uri baseAddress, string? token = null, CookieContainer? cookies = null, CancellationToken ct = default)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/hotline"), o =>
            {
                if (token is not null) o.Headers["Authorization"] = $"Bearer {token}";
                if (cookies is not null) o.Cookies = cookies;
            })
            .Build();
        var client = new LiveClient(connection);
        foreach (var method in new[] { "alert", "acknowledged", "crisisUpdated" })
            connection.On<JsonElement>(method, data =>
            {
                client.All.Enqueue((method, data));
                client._received.Writer.TryWrite((method, data));
            });
        await connection.StartAsync(ct);
        return client;
    }

    /// <summary>The next message received (of any method), or a timeout.</summary>
    public async Task<(string Method, JsonElement Data)> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        return await _received.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Waits for a message that matches, skipping others (they stay in <see cref="All"/>).</summary>
    public async Task<JsonElement> WaitForAsync(string method, Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var (m, data) = await _received.Reader.ReadAsync(cts.Token);
            if (m == method && match(data)) return data;
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
