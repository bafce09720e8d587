using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Kizuna.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Delivery;

/// <summary>
/// The HTTP client webhooks go out on: no redirects, no cookies, no proxy, and a connect step that
/// resolves the host itself and refuses non-public addresses unless
/// <see cref="DeliveryOptions.AllowPrivateWebhookTargets"/> is set. One per process.
/// </summary>
public sealed class WebhookClient : IDisposable
{
    public WebhookClient(IOptions<DeliveryOptions> options)
    {
        var allowPrivate = options.Value.AllowPrivateWebhookTargets;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 16,
            ConnectTimeout = options.Value.WebhookTimeout,
            ConnectCallback = async (context, ct) =>
            {
                var host = context.DnsEndPoint.Host;
                var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
                if (!allowPrivate && addresses.FirstOrDefault(a => !NetworkTargets.IsPublic(a)) is { } inner)
                    throw new WebhookTargetRefusedException($"{host} resolves to {inner}, a loopback, private or link-local address; webhooks go to public addresses only.");
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        Http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        Http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Kizuna-Webhook", "1"));
    }

    public HttpClient Http { get; }

    public void Dispose() => Http.Dispose();
}

/// <summary>A webhook target that resolves to an address webhooks may not reach.</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);

/// <summary>
/// The <c>webhook</c> channel: POSTs a signed JSON envelope to an organisation's receiver. 2xx is
/// delivered; 408, 429, 5xx, timeouts and connection errors are retried (Retry-After honoured up to
/// <see cref="DeliveryOptions.MaxRetryDelay"/>); other answers are dead, as is an event for a webhook
/// that was removed or disabled. The secret is read at send time, so a rotation applies at once.
/// </summary>
public sealed class WebhookChannel(WebhookClient client, IOptions<DeliveryOptions> options, TimeProvider clock) : IOutboxHandler
{
    public const string EventHeader = "Kizuna-Event";
    public const string DeliveryHeader = "Kizuna-Delivery";
    public const string IdempotencyHeader = "Kizuna-Idempotency-Key";

    public string Channel => OutboxChannels.Webhook;

    /// <summary>What receivers get: the event name, the message id and time, and the event's own body under <c>data</c>.</summary>
    public sealed record Envelope(Guid Id, string Event, DateTimeOffset CreatedAt, string IdempotencyKey, JsonElement Data);

    public async Task<OutboxResult> HandleAsync(OutboxMessage message, KizunaDb db, CancellationToken ct)
    {
        var o = options.Value;
        WebhookPayload payload;
        try { payload = message.ReadPayload<WebhookPayload>(); }
        catch (JsonException e) { return OutboxResult.Permanent($"The webhook payload is unreadable: {e.Message}"); }
        var hook = await db.Set<OrganizationWebhook>().AsNoTracking().FirstOrDefaultAsync(w => w.Id == payload.WebhookId, ct);
        if (hook is null || !hook.Enabled) return OutboxResult.Permanent("webhook removed");

        var body = JsonSerializer.SerializeToUtf8Bytes(new Envelope(message.Id, payload.Event, message.CreatedAt, message.IdempotencyKey, payload.Body), OutboxMessage.PayloadJson);
        if (body.Length > o.MaxWebhookBodyBytes)
            return OutboxResult.Permanent($"The event body is {body.Length} bytes; the limit (Delivery:MaxWebhookBodyBytes) is {o.MaxWebhookBodyBytes}.");

        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(EventHeader, payload.Event);
        request.Headers.Add(DeliveryHeader, message.Id.ToString("D"));
        request.Headers.Add(IdempotencyHeader, message.IdempotencyKey);
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(hook.Secret, clock.GetUtcNow(), body));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(o.WebhookTimeout);
        try
        {
            using var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300) return OutboxResult.Delivered;
            var said = $"HTTP {status} {response.ReasonPhrase} from {hook.Url}";
            if (status is 408 or 429 or >= 500) return OutboxResult.Retry(said, RetryAfter(response));
            return OutboxResult.Permanent(said);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return OutboxResult.Retry($"No answer from {hook.Url} within {o.WebhookTimeout.TotalSeconds:0.###} s (Delivery:WebhookTimeout).");
        }
        catch (HttpRequestException e) when (e.InnerException is WebhookTargetRefusedException refused)
        {
            return OutboxResult.Permanent(refused.Message);
        }
        catch (HttpRequestException e)
        {
            return OutboxResult.Retry($"Could not reach {hook.Url}: {e.Message}");
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header is null) return null;
        TimeSpan? after = header.Delta ?? (header.Date is { } date ? date - clock.GetUtcNow() : null);
        if (after is null || after < TimeSpan.Zero) return null;
        return after > options.Value.MaxRetryDelay ? options.Value.MaxRetryDelay : after;
    }
}
