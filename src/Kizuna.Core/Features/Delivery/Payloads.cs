using System.Text.Json;

namespace Kizuna.Core.Features.Delivery;

/// <summary>Payload of the <c>email</c> channel: one mail to one address.</summary>
public sealed record EmailPayload(string To, string Subject, string TextBody, string? HtmlBody, string Language);

/// <summary>Payload of the <c>webhook</c> channel: one event to one registered receiver.</summary>
public sealed record WebhookPayload(Guid WebhookId, string Event, JsonElement Body);

/// <summary>The channel names built in.</summary>
public static class OutboxChannels
{
    public const string Email = "email";
    public const string Webhook = "webhook";
}
