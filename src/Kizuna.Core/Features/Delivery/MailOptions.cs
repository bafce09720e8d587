using MimeKit;

namespace Kizuna.Core.Features.Delivery;

/// <summary>The SMTP relay for e-mail delivery, bound from the <c>Mail</c> section and validated at start-up.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>The relay's host name; empty means mail is not configured (mails wait in the outbox and are retried).</summary>
    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 25;

    /// <summary><c>auto</c> (TLS on 465, STARTTLS when offered otherwise), <c>none</c>, <c>starttls</c> (required) or <c>tls</c> (implicit).</summary>
    public string SecureSocket { get; set; } = "auto";

    /// <summary>SMTP AUTH user; empty for none.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string FromAddress { get; set; } = "kizuna@localhost";

    public string FromName { get; set; } = "Kizuna";

    /// <summary>Seconds an SMTP command may take.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public static readonly IReadOnlyList<string> SecureSocketValues = ["auto", "none", "starttls", "tls"];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SmtpHost);

    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (SmtpPort is < 1 or > 65535) p.Add("Mail:SmtpPort must be between 1 and 65535.");
        if (!SecureSocketValues.Contains(SecureSocket)) p.Add($"Mail:SecureSocket must be one of {string.Join(", ", SecureSocketValues)}.");
        if (!MailboxAddress.TryParse(FromAddress, out var from) || !from.Address.Contains('@')) p.Add("Mail:FromAddress must be an e-mail address.");
        if (TimeoutSeconds is < 1 or > 600) p.Add("Mail:TimeoutSeconds must be between 1 and 600.");
        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password)) p.Add("Mail:UserName and Mail:Password go together.");
        return p;
    }
}
