using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace Kizuna.Server.ScaleOut;

/// <summary>
/// Scale-out over Redis, bound from the <c>Redis</c> section and validated at start-up. Empty
/// <see cref="Configuration"/> (the default) is a single node: SignalR groups, the SSE wake-up and
/// the leases all stay in-process. Set, every node of one installation points at the same Redis and
/// the same <see cref="ChannelPrefix"/>.
/// </summary>
public sealed partial class RedisScaleOutOptions
{
    public const string Section = "Redis";
    public const string DefaultChannelPrefix = "kizuna";

    /// <summary>A StackExchange.Redis configuration string (<c>127.0.0.1:6379</c>, <c>redis1:6379,password=…,ssl=true</c>); empty = single node.</summary>
    public string Configuration { get; set; } = "";

    /// <summary>Prefixes every Redis channel (<c>{prefix}:hotline:wake</c>, the SignalR backplane's) and key (<c>{prefix}:lease:…</c>), so installations can share a Redis.</summary>
    public string ChannelPrefix { get; set; } = DefaultChannelPrefix;

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);

    /// <summary>The parsed configuration with the settings Kizuna relies on: start and keep running while Redis is down, reconnect every second.</summary>
    public ConfigurationOptions ToConfigurationOptions()
    {
        var c = ConfigurationOptions.Parse(Configuration);
        c.AbortOnConnectFail = false;
        c.ChannelPrefix = RedisChannel.Literal(ChannelPrefix + ":");
        c.ReconnectRetryPolicy = new LinearRetry(1000);
        c.ClientName ??= "kizuna";
        return c;
    }

    /// <summary>Start-up checks; an empty list means valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (!PrefixPattern().IsMatch(ChannelPrefix ?? ""))
            p.Add("Redis:ChannelPrefix must be 1 to 64 characters: letters, digits and -_. (starting with a letter or digit).");
        if (Enabled)
        {
            try
            {
                if (ConfigurationOptions.Parse(Configuration).EndPoints.Count == 0) p.Add("Redis:Configuration names no server (expected host:port, e.g. 127.0.0.1:6379).");
            }
            catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException)
            {
                p.Add($"Redis:Configuration is not a valid StackExchange.Redis configuration string: {e.Message}");
            }
        }
        return p;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex PrefixPattern();
}
