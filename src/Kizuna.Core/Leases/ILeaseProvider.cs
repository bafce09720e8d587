namespace Kizuna.Core.Leases;

/// <summary>
/// Named, time-limited leases (リース) shared by every node: whoever holds <c>name</c> may do the
/// work it guards until the lease expires or is released. With Redis configured the lease lives in
/// Redis (<c>SET NX PX</c> with a random owner token), so it spans the nodes; without, it is
/// in-process (one node). A lease only saves duplicate work: what it guards must stay correct when
/// two holders overlap (a holder paused past its expiry, the store unreachable), as every use here
/// is (conditional updates, idempotency keys). <see cref="LeaseRunner"/> runs work under a lease.
/// </summary>
public interface ILeaseProvider
{
    /// <summary>
    /// Takes the lease for <paramref name="ttl"/> when nobody holds it; null when someone does.
    /// Throws <see cref="LeaseUnavailableException"/> when the lease store cannot be reached.
    /// </summary>
    Task<ILease?> TryAcquireAsync(string name, TimeSpan ttl, CancellationToken ct = default);
}

/// <summary>A lease held. Disposing releases it (as <see cref="ReleaseAsync"/>).</summary>
public interface ILease : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Extends the lease to <paramref name="ttl"/> from now; false when it is no longer ours (expired, taken by another holder).</summary>
    Task<bool> RenewAsync(TimeSpan ttl, CancellationToken ct = default);

    /// <summary>Gives the lease up; false when it was no longer ours (nothing is deleted then). Never throws for an unreachable store (the lease then expires by itself).</summary>
    Task<bool> ReleaseAsync(CancellationToken ct = default);
}

/// <summary>The lease store (Redis) cannot be reached; the caller decides whether to do the work anyway.</summary>
public sealed class LeaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Names and time limits of leases.</summary>
public static class LeaseLimits
{
    public const int MaxNameLength = 100;
    public static readonly TimeSpan MinTtl = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan MaxTtl = TimeSpan.FromHours(1);

    /// <summary>Lease names are short and plain (letters, digits, <c>-_.:</c>), so a Redis key is predictable.</summary>
    public static void Check(string name, TimeSpan ttl)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            throw new ArgumentException($"A lease name is 1 to {MaxNameLength} characters of letters, digits and -_.: ('{name}').", nameof(name));
        if (ttl < MinTtl || ttl > MaxTtl)
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, $"A lease lasts between {MinTtl.TotalMilliseconds} ms and {MaxTtl.TotalHours} hour.");
    }
}
