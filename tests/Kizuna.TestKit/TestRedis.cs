using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kizuna.TestKit;

/// <summary>
/// The Redis that <c>test.sh</c> starts (<c>host:port</c> in <c>KIZUNA_TEST_REDIS</c>), as a
/// <c>Redis:*</c> settings pair for a test server. Each call to <see cref="Settings"/> gives a new
/// channel prefix, so test classes running at the same time never hear each other.
/// </summary>
public static class TestRedis
{
    public const string RedisVariable = "KIZUNA_TEST_REDIS";

    public static string Configuration
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(RedisVariable);
            if (string.IsNullOrWhiteSpace(value))
                throw new InvalidOperationException(
                    $"{RedisVariable} is not set. Run the tests through ./test.sh, which starts a private Redis, or set {RedisVariable} to host:port of a Redis server.");
            return value;
        }
    }

    public static string NewPrefix() => "kztest-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Settings that point a node at <paramref name="configuration"/> (default: the test Redis) under <paramref name="prefix"/>.</summary>
    public static Dictionary<string, string> Settings(string prefix, string? configuration = null) => new()
    {
        ["Redis:Configuration"] = configuration ?? Configuration,
        ["Redis:ChannelPrefix"] = prefix,
    };
}

/// <summary>
/// A throw-away <c>redis-server</c> of a test's own on a free loopback port, which the test stops
/// and starts again on the same port (Redis down for a while). Needs <c>redis-server</c> on the
/// PATH, as <c>test.sh</c> does.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kizuna-redis-" + Guid.NewGuid().ToString("N")[..12]);
    private Process? _process;

    private RedisProcess(int port) => Port = port;

    public int Port { get; }
    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisProcess> StartAsync()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var redis = new RedisProcess(port);
        Directory.CreateDirectory(redis._directory);
        await redis.StartAgainAsync();
        return redis;
    }

    public bool Running => _process is { HasExited: false };

    /// <summary>Starts the server (again) on the same port and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        if (Running) return;
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"redis-server exited at once (code {_process.ExitCode}); port {Port} taken?");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                await using var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer);
                if (System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal)) return;
            }
            catch (SocketException) { }
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"redis-server on port {Port} did not answer within 10 s.");
    }

    /// <summary>Kills the server (no shutdown, as a crash) and waits for it to be gone.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
