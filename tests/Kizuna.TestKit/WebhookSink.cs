using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kizuna.TestKit;

/// <summary>One request a <see cref="WebhookSink"/> received.</summary>
public sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, string Body, int AnsweredStatus)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}

/// <summary>How the sink answers one call: a status, optionally after a delay, optionally with Retry-After.</summary>
public sealed record WebhookAnswer(int Status = 200, TimeSpan? Delay = null, string? RetryAfter = null);

/// <summary>
/// A real HTTP receiver (Kestrel) on a free loopback port that records every request. Answers are
/// taken from a queue (<see cref="Enqueue"/>), one per call; when the queue is empty it answers
/// <see cref="DefaultAnswer"/> (200).
/// </summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly ConcurrentQueue<WebhookAnswer> _answers = new();
    private readonly SemaphoreSlim _arrived = new(0, int.MaxValue);

    private WebhookSink(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>A receiver URL on this sink.</summary>
    public string Url(string path = "/hook") => new Uri(BaseAddress, path).AbsoluteUri;

    public WebhookAnswer DefaultAnswer { get; set; } = new();

    public IReadOnlyList<ReceivedWebhook> Received => _received.ToList();

    public void Enqueue(params WebhookAnswer[] answers)
    {
        foreach (var a in answers) _answers.Enqueue(a);
    }

    public static async Task<WebhookSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sink = new WebhookSink(app);
        app.Run(sink.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sink.BaseAddress = new Uri(address);
        return sink;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var answer = _answers.TryDequeue(out var next) ? next : DefaultAnswer;
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _received.Enqueue(new ReceivedWebhook(http.Request.Path, headers, body, answer.Status));
        _arrived.Release();
        if (answer.Delay is { } delay)
        {
            try { await Task.Delay(delay, http.RequestAborted); }
            catch (OperationCanceledException) { return; }
        }
        http.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is not null) http.Response.Headers.RetryAfter = answer.RetryAfter;
    }

    /// <summary>Waits until at least <paramref name="count"/> requests have arrived (fails after <paramref name="timeout"/>, default 30 s).</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (_received.Count < count)
        {
            try { await _arrived.WaitAsync(cts.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"Expected {count} webhook calls; {_received.Count} arrived."); }
        }
        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
