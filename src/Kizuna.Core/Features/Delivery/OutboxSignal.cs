namespace Kizuna.Core.Features.Delivery;

/// <summary>
/// Wakes this node's <see cref="OutboxWorker"/> early, so delivery takes milliseconds rather than a
/// poll interval. The database interceptor calls <see cref="Notify"/> after a commit that added
/// outbox messages; producers never need to. Other nodes find the messages on their next poll.
/// </summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Notify()
    {
        try { _wake.Release(); }
        catch (SemaphoreFullException) { /* already signalled */ }
    }

    /// <summary>Waits for a signal or the timeout; true when signalled.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);
}
