using System.Text.Json;
using Kizuna.Core.Errors;

namespace Kizuna.Core.Features.Delivery;

/// <summary>The states of an <see cref="OutboxMessage"/>.</summary>
public static class OutboxStatus
{
    /// <summary>Waiting for delivery (first try or a retry); due at <see cref="OutboxMessage.DueAt"/>.</summary>
    public const string Pending = "pending";
    /// <summary>Delivered (at least once).</summary>
    public const string Sent = "sent";
    /// <summary>Given up: a permanent failure or too many attempts. An admin may replay it.</summary>
    public const string Dead = "dead";

    public static readonly IReadOnlyList<string> All = [Pending, Sent, Dead];
}

/// <summary>
/// One side effect (an e-mail, a webhook call, a fan-out step) written to the outbox table in the
/// same transaction as the change that causes it (送信待ち). The <see cref="OutboxWorker"/> delivers
/// it at least once; receivers deduplicate on <see cref="IdempotencyKey"/>, which is unique in the
/// table, so a producer that runs twice cannot queue the same effect twice.
/// </summary>
public sealed class OutboxMessage
{
    public const int MaxChannelLength = 64;
    public const int MaxIdempotencyKeyLength = 200;
    public const int MaxTopicLength = 100;
    public const int MaxDestinationLength = 2000;
    public const int MaxErrorLength = 2000;
    public const int MaxLeaseOwnerLength = 100;

    /// <summary>Payloads (and webhook bodies) are written with the web defaults (camelCase) and readable Japanese, as the API answers.</summary>
    public static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    private OutboxMessage() { }

    public static OutboxMessage Create(string channel, string idempotencyKey, string topic, object payload, DateTimeOffset now,
        DateTimeOffset? dueAt = null, Guid? organizationId = null, Guid? userId = null, string? destination = null, bool urgent = false)
    {
        ArgumentNullException.ThrowIfNull(payload);
        new InputCheck()
            .Required("channel", channel, MaxChannelLength)
            .Required("idempotencyKey", idempotencyKey, MaxIdempotencyKeyLength)
            .Required("topic", topic, MaxTopicLength)
            .MaxLength("destination", destination, MaxDestinationLength)
            .ThrowIfInvalid("The outbox message is invalid.");
        return new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            Channel = channel,
            IdempotencyKey = idempotencyKey,
            Topic = topic,
            OrganizationId = organizationId,
            UserId = userId,
            Destination = destination,
            Payload = JsonSerializer.Serialize(payload, payload.GetType(), PayloadJson),
            Urgent = urgent,
            CreatedAt = now,
            DueAt = dueAt ?? now,
            Status = OutboxStatus.Pending,
        };
    }

    public Guid Id { get; private set; }
    /// <summary>Which <see cref="IOutboxHandler"/> delivers it: <c>email</c>, <c>webhook</c>, or any registered channel.</summary>
    public string Channel { get; private set; } = "";
    /// <summary>Unique across the table; sent to receivers so they can drop repeats.</summary>
    public string IdempotencyKey { get; private set; } = "";
    /// <summary>What happened, e.g. <c>advisory.published</c>.</summary>
    public string Topic { get; private set; } = "";
    public Guid? OrganizationId { get; private set; }
    public Guid? UserId { get; private set; }
    /// <summary>An address or URL, for the admin view; the payload is what the channel uses.</summary>
    public string? Destination { get; private set; }
    /// <summary>JSON text; read it with <see cref="ReadPayload{T}"/>.</summary>
    public string Payload { get; private set; } = "";
    /// <summary>Urgent items ignore quiet hours.</summary>
    public bool Urgent { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>Not tried before this time (quiet hours, backoff).</summary>
    public DateTimeOffset DueAt { get; private set; }
    public int Attempts { get; private set; }
    public string Status { get; private set; } = OutboxStatus.Pending;
    public string? LastError { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    /// <summary>The worker that claimed it; the claim lapses at <see cref="LeaseUntil"/>, so a killed node's claims are retried.</summary>
    public string? LeaseOwner { get; private set; }
    public DateTimeOffset? LeaseUntil { get; private set; }

    public T ReadPayload<T>() => JsonSerializer.Deserialize<T>(Payload, PayloadJson)
        ?? throw new InvalidOperationException($"Outbox message {Id} has an empty payload.");

    /// <summary>Delivered: counts the attempt and releases the lease.</summary>
    public void MarkSent(DateTimeOffset now)
    {
        if (Status != OutboxStatus.Pending) throw new ConflictException($"Outbox message {Id} is {Status}, not pending.");
        Attempts++;
        Status = OutboxStatus.Sent;
        SentAt = now;
        LeaseOwner = null;
        LeaseUntil = null;
    }

    /// <summary>An attempt failed: retried at <paramref name="nextDue"/> when <paramref name="retryable"/>, else dead.</summary>
    public void Fail(bool retryable, string error, DateTimeOffset nextDue)
    {
        if (Status != OutboxStatus.Pending) throw new ConflictException($"Outbox message {Id} is {Status}, not pending.");
        Attempts++;
        LastError = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        LeaseOwner = null;
        LeaseUntil = null;
        if (retryable) DueAt = nextDue;
        else Status = OutboxStatus.Dead;
    }

    /// <summary>Not attempted (a dependency is down): due again at <paramref name="nextDue"/>, lease released, attempts unchanged.</summary>
    public void Postpone(string reason, DateTimeOffset nextDue)
    {
        if (Status != OutboxStatus.Pending) throw new ConflictException($"Outbox message {Id} is {Status}, not pending.");
        LastError = reason.Length > MaxErrorLength ? reason[..MaxErrorLength] : reason;
        LeaseOwner = null;
        LeaseUntil = null;
        DueAt = nextDue;
    }

    /// <summary>An admin sends a dead message again: pending, due now, attempts reset (the last error stays for the record).</summary>
    public void Replay(DateTimeOffset now)
    {
        if (Status != OutboxStatus.Dead) throw new ConflictException($"Only dead messages are replayed; this one is {Status}.");
        Status = OutboxStatus.Pending;
        Attempts = 0;
        DueAt = now;
        LeaseOwner = null;
        LeaseUntil = null;
    }
}
