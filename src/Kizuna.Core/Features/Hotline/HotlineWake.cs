namespace Kizuna.Core.Features.Hotline;

/// <summary>
/// Wakes the SSE streams of every node after an alert was pushed. Like <see cref="HotlineSignal"/>
/// (which it calls on each node) it carries no data: the streams re-read the database, so a lost
/// wake-up only delays an alert to the next heartbeat. Single node: <see cref="InProcessHotlineWake"/>;
/// with Redis, a pub/sub channel <c>{prefix}:hotline:wake</c> that every node subscribes to.
/// </summary>
public interface IHotlineWake
{
    /// <summary>
    /// False while the link to the other nodes (Redis) is down: a live push made now would reach this
    /// node's connections only, so the caller postpones it. Always true on a single node.
    /// </summary>
    bool ReachesAllNodes { get; }

    /// <summary>Wakes this node's streams at once and asks the other nodes to wake theirs. Never throws: a wake that cannot be sent is logged (the heartbeat re-reads).</summary>
    Task WakeAsync(CancellationToken ct = default);
}

/// <summary>The single-node wake: this node's <see cref="HotlineSignal"/>.</summary>
public sealed class InProcessHotlineWake(HotlineSignal signal) : IHotlineWake
{
    public bool ReachesAllNodes => true;

    public Task WakeAsync(CancellationToken ct = default)
    {
        signal.Notify();
        return Task.CompletedTask;
    }
}
