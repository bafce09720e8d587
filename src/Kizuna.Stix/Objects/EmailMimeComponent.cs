namespace Kizuna.Stix.Objects;

/// <summary>One MIME part of a multipart email (STIX 2.1 §6.6.2): <c>body</c> or <c>body_raw_ref</c>.</summary>
public sealed record EmailMimeComponent : StixNode
{
    /// <summary>The text of the part.</summary>
    public string? Body { get; init; }
    /// <summary>The raw part (artifact or file id).</summary>
    public string? BodyRawRef { get; init; }
    /// <summary>The part's Content-Type.</summary>
    public string? ContentType { get; init; }
    /// <summary>The part's Content-Disposition.</summary>
    public string? ContentDisposition { get; init; }
}
