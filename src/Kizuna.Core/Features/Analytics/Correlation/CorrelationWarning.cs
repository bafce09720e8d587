namespace Kizuna.Core.Features.Analytics.Correlation;

/// <summary>
/// An entry of the warning list (相関除外リスト): a value never to correlate, such as a public resolver or a
/// popular domain. Sightings of it are not stored; adding it removes those already stored. Coordinator
/// administrators edit the list; the platform seeds common entries.
/// </summary>
public sealed class CorrelationWarning
{
    public const int MaxNoteLength = 500;

    private CorrelationWarning() { }

    public CorrelationWarning(ObservableKey key, string note, string addedBy, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        KeyId = key.Id;
        Type = key.Type;
        Value = key.Display;
        Note = note;
        AddedBy = addedBy;
        AddedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid KeyId { get; private set; }
    public string Type { get; private set; } = "";
    public string Value { get; private set; } = "";
    public string Note { get; private set; } = "";
    /// <summary>Who added it: a user's e-mail, or <c>seed</c>.</summary>
    public string AddedBy { get; private set; } = "";
    public DateTimeOffset AddedAt { get; private set; }

    /// <summary>The seeded entries: public DNS resolvers and domains nearly every organisation talks to.</summary>
    public static readonly IReadOnlyList<(string Type, string Value, string Note)> Defaults =
    [
        ("ipv4", "8.8.8.8", "Google Public DNS"), ("ipv4", "8.8.4.4", "Google Public DNS"),
        ("ipv4", "1.1.1.1", "Cloudflare DNS"), ("ipv4", "1.0.0.1", "Cloudflare DNS"),
        ("ipv4", "9.9.9.9", "Quad9 DNS"), ("ipv4", "208.67.222.222", "OpenDNS"), ("ipv4", "208.67.220.220", "OpenDNS"),
        ("ipv6", "2001:4860:4860::8888", "Google Public DNS"), ("ipv6", "2001:4860:4860::8844", "Google Public DNS"),
        ("ipv6", "2606:4700:4700::1111", "Cloudflare DNS"), ("ipv4", "127.0.0.1", "Loopback"), ("ipv4", "0.0.0.0", "Unspecified address"),
        ("domain", "google.com", "Popular domain"), ("domain", "www.google.com", "Popular domain"),
        ("domain", "microsoft.com", "Popular domain"), ("domain", "windowsupdate.com", "Popular domain"),
        ("domain", "apple.com", "Popular domain"), ("domain", "amazonaws.com", "Popular domain"),
        ("domain", "cloudflare.com", "Popular domain"), ("domain", "yahoo.co.jp", "Popular domain"),
        ("domain", "github.com", "Popular domain"), ("domain", "example.com", "Documentation domain (RFC 2606)"),
    ];
}
