using Kizuna.Core.Features.Hotline;
using StackExchange.Redis;

namespace Kizuna.Server.ScaleOut;

/// <summary>
/// The hotline wake-up across nodes: <see cref="WakeAsync"/> wakes this node's SSE streams and
/// publishes on <c>{prefix}:hotline:wake</c> (the multiplexer adds the prefix); every node's
/// subscription (made at start-up, restored by the client after a reconnect) wakes its own
/// <see cref="HotlineSignal"/>. The message carries nothing: streams re-read the database.
/// <see cref="ReachesAllNodes"/> is false while Redis is disconnected and for
/// <see cref="ReconnectGrace"/> after it came back, the time the other nodes need to reconnect
/// and restore their subscriptions (the SignalR groups' included): a push made earlier could reach
/// nobody there, so the live handler postpones it.
/// </summary>
public sealed class RedisHotlineWake(IConnectionMultiplexer redis, HotlineSignal signal, ILogger<RedisHotlineWake> log)
    : IHotlineWake, IHostedService
{
    /// <summary>The channel, before the prefix.</summary>
    public static readonly RedisChannel Channel = RedisChannel.Literal("hotline:wake");

    /// <summary>How long after a reconnect pushes still wait for the other nodes.</summary>
    public static readonly TimeSpan ReconnectGrace = TimeSpan.FromSeconds(3);

    /// <summary>When the connection last came back (<see cref="Environment.TickCount64"/>); 0 = never lost.</summary>
    private long _restoredAt;

    public bool ReachesAllNodes
    {
        get
        {
            if (!redis.IsConnected) return false;
            var restored = Interlocked.Read(ref _restoredAt);
            return restored == 0 || Environment.TickCount64 - restored >= (long)ReconnectGrace.TotalMilliseconds;
        }
    }

    public async Task WakeAsync(CancellationToken ct = default)
    {
        signal.Notify();
        if (!redis.IsConnected)
        {
            log.LogWarning("Redis is not connected: the other nodes' SSE streams get this alert at their next heartbeat.");
            return;
        }
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, "1");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            log.LogWarning(e, "Could not publish the hotline wake-up; the other nodes' SSE streams get this alert at their next heartbeat.");
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored += OnRestored;
        redis.ConnectionFailed += OnFailed;
        // The client keeps the handler and subscribes again after every reconnect, also when this first attempt fails.
        var subscribing = redis.GetSubscriber().SubscribeAsync(Channel, (_, _) => signal.Notify());
        if (redis.IsConnected)
        {
            try { await subscribing; }
            catch (Exception e) when (e is RedisException or TimeoutException) { log.LogWarning(e, "Subscribing to the hotline wake-up failed; the client retries on reconnect."); }
        }
        else
        {
            log.LogWarning("Redis is not reachable at start-up; this node runs on and connects when it can (live pushes wait for it).");
            _ = subscribing.ContinueWith(t => log.LogInformation(t.Exception, "Hotline wake-up subscription, first attempt: {State}.", t.Status), TaskScheduler.Default);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored -= OnRestored;
        redis.ConnectionFailed -= OnFailed;
        return Task.CompletedTask;
    }

    private void OnRestored(object? sender, ConnectionFailedEventArgs e)
    {
        Interlocked.Exchange(ref _restoredAt, Environment.TickCount64);
        log.LogInformation("Redis connection restored ({Type}); live pushes resume after {Grace} s.", e.ConnectionType, ReconnectGrace.TotalSeconds);
        // Streams re-read at once: what came while Redis was down is read now rather than at the next heartbeat.
        signal.Notify();
    }

    private void OnFailed(object? sender, ConnectionFailedEventArgs e)
        => log.LogWarning(e.Exception, "Redis connection lost ({Type}, {Failure}); live pushes wait, SSE streams fall back to their heartbeat.", e.ConnectionType, e.FailureType);
}
