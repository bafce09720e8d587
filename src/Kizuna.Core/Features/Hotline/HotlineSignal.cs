namespace Kizuna.Core.Features.Hotline;

/// <summary>
/// Wakes this node's live-stream connections when an alert was committed. It carries no data: a
/// woken connection reads what is new from the database through the disclosure policy, so the
/// database stays the only copy and a missed wake-up loses nothing (the next one, or a reconnect
/// with <c>Last-Event-ID</c>, catches up). This node only: <see cref="IHotlineWake"/> reaches the
/// other nodes' signals (through Redis when configured).
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
