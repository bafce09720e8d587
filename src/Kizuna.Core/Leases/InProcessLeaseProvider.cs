namespace Kizuna.Core.Leases;

/// <summary>
/// Leases within this process, for a single node (no Redis configured). Same contract as the Redis
/// leases: one holder per name, an owner token per acquisition, expiry on the monotonic clock.
/// </summary>
public sealed class InProcessLeaseProvider : ILeaseProvider
{
    private readonly Dictionary<string, (Guid Token, long ExpiresAt)> _held = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private static long Now => Environment.TickCount64;

    public Task<ILease?> TryAcquireAsync(string name, TimeSpan ttl, CancellationToken ct = default)
    {
        LeaseLimits.Check(name, ttl);
        lock (_gate)
        {
            if (_held.TryGetValue(name, out var current) && current.ExpiresAt > Now) return Task.FromResult<ILease?>(null);
            var token = Guid.NewGuid();
            _held[name] = (token, Now + (long)ttl.TotalMilliseconds);
            return Task.FromResult<ILease?>(new Lease(this, name, token));
        }
    }

    private bool Renew(string name, Guid token, TimeSpan ttl)
    {
        lock (_gate)
        {
            if (!_held.TryGetValue(name, out var current) || current.Token != token || current.ExpiresAt <= Now) return false;
            _held[name] = (token, Now + (long)ttl.TotalMilliseconds);
            return true;
        }
    }

    private bool Release(string name, Guid token)
    {
        lock (_gate)
        {
            if (!_held.TryGetValue(name, out var current) || current.Token != token) return false;
            _held.Remove(name);
            return current.ExpiresAt > Now;
        }
    }

    private sealed class Lease(InProcessLeaseProvider owner, string name, Guid token) : ILease
    {
        public string Name => name;

        public Task<bool> RenewAsync(TimeSpan ttl, CancellationToken ct = default)
        {
            LeaseLimits.Check(name, ttl);
            return Task.FromResult(owner.Renew(name, token, ttl));
        }

        public Task<bool> ReleaseAsync(CancellationToken ct = default) => Task.FromResult(owner.Release(name, token));

        public async ValueTask DisposeAsync() => await ReleaseAsync();
    }
}
