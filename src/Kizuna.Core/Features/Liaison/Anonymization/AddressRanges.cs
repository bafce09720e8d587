using System.Net;
using System.Net.Sockets;

namespace Kizuna.Core.Features.Liaison.Anonymization;

/// <summary>The reporter's registered address ranges (CIDR), and the question "does this address or network touch them?".</summary>
internal sealed class AddressRanges
{
    private readonly IPNetwork[] _networks;

    private AddressRanges(IPNetwork[] networks) => _networks = networks;

    public static readonly AddressRanges None = new([]);

    public bool IsEmpty => _networks.Length == 0;

    /// <summary>Parses ranges such as "203.0.113.0/24", "2001:db8:10::/48" or a single address; null with the bad entry when one cannot be read.</summary>
    public static AddressRanges? TryCreate(IEnumerable<string> ranges, out string? invalid)
    {
        var list = new List<IPNetwork>();
        invalid = null;
        foreach (var range in ranges)
        {
            if (string.IsNullOrWhiteSpace(range)) continue;
            if (!TryParseNetwork(range.Trim(), out var network))
            {
                invalid = range;
                return null;
            }
            list.Add(network);
        }
        return new AddressRanges([.. list]);
    }

    /// <summary>Parses an address or CIDR network; host bits after the prefix are ignored ("10.1.2.3/24" is 10.1.2.0/24).</summary>
    public static bool TryParseNetwork(ReadOnlySpan<char> text, out IPNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/');
        var addressPart = slash >= 0 ? text[..slash] : text;
        if (!TryParseAddress(addressPart, out var address)) return false;
        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = max;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], out prefix) || prefix < 0 || prefix > max)) return false;
        network = new IPNetwork(Mask(address, prefix), prefix);
        return true;
    }

    /// <summary>Parses an address; dotted IPv4 octets are read as decimal (never octal), IPv4-mapped IPv6 becomes IPv4.</summary>
    public static bool TryParseAddress(ReadOnlySpan<char> text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':'))
        {
            var zone = text.IndexOf('%');
            if (zone >= 0) text = text[..zone];
            if (!IPAddress.TryParse(text.Trim("[]"), out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6) return false;
            address = v6.IsIPv4MappedToIPv6 ? v6.MapToIPv4() : v6;
            return true;
        }
        Span<byte> bytes = stackalloc byte[4];
        var part = 0;
        foreach (var range in text.Split('.'))
        {
            if (part == 4) return false;
            var octet = text[range];
            if (octet.Length is 0 or > 3 || !int.TryParse(octet, System.Globalization.NumberStyles.None, null, out var value) || value > 255) return false;
            bytes[part++] = (byte)value;
        }
        if (part != 4) return false;
        address = new IPAddress(bytes);
        return true;
    }

    /// <summary>Whether the network overlaps any registered range (one contains the other's base address).</summary>
    public bool Touches(IPNetwork network)
    {
        foreach (var range in _networks)
        {
            if (range.BaseAddress.AddressFamily != network.BaseAddress.AddressFamily) continue;
            if (range.Contains(network.BaseAddress) || network.Contains(range.BaseAddress)) return true;
        }
        return false;
    }

    public bool Touches(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        foreach (var range in _networks)
        {
            if (range.BaseAddress.AddressFamily == address.AddressFamily && range.Contains(address)) return true;
        }
        return false;
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bits = Math.Clamp(prefix - i * 8, 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }
        return new IPAddress(bytes);
    }
}
