using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Kizuna.Core.Data;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Kizuna.Core.Features.Delivery;

/// <summary>
/// The <c>email</c> channel: sends <see cref="EmailPayload"/>s through the SMTP relay in
/// <see cref="MailOptions"/>. One instance per delivery lane keeps its connection open across the
/// lane's messages. Not configured, unreachable or a 4xx answer: retry; a 5xx rejection of the
/// recipient, sender or message: dead, with the server's words.
/// </summary>
public sealed class EmailChannel(IOptions<MailOptions> options) : IOutboxHandler, IAsyncDisposable
{
    public const string IdempotencyHeader = "X-Kizuna-Idempotency-Key";

    private SmtpClient? _client;

    public string Channel => OutboxChannels.Email;

    public async Task<OutboxResult> HandleAsync(OutboxMessage message, KizunaDb db, CancellationToken ct)
    {
        var mail = options.Value;
        if (!mail.IsConfigured) return OutboxResult.Retry("SMTP is not configured (Mail:SmtpHost is empty).");
        EmailPayload payload;
        try { payload = message.ReadPayload<EmailPayload>(); }
        catch (System.Text.Json.JsonException e) { return OutboxResult.Permanent($"The e-mail payload is unreadable: {e.Message}"); }
        if (!MailboxAddress.TryParse(payload.To, out var to)) return OutboxResult.Permanent($"'{payload.To}' is not an e-mail address.");

        var mime = Build(message, payload, to, mail);
        try
        {
            var client = await ConnectAsync(mail, ct);
            await client.SendAsync(mime, ct);
            return OutboxResult.Delivered;
        }
        catch (SmtpCommandException e)
        {
            await DropAsync();
            var code = (int)e.StatusCode;
            var said = $"SMTP {code}: {e.Message}";
            return code >= 500 && e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.MessageNotAccepted
                ? OutboxResult.Permanent(said)
                : OutboxResult.Retry(said);
        }
        catch (Exception e) when (e is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException
                                      or AuthenticationException or SslHandshakeException or TimeoutException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            await DropAsync();
            return OutboxResult.Retry($"SMTP {mail.SmtpHost}:{mail.SmtpPort} unavailable: {e.Message}");
        }
    }

    /// <summary>The mail as sent: Message-ID derived from the idempotency key, so a repeat is recognisable downstream.</summary>
    public static MimeMessage Build(OutboxMessage message, EmailPayload payload, MailboxAddress to, MailOptions mail)
    {
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(mail.FromName, mail.FromAddress));
        mime.To.Add(to);
        mime.Subject = payload.Subject;
        mime.MessageId = MessageIdFor(message.IdempotencyKey);
        mime.Date = message.CreatedAt;
        mime.Headers.Add(IdempotencyHeader, message.IdempotencyKey);
        if (!string.IsNullOrEmpty(payload.Language)) mime.Headers.Add(HeaderId.ContentLanguage, payload.Language);
        var body = new BodyBuilder { TextBody = payload.TextBody, HtmlBody = payload.HtmlBody };
        mime.Body = body.ToMessageBody();
        return mime;
    }

    /// <summary><c>{first 32 hex digits of SHA-256(key)}@kizuna</c> (without angle brackets, as MimeKit takes it).</summary>
    public static string MessageIdFor(string idempotencyKey)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32] + "@kizuna";

    private async Task<SmtpClient> ConnectAsync(MailOptions mail, CancellationToken ct)
    {
        if (_client is { IsConnected: true }) return _client;
        await DropAsync();
        var client = new SmtpClient { Timeout = mail.TimeoutSeconds * 1000 };
        try
        {
            var security = mail.SecureSocket switch
            {
                "none" => SecureSocketOptions.None,
                "starttls" => SecureSocketOptions.StartTls,
                "tls" => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.Auto,
            };
            await client.ConnectAsync(mail.SmtpHost!, mail.SmtpPort, security, ct);
            if (!string.IsNullOrEmpty(mail.UserName)) await client.AuthenticateAsync(mail.UserName, mail.Password ?? "", ct);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        return _client = client;
    }

    private async Task DropAsync()
    {
        if (_client is null) return;
        var client = _client;
        _client = null;
        try
        {
            if (client.IsConnected)
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.DisconnectAsync(true, quick.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or SmtpCommandException or OperationCanceledException or ServiceNotConnectedException)
        {
            // The connection is gone either way.
        }
        finally
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await DropAsync();
}
