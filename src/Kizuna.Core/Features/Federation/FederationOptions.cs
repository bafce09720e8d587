namespace Kizuna.Core.Features.Federation;

/// <summary>Limits and timing of TAXII federation (連携), bound from the <c>Federation</c> section and checked at start-up.</summary>
public sealed class FederationOptions
{
    public const string Section = "Federation";

    /// <summary>Whether the background scheduler pulls and pushes on this node (pull now and the API work either way).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How often the scheduler looks for peers that are due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one HTTP request to a peer may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest response body read from a peer, in bytes; a larger one is an error, never half-read. Default 16 MiB.</summary>
    public long MaxResponseBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>The <c>limit</c> asked of a peer per page.</summary>
    public int PageSize { get; set; } = 200;

    /// <summary>The largest <c>limit</c> the puller grows to when a peer pages badly (many objects at one <c>date_added</c>, no <c>next</c>).</summary>
    public int MaxPageSize { get; set; } = 5_000;

    /// <summary>Most pages fetched from one peer in one run; the rest waits for the next run (the watermark holds the place).</summary>
    public int MaxPagesPerRun { get; set; } = 50;

    /// <summary>Most objects posted to a peer in one envelope.</summary>
    public int PushBatchSize { get; set; } = 200;

    /// <summary>Most envelopes posted to one peer in one run.</summary>
    public int MaxPushBatchesPerRun { get; set; } = 20;

    /// <summary>First wait after a failure; doubled per consecutive failure, with up to 20% jitter.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between attempts of a failing peer.</summary>
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often and how long a pushed envelope's pending status is polled.</summary>
    public TimeSpan StatusPollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public int StatusPollAttempts { get; set; } = 10;

    /// <summary>Where the ASP.NET Data Protection keys that protect peer secrets live; default <c>{data dir}/keys/data-protection</c>. Every node needs the same keys.</summary>
    public string? KeyDirectory { get; set; }

    public IReadOnlyList<string> Problems()
    {
        var found = new List<string>();
        if (PollInterval < TimeSpan.FromMilliseconds(100) || PollInterval > TimeSpan.FromHours(1)) found.Add("Federation:PollInterval must be between 100 ms and 1 hour.");
        if (RequestTimeout < TimeSpan.FromMilliseconds(100) || RequestTimeout > TimeSpan.FromMinutes(10)) found.Add("Federation:RequestTimeout must be between 100 ms and 10 minutes.");
        if (MaxResponseBytes is < 1024 or > 1024L * 1024 * 1024) found.Add("Federation:MaxResponseBytes must be between 1 KiB and 1 GiB.");
        if (MaxPageSize is < 1 or > 100_000) found.Add("Federation:MaxPageSize must be between 1 and 100000.");
        if (PageSize < 1 || PageSize > MaxPageSize) found.Add("Federation:PageSize must be between 1 and Federation:MaxPageSize.");
        if (MaxPagesPerRun is < 1 or > 10_000) found.Add("Federation:MaxPagesPerRun must be between 1 and 10000.");
        if (PushBatchSize is < 1 or > 10_000) found.Add("Federation:PushBatchSize must be between 1 and 10000.");
        if (MaxPushBatchesPerRun is < 1 or > 10_000) found.Add("Federation:MaxPushBatchesPerRun must be between 1 and 10000.");
        if (BackoffBase < TimeSpan.FromMilliseconds(10) || BackoffBase > BackoffMax) found.Add("Federation:BackoffBase must be at least 10 ms and at most Federation:BackoffMax.");
        if (BackoffMax > TimeSpan.FromDays(1)) found.Add("Federation:BackoffMax must be at most 1 day.");
        if (StatusPollInterval < TimeSpan.FromMilliseconds(10) || StatusPollInterval > TimeSpan.FromMinutes(1)) found.Add("Federation:StatusPollInterval must be between 10 ms and 1 minute.");
        if (StatusPollAttempts is < 0 or > 1000) found.Add("Federation:StatusPollAttempts must be between 0 and 1000.");
        return found;
    }
}
