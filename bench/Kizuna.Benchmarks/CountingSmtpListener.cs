using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Kizuna.Benchmarks;

/// <summary>
/// A real SMTP listener on a free loopback port (the SmtpServer package, as the TestKit's SmtpSink)
/// that only counts what it accepts: every message and its recipients, and the time of the last one.
/// It does not parse MIME, so the listener takes as little as possible of the machine's CPU away
/// from the system under test.
/// </summary>
public sealed class CountingSmtpListener : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _recipients = new(StringComparer.OrdinalIgnoreCase);
    private SmtpServer.SmtpServer? _server;
    private CancellationTokenSource? _stop;
    private Task? _running;
    private int _messages;
    private long _bytes;
    private long _lastTicks;

    private CountingSmtpListener(int port) => Port = port;

    public int Port { get; }
    public string Host => "127.0.0.1";
    public int Messages => Volatile.Read(ref _messages);
    public long Bytes => Interlocked.Read(ref _bytes);
    /// <summary>Every recipient address and how many messages it got.</summary>
    public IReadOnlyDictionary<string, int> Recipients => _recipients;
    /// <summary>When the last message arrived, on <see cref="Stopwatch.GetTimestamp"/>'s clock.</summary>
    public long LastArrivalTimestamp => Interlocked.Read(ref _lastTicks);

    public static async Task<CountingSmtpListener> StartAsync()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var listener = new CountingSmtpListener(port);
        var options = new SmtpServerOptionsBuilder().ServerName("bench.sink")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(listener));
        listener._server = new SmtpServer.SmtpServer(options, services);
        listener._stop = new CancellationTokenSource();
        listener._running = listener._server.StartAsync(listener._stop.Token);
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return listener;
            }
            catch (SocketException) { await Task.Delay(10); }
        }
        throw new InvalidOperationException($"The SMTP listener did not listen on port {port}.");
    }

    /// <summary>Waits until <paramref name="count"/> messages have arrived; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForAsync(int count, TimeSpan timeout, Action<int>? progress = null)
    {
        var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var nextReport = Stopwatch.GetTimestamp() + 5 * Stopwatch.Frequency;
        while (Messages < count)
        {
            if (Stopwatch.GetTimestamp() > until) return false;
            if (progress is not null && Stopwatch.GetTimestamp() > nextReport)
            {
                progress(Messages);
                nextReport += 5 * Stopwatch.Frequency;
            }
            await Task.Delay(20);
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is null) return;
        _server.Shutdown();
        _stop!.Cancel();
        try { await _running!; } catch (OperationCanceledException) { }
        _stop.Dispose();
        _server = null;
    }

    private sealed class Store(CountingSmtpListener listener) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            foreach (var to in transaction.To)
                listener._recipients.AddOrUpdate($"{to.User}@{to.Host}", 1, (_, n) => n + 1);
            Interlocked.Add(ref listener._bytes, buffer.Length);
            Interlocked.Exchange(ref listener._lastTicks, Stopwatch.GetTimestamp());
            Interlocked.Increment(ref listener._messages);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
