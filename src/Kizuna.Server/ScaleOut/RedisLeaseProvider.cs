using Kizuna.Core.Leases;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Kizuna.Server.ScaleOut;

/// <summary>
/// Leases in Redis, shared by every node: a key <c>{prefix}:lease:{name}</c> set with
/// <c>SET NX PX</c> to a random owner token; renew and release are Lua scripts that act only when
/// the key still holds our token (compare-and-pexpire, compare-and-delete), so a holder whose lease
/// expired and was taken never extends or deletes the new holder's. When Redis is unreachable
/// acquiring throws <see cref="LeaseUnavailableException"/> at once (no waiting in the client's
/// backlog); the caller decides (see <see cref="LeaseRunner"/>).
/// </summary>
public sealed class RedisLeaseProvider(IConnectionMultiplexer redis, IOptions<RedisScaleOutOptions> options) : ILeaseProvider
{
    private const string RenewScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
    private const string ReleaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    public string KeyOf(string name) => $"{options.Value.ChannelPrefix}:lease:{name}";

    public async Task<ILease?> TryAcquireAsync(string name, TimeSpan ttl, CancellationToken ct = default)
    {
        LeaseLimits.Check(name, ttl);
        var key = KeyOf(name);
        var token = Guid.NewGuid().ToString("N");
        var taken = await CallAsync(name, db => db.StringSetAsync(key, token, ttl, When.NotExists));
        return taken ? new Lease(this, name, key, token) : null;
    }

    private async Task<T> CallAsync<T>(string name, Func<IDatabase, Task<T>> call)
    {
        if (!redis.IsConnected) throw new LeaseUnavailableException($"Redis is not connected; lease '{name}' cannot be checked.");
        try
        {
            return await call(redis.GetDatabase());
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new LeaseUnavailableException($"Redis failed on lease '{name}': {e.Message}", e);
        }
    }

    private sealed class Lease(RedisLeaseProvider owner, string name, string key, string token) : ILease
    {
        private int _released;

        public string Name => name;

        public async Task<bool> RenewAsync(TimeSpan ttl, CancellationToken ct = default)
        {
            LeaseLimits.Check(name, ttl);
            if (Volatile.Read(ref _released) == 1) return false;
            var result = await owner.CallAsync(name, db => db.ScriptEvaluateAsync(RenewScript, [key], [token, (long)ttl.TotalMilliseconds]));
            return (long)result == 1;
        }

        public async Task<bool> ReleaseAsync(CancellationToken ct = default)
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return false;
            try
            {
                var result = await owner.CallAsync(name, db => db.ScriptEvaluateAsync(ReleaseScript, [key], [token]));
                return (long)result == 1;
            }
            catch (LeaseUnavailableException)
            {
                // Unreachable: the lease expires by itself.
                return false;
            }
        }

        public async ValueTask DisposeAsync() => await ReleaseAsync();
    }
}
