namespace Kizuna.Core.Features.Hotline;

/// <summary>
/// Wakes this node's live-stream connections when an alert was committed. It carries no data: a
/// woken connection reads what is new from the database through the disclosure policy, so the
/// database stays the only copy and a missed wake-up loses nothing (the next one, or a reconnect
/// with <c>Last-Event-ID</c>, catches up). Single node only: the Redis backplane that wakes the
/// other nodes comes with the scale-out part of issue 5.
/// </summary>
public sealed class HotlineSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();

    /// <summary>The task the next <see cref="Notify"/> completes; take it before reading the database.</summary>
    public Task Next
    {
        get { lock (_gate) return _next.Task; }
    }

    public void Notify()
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            done = _next;
            _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        done.TrySetResult();
    }
}
