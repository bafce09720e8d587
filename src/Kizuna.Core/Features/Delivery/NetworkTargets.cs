using System.Net;
using System.Net.Sockets;
using Kizuna.Core.Errors;

namespace Kizuna.Core.Features.Delivery;

/// <summary>
/// Where webhooks may go. Unless <see cref="DeliveryOptions.AllowPrivateWebhookTargets"/> is set,
/// loopback, private, link-local, shared (CGNAT), multicast and unspecified addresses are refused,
/// at registration and again at send time after DNS resolution (so a name that later resolves
/// inward is still refused).
/// </summary>
public static class NetworkTargets
{
    private static readonly IPNetwork[] Blocked =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("ff00::/8"),
        IPNetwork.Parse("64:ff9b:1::/48"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork IPv4Compatible = IPNetwork.Parse("::/96");

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (EmbeddedIPv4(address) is { } inner && !IsPublic(inner)) return false;
        return !Blocked.Any(n => n.BaseAddress.AddressFamily == address.AddressFamily && n.Contains(address));
    }

    /// <summary>The IPv4 address an IPv6 address carries to a translator or tunnel (NAT64, 6to4, IPv4-compatible), which is where it ends up.</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return null;
        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address) || IPv4Compatible.Contains(address)) return new IPAddress(bytes.AsSpan(12, 4));
        if (SixToFour.Contains(address)) return new IPAddress(bytes.AsSpan(2, 4));
        return null;
    }

    /// <summary>Checks a webhook URL as given by a user: absolute http(s), length, no credentials, and (unless allowed) a public target.</summary>
    public static async Task<Uri> CheckWebhookUrlAsync(string? url, bool allowPrivate, CancellationToken ct)
    {
        const string field = "url";
        if (string.IsNullOrWhiteSpace(url)) throw new InputException(field, "'url' is required.");
        url = url.Trim();
        if (url.Length > OrganizationWebhook.MaxUrlLength)
            throw new InputException(field, $"'url' is {url.Length} characters long; the limit is {OrganizationWebhook.MaxUrlLength}.");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            throw new InputException(field, "'url' must be an absolute http or https URL.");
        if (!string.IsNullOrEmpty(uri.UserInfo)) throw new InputException(field, "'url' must not carry a user name or password; the signature authenticates Kizuna.");
        if (!string.IsNullOrEmpty(uri.Fragment)) throw new InputException(field, "'url' must not have a fragment (#…).");
        if (allowPrivate) return uri;
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.DnsSafeHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.DnsSafeHost, ct);
        }
        catch (SocketException)
        {
            throw new InputException(field, $"The host '{uri.Host}' could not be resolved.");
        }
        if (addresses.Length == 0) throw new InputException(field, $"The host '{uri.Host}' could not be resolved.");
        if (addresses.FirstOrDefault(a => !IsPublic(a)) is { } inner)
            throw new InputException(field, $"The host '{uri.Host}' is a loopback, private or link-local address ({inner}); webhooks go to public addresses only.");
        return uri;
    }
}
