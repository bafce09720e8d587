using System.Text.Json;
using Kizuna.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR.Client;

namespace Kizuna.Server.Tests.ScaleOut;

/// <summary>
/// Two server nodes over one PostgreSQL database and one Redis, under a channel prefix of their
/// own: node A migrates and seeds the demo community, node B starts on the database as it is.
/// Disposing stops both nodes (each at most once), then drops the database.
/// </summary>
public sealed class TwoNodes : IAsyncDisposable
{
    private TwoNodes(TestDatabase database, KizunaTestServer a, KizunaTestServer b, string prefix) => (Database, A, B, Prefix) = (database, a, b, prefix);

    public TestDatabase Database { get; }
    public KizunaTestServer A { get; }
    public KizunaTestServer B { get; }
    public string Prefix { get; }

    /// <summary>Settings of both nodes on top of the test defaults and the Redis pair.</summary>
    public static readonly IReadOnlyDictionary<string, string> Common = new Dictionary<string, string>
    {
        ["Server:TokenPermitsPerMinute"] = "100000",
        // Only the Redis wake-up can bring an alert to another node's SSE stream in time: the heartbeat would take minutes.
        ["Hotline:StreamHeartbeat"] = "00:05:00",
        ["Delivery:PollInterval"] = "00:00:00.200",
    };

    public static async Task<TwoNodes> StartAsync(IReadOnlyDictionary<string, string>? a = null, IReadOnlyDictionary<string, string>? b = null,
        string? redis = null, Action<WebApplicationBuilder>? configure = null)
    {
        var prefix = TestRedis.NewPrefix();
        var database = await TestDatabase.CreateEmptyAsync(DatabaseKind.Postgres);
        KizunaTestServer? first = null;
        try
        {
            first = await KizunaTestServer.StartNodeAsync(database, prepare: true, settings: Merge(prefix, redis, a), configure: configure);
            var second = await KizunaTestServer.StartNodeAsync(database, prepare: false, settings: Merge(prefix, redis, b), configure: configure);
            return new TwoNodes(database, first, second, prefix);
        }
        catch
        {
            if (first is not null) await first.DisposeAsync();
            await database.DisposeAsync();
            throw;
        }
    }

    private static Dictionary<string, string> Merge(string prefix, string? redis, IReadOnlyDictionary<string, string>? node)
    {
        var settings = new Dictionary<string, string>(Common);
        foreach (var (k, v) in TestRedis.Settings(prefix, redis)) settings[k] = v;
        foreach (var (k, v) in node ?? new Dictionary<string, string>()) settings[k] = v;
        return settings;
    }

    /// <summary>A SignalR client on <paramref name="node"/> that is in its organisation's group (a hub call returns only after the hub's OnConnected).</summary>
    public static async Task<LiveClient> LiveAsync(KizunaTestServer node, string email)
    {
        var live = await LiveClient.ConnectAsync(node.BaseAddress, await node.TokenForAsync(email, "read"));
        await live.Connection.InvokeAsync<JsonElement>("Since", (long?)null);
        return live;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await B.DisposeAsync();
            await A.DisposeAsync();
        }
        finally
        {
            await Database.DisposeAsync();
        }
    }
}
