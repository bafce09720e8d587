namespace Kizuna.Core.Features.Delivery;

/// <summary>The outbox worker and webhook sender, bound from the <c>Delivery</c> section and validated at start-up.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>Run the outbox worker on this node (several nodes may; claims never overlap).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How often the worker looks for due messages when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Messages claimed per round.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Delivery lanes per round; each lane has its own SMTP connection, reused across its messages.</summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>Attempts before a retryable failure becomes dead.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry delay; it doubles per attempt (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a claim lasts; a node killed mid-delivery loses its claims after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The whole webhook call, connect to last byte of the answer's headers.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest webhook request body; a larger event is dead at once.</summary>
    public int MaxWebhookBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Allow webhooks to loopback, private and link-local addresses (tests, closed networks). Off by default.</summary>
    public bool AllowPrivateWebhookTargets { get; set; }

    /// <summary>
    /// How long sent messages are kept (the outbox page shows them; a late re-run of a fan-out
    /// finds its keys there and sends nothing twice) before the worker deletes them. Zero keeps
    /// them forever. Pending and dead messages are never deleted.
    /// </summary>
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The server's public address, for links in mails.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Start-up checks; an empty list means valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromHours(1)) p.Add("Delivery:PollInterval must be between 10 ms and 1 hour.");
        if (BatchSize is < 1 or > 5000) p.Add("Delivery:BatchSize must be between 1 and 5000.");
        if (Parallelism is < 1 or > 64) p.Add("Delivery:Parallelism must be between 1 and 64.");
        if (MaxAttempts is < 1 or > 100) p.Add("Delivery:MaxAttempts must be between 1 and 100.");
        if (BaseRetryDelay < TimeSpan.Zero || BaseRetryDelay > TimeSpan.FromDays(1)) p.Add("Delivery:BaseRetryDelay must be between 0 and 1 day.");
        if (MaxRetryDelay < BaseRetryDelay || MaxRetryDelay > TimeSpan.FromDays(7)) p.Add("Delivery:MaxRetryDelay must be at least BaseRetryDelay and at most 7 days.");
        if (LeaseDuration < TimeSpan.FromSeconds(1) || LeaseDuration > TimeSpan.FromHours(1)) p.Add("Delivery:LeaseDuration must be between 1 second and 1 hour.");
        if (WebhookTimeout < TimeSpan.FromMilliseconds(100) || WebhookTimeout > TimeSpan.FromMinutes(5)) p.Add("Delivery:WebhookTimeout must be between 100 ms and 5 minutes.");
        if (WebhookTimeout >= LeaseDuration) p.Add("Delivery:WebhookTimeout must be shorter than Delivery:LeaseDuration.");
        if (MaxWebhookBodyBytes is < 1024 or > 16 * 1024 * 1024) p.Add("Delivery:MaxWebhookBodyBytes must be between 1 KiB and 16 MiB.");
        if (SentRetention != TimeSpan.Zero && (SentRetention < TimeSpan.FromHours(1) || SentRetention > TimeSpan.FromDays(3650)))
            p.Add("Delivery:SentRetention must be 0 (keep forever) or between 1 hour and 3650 days.");
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")) p.Add("Delivery:PublicBaseUrl must be an absolute http or https URL.");
        return p;
    }
}
