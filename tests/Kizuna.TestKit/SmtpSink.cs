using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Kizuna.TestKit;

/// <summary>
/// A real SMTP listener on a free loopback port that records every message it accepts (parsed with
/// MimeKit). Switches make it answer 4xx (<see cref="TemporaryFailures"/>), reject recipients with
/// 550 (<see cref="RejectRecipient"/>), or stop listening altogether (<see cref="RefuseAsync"/>).
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private readonly SemaphoreSlim _arrived = new(0, int.MaxValue);
    private SmtpServer.SmtpServer? _server;
    private CancellationTokenSource? _stop;
    private Task? _running;
    private int _temporaryFailures;

    private SmtpSink(int port) => Port = port;

    public int Port { get; }
    public string Host => "127.0.0.1";

    /// <summary>Addresses answered <c>550 mailbox unavailable</c> at RCPT TO.</summary>
    public Func<string, bool> RejectRecipient { get; set; } = _ => false;

    /// <summary>The next this-many messages are answered <c>451</c> after DATA.</summary>
    public int TemporaryFailures { get => Volatile.Read(ref _temporaryFailures); set => Volatile.Write(ref _temporaryFailures, value); }

    public IReadOnlyList<MimeMessage> Messages => _messages.ToList();

    private bool TakeTemporaryFailure()
    {
        while (true)
        {
            var left = Volatile.Read(ref _temporaryFailures);
            if (left <= 0) return false;
            if (Interlocked.CompareExchange(ref _temporaryFailures, left - 1, left) == left) return true;
        }
    }

    /// <summary>Configuration keys that point the server's mail at this sink.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Mail:SmtpHost"] = Host,
        ["Mail:SmtpPort"] = Port.ToString(),
        ["Mail:SecureSocket"] = "none",
        ["Mail:FromAddress"] = "kizuna@test.example",
    };

    public static async Task<SmtpSink> StartAsync(int? port = null)
    {
        var sink = new SmtpSink(port ?? FreePort());
        await sink.ListenAsync();
        return sink;
    }

    /// <summary>Stops listening: connections are refused until <see cref="ListenAsync"/>.</summary>
    public async Task RefuseAsync()
    {
        if (_server is null) return;
        _server.Shutdown();
        _stop!.Cancel();
        try { await _running!; } catch (OperationCanceledException) { }
        _server = null;
    }

    /// <summary>(Re)starts listening on <see cref="Port"/>.</summary>
    public async Task ListenAsync()
    {
        if (_server is not null) return;
        var options = new SmtpServerOptionsBuilder().ServerName("sink.test")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        _server = new SmtpServer.SmtpServer(options, services);
        _stop = new CancellationTokenSource();
        _running = _server.StartAsync(_stop.Token);
        // Wait until the port accepts connections.
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) { await Task.Delay(10); }
        }
        throw new InvalidOperationException($"The SMTP sink did not listen on port {Port}.");
    }

    /// <summary>Waits until at least <paramref name="count"/> messages have arrived (fails after <paramref name="timeout"/>, default 30 s).</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (_messages.Count < count)
        {
            try { await _arrived.WaitAsync(cts.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"Expected {count} mails at the SMTP sink; {_messages.Count} arrived."); }
        }
        return Messages;
    }

    public async ValueTask DisposeAsync()
    {
        await RefuseAsync();
        _stop?.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (sink.TakeTemporaryFailure())
                return new SmtpResponse((SmtpReplyCode)451, "4.3.0 Try again later (sink: temporary failure)");
            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            sink._messages.Enqueue(message);
            sink._arrived.Release();
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(SmtpSink sink) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
            => Task.FromResult(!sink.RejectRecipient($"{to.User}@{to.Host}"));
    }
}
