using Kizuna.Core.Leases;
using Kizuna.Server.ScaleOut;
using Kizuna.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Kizuna.Server.Tests.ScaleOut;

/// <summary>
/// The leases (リース) both ways, Redis (against the real Redis of test.sh) and in-process: one
/// holder at a time, expiry, renew and release only by the owner; an unreachable Redis is reported,
/// and <see cref="LeaseRunner"/> runs or skips by the caller's choice. Plus the <c>Redis</c> options' checks.
/// </summary>
public sealed class LeaseTests : IAsyncLifetime
{
    private IConnectionMultiplexer? _redis;
    private readonly string _prefix = TestRedis.NewPrefix();

    public async ValueTask InitializeAsync()
    {
        var options = new RedisScaleOutOptions { Configuration = TestRedis.Configuration, ChannelPrefix = _prefix }.ToConfigurationOptions();
        _redis = await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null) await _redis.DisposeAsync();
    }

    public static TheoryData<string> Kinds => new("redis", "in-process");

    private ILeaseProvider Provider(string kind) => kind == "redis"
        ? new RedisLeaseProvider(_redis!, Options.Create(new RedisScaleOutOptions { Configuration = TestRedis.Configuration, ChannelPrefix = _prefix }))
        : new InProcessLeaseProvider();

    [Theory, MemberData(nameof(Kinds))]
    public async Task Lease_TwoHolders_OnlyOneGetsIt_UntilReleased(string kind)
    {
        var leases = Provider(kind);
        var name = "two-holders-" + Guid.NewGuid().ToString("N")[..8];
        var first = await leases.TryAcquireAsync(name, TimeSpan.FromSeconds(30));
        Assert.NotNull(first);
        Assert.Null(await leases.TryAcquireAsync(name, TimeSpan.FromSeconds(30)));
        // Another name is another lease.
        await using (var other = await leases.TryAcquireAsync(name + "-other", TimeSpan.FromSeconds(30))) Assert.NotNull(other);
        Assert.True(await first.RenewAsync(TimeSpan.FromSeconds(30)));
        Assert.True(await first.ReleaseAsync());
        Assert.False(await first.ReleaseAsync());
        Assert.False(await first.RenewAsync(TimeSpan.FromSeconds(30)));
        await using var second = await leases.TryAcquireAsync(name, TimeSpan.FromSeconds(30));
        Assert.NotNull(second);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Lease_Expired_GoesToTheNextHolder_AndTheOldOneCanNeitherRenewNorRelease(string kind)
    {
        var leases = Provider(kind);
        var name = "expiry-" + Guid.NewGuid().ToString("N")[..8];
        var stale = await leases.TryAcquireAsync(name, TimeSpan.FromMilliseconds(300));
        Assert.NotNull(stale);
        await Task.Delay(600);
        var fresh = await leases.TryAcquireAsync(name, TimeSpan.FromSeconds(30));
        Assert.NotNull(fresh);
        // The stale holder's token no longer matches: renew and release are refused and change nothing.
        Assert.False(await stale.RenewAsync(TimeSpan.FromSeconds(30)));
        Assert.False(await stale.ReleaseAsync());
        Assert.Null(await leases.TryAcquireAsync(name, TimeSpan.FromSeconds(30)));
        Assert.True(await fresh.ReleaseAsync());
    }

    [Fact]
    public async Task Lease_InRedis_IsAKeyUnderThePrefix_WithTheTtl()
    {
        var leases = (RedisLeaseProvider)Provider("redis");
        var name = "key-" + Guid.NewGuid().ToString("N")[..8];
        await using var lease = await leases.TryAcquireAsync(name, TimeSpan.FromSeconds(20));
        Assert.NotNull(lease);
        var key = $"{_prefix}:lease:{name}";
        Assert.Equal(key, leases.KeyOf(name));
        var ttl = await _redis!.GetDatabase().KeyTimeToLiveAsync(key);
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20));
        // Someone else's token in the key: our release leaves it alone.
        await _redis.GetDatabase().StringSetAsync(key, "someone-else", TimeSpan.FromSeconds(20));
        Assert.False(await lease.RenewAsync(TimeSpan.FromSeconds(20)));
        Assert.False(await lease.ReleaseAsync());
        Assert.Equal("someone-else", (string?)await _redis.GetDatabase().StringGetAsync(key));
    }

    [Fact]
    public async Task Lease_RedisUnreachable_IsReported_AndTheRunnerRunsOrSkipsAsAsked()
    {
        // A port nobody listens on; the node does not wait for it (AbortOnConnectFail=false).
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var settings = new RedisScaleOutOptions { Configuration = $"127.0.0.1:{port},connectTimeout=200", ChannelPrefix = _prefix };
        await using var down = await ConnectionMultiplexer.ConnectAsync(settings.ToConfigurationOptions());
        Assert.False(down.IsConnected);
        var leases = new RedisLeaseProvider(down, Options.Create(settings));
        await Assert.ThrowsAsync<LeaseUnavailableException>(() => leases.TryAcquireAsync("down", TimeSpan.FromSeconds(5)));

        var ran = 0;
        Assert.Equal(LeasedRun.RanWithoutLease, await leases.RunAsync("down", TimeSpan.FromSeconds(5), _ => { ran++; return Task.CompletedTask; }, true, NullLogger.Instance));
        Assert.Equal(LeasedRun.SkippedUnavailable, await leases.RunAsync("down", TimeSpan.FromSeconds(5), _ => { ran++; return Task.CompletedTask; }, false, NullLogger.Instance));
        Assert.Equal(1, ran);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task LeaseRunner_RunsOnceAtATime_RenewsWhileWorking_AndReleasesAfter(string kind)
    {
        var leases = Provider(kind);
        var name = "runner-" + Guid.NewGuid().ToString("N")[..8];
        var inside = new TaskCompletionSource();
        var finish = new TaskCompletionSource();
        var long_ = leases.RunAsync(name, TimeSpan.FromMilliseconds(300), async _ => { inside.SetResult(); await finish.Task; }, true, NullLogger.Instance);
        await inside.Task;
        // Longer than the lease's time: only the renewals keep it ours.
        await Task.Delay(800);
        Assert.Equal(LeasedRun.HeldElsewhere, await leases.RunAsync(name, TimeSpan.FromSeconds(5), _ => Task.CompletedTask, true, NullLogger.Instance));
        finish.SetResult();
        Assert.Equal(LeasedRun.Ran, await long_);
        Assert.Equal(LeasedRun.Ran, await leases.RunAsync(name, TimeSpan.FromSeconds(5), _ => Task.CompletedTask, true, NullLogger.Instance));
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Lease_BadNameOrTtl_IsRefused(string kind)
    {
        var leases = Provider(kind);
        await Assert.ThrowsAsync<ArgumentException>(() => leases.TryAcquireAsync("", TimeSpan.FromSeconds(1)));
        await Assert.ThrowsAsync<ArgumentException>(() => leases.TryAcquireAsync("has space", TimeSpan.FromSeconds(1)));
        await Assert.ThrowsAsync<ArgumentException>(() => leases.TryAcquireAsync(new string('x', LeaseLimits.MaxNameLength + 1), TimeSpan.FromSeconds(1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => leases.TryAcquireAsync("ok", TimeSpan.FromMilliseconds(99)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => leases.TryAcquireAsync("ok", TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1)));
    }

    [Theory]
    [InlineData("", "kizuna", null)]
    [InlineData("127.0.0.1:6379", "kizuna", null)]
    [InlineData("redis1:6379,redis2:6379,password=x,ssl=true", "prod.kizuna-1", null)]
    [InlineData("127.0.0.1:6379", "", "Redis:ChannelPrefix")]
    [InlineData("127.0.0.1:6379", "has:colon", "Redis:ChannelPrefix")]
    [InlineData("127.0.0.1:6379,nosuchoption=1", "kizuna", "Redis:Configuration is not a valid")]
    [InlineData("password=x", "kizuna", "Redis:Configuration names no server")]
    public void Options_AreCheckedAtStartUp(string configuration, string prefix, string? problem)
    {
        var problems = new RedisScaleOutOptions { Configuration = configuration, ChannelPrefix = prefix }.Problems();
        if (problem is null) Assert.Empty(problems);
        else Assert.Contains(problems, p => p.StartsWith(problem, StringComparison.Ordinal));
    }
}
