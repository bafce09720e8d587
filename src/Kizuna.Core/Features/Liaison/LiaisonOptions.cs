namespace Kizuna.Core.Features.Liaison;

/// <summary>Liaison (情報連絡) settings, bound from the <c>Liaison</c> section.</summary>
public sealed class LiaisonOptions
{
    public const string Section = "Liaison";

    /// <summary>k of k-anonymity: the published sector, region and size must match at least this many organisations.</summary>
    public int K { get; set; } = 5;

    /// <summary>Statistics counts below this are shown as "&lt;N" to anyone but the coordinator.</summary>
    public int StatisticsThreshold { get; set; } = 3;

    /// <summary>Largest attachment, in bytes (default 10 MiB).</summary>
    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>File holding the identity encryption key (base64, 32 bytes); default <c>{DataDirectory}/keys/identity.key</c>. Created on first use.</summary>
    public string? IdentityKeyFile { get; set; }
}
