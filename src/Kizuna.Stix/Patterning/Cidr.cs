using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Kizuna.Stix.Patterning;

/// <summary>
/// An IPv4 or IPv6 address block, <c>192.168.0.0/16</c> or <c>2001:db8::/32</c>; a bare address is a block of one.
/// Host bits after the prefix are ignored (<c>192.168.0.1/24</c> is <c>192.168.0.0/24</c>), as STIX examples write them.
/// </summary>
internal readonly partial record struct Cidr(byte[] Address, int Prefix)
{
    [GeneratedRegex(@"^[0-9]{1,3}(\.[0-9]{1,3}){3}\z", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DottedQuad();

    internal static bool TryParse(string text, out Cidr cidr)
    {
        cidr = default;
        if (text.Length is 0 or > 100)
        {
            return false;
        }
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        IPAddress? address;
        if (DottedQuad().IsMatch(addressText))
        {
            if (addressText.Split('.').Any(p => p.Length > 1 && p[0] == '0' || int.Parse(p, CultureInfo.InvariantCulture) > 255)
                || !IPAddress.TryParse(addressText, out address))
            {
                return false;
            }
        }
        else if (addressText.Contains(':') && !addressText.Contains('%') && IPAddress.TryParse(addressText, out address)
                 && address.AddressFamily == AddressFamily.InterNetworkV6)
        {
        }
        else
        {
            return false;
        }
        var bytes = address.GetAddressBytes();
        var max = bytes.Length * 8;
        var prefix = max;
        if (slash >= 0)
        {
            var prefixText = text[(slash + 1)..];
            if (prefixText.Length is 0 or > 3 || !prefixText.All(char.IsAsciiDigit)
                || (prefixText.Length > 1 && prefixText[0] == '0'))
            {
                return false;
            }
            prefix = int.Parse(prefixText, CultureInfo.InvariantCulture);
            if (prefix > max)
            {
                return false;
            }
        }
        cidr = new Cidr(bytes, prefix);
        return true;
    }

    /// <summary>Whether <paramref name="other"/> lies inside this block (same family, no wider, same leading bits).</summary>
    internal bool Contains(Cidr other)
    {
        if (other.Address.Length != Address.Length || other.Prefix < Prefix)
        {
            return false;
        }
        for (var bit = 0; bit < Prefix; bit++)
        {
            var mask = (byte)(0x80 >> (bit % 8));
            if ((Address[bit / 8] & mask) != (other.Address[bit / 8] & mask))
            {
                return false;
            }
        }
        return true;
    }
}
