using Kizuna.Core.Data;

namespace Kizuna.Core.Features.Delivery;

/// <summary>
/// Delivers the messages of one channel. Registered in DI as a scoped <see cref="IOutboxHandler"/>;
/// the worker resolves one per delivery lane, so a handler may keep a connection open across the
/// messages of a batch. A handler may add further <see cref="OutboxMessage"/>s to <c>db</c>
/// (fan-out): the worker saves them in the same SaveChanges that marks this message sent, and drops
/// any whose idempotency key already exists, so a re-run never duplicates them.
/// </summary>
public interface IOutboxHandler
{
    string Channel { get; }

    Task<OutboxResult> HandleAsync(OutboxMessage message, KizunaDb db, CancellationToken ct);
}

public enum OutboxOutcome
{
    Delivered,
    Retry,
    Permanent,

    /// <summary>Not attempted: something the delivery needs is down for now (the backplane). Due again later; no attempt is counted, so an outage of any length never makes the message dead.</summary>
    Postponed,
}

/// <summary>What a handler reports: delivered, try again later (optionally not before <see cref="RetryAfter"/>), give up, or not tried yet (postponed by <see cref="RetryAfter"/>).</summary>
public sealed record OutboxResult(OutboxOutcome Outcome, string? Error = null, TimeSpan? RetryAfter = null)
{
    public static OutboxResult Delivered { get; } = new(OutboxOutcome.Delivered);

    public static OutboxResult Retry(string error, TimeSpan? after = null) => new(OutboxOutcome.Retry, error, after);

    public static OutboxResult Permanent(string error) => new(OutboxOutcome.Permanent, error);

    public static OutboxResult Postpone(string reason, TimeSpan after) => new(OutboxOutcome.Postponed, reason, after);
}
