using System.Text.Json;

namespace Kizuna.Stix.Objects;

/// <summary>電子メール Email message (§6.6).</summary>
public sealed record EmailMessage : StixCyberObservable
{
    /// <summary>The type name, <c>email-message</c>.</summary>
    public override string Type => "email-message";

    /// <summary>Whether the body is multipart; required.</summary>
    public bool? IsMultipart { get; init; }

    /// <summary>When the message was sent.</summary>
    public StixTimestamp? Date { get; init; }

    /// <summary>The Content-Type header.</summary>
    public string? ContentType { get; init; }

    /// <summary>The From address (email-addr id).</summary>
    public string? FromRef { get; init; }

    /// <summary>The Sender address (email-addr id).</summary>
    public string? SenderRef { get; init; }

    /// <summary>The To addresses.</summary>
    public StixList<string>? ToRefs { get; init; }

    /// <summary>The CC addresses.</summary>
    public StixList<string>? CcRefs { get; init; }

    /// <summary>The BCC addresses.</summary>
    public StixList<string>? BccRefs { get; init; }

    /// <summary>The Message-ID header.</summary>
    public string? MessageId { get; init; }

    /// <summary>The subject.</summary>
    public string? Subject { get; init; }

    /// <summary>The Received headers.</summary>
    public StixList<string>? ReceivedLines { get; init; }

    /// <summary>Other headers (name → list of values).</summary>
    public StixMap<JsonElement>? AdditionalHeaderFields { get; init; }

    /// <summary>The body, when not multipart.</summary>
    public string? Body { get; init; }

    /// <summary>The MIME parts, when multipart.</summary>
    public StixList<EmailMimeComponent>? BodyMultipart { get; init; }

    /// <summary>The raw message (artifact id).</summary>
    public string? RawEmailRef { get; init; }
}
