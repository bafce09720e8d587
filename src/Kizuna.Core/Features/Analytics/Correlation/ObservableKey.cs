using System.Security.Cryptography;
using System.Text;

namespace Kizuna.Core.Features.Analytics.Correlation;

/// <summary>
/// One normalized observable value: its <see cref="Type"/> (one of <see cref="ObservableTypes"/>), its
/// canonical <see cref="Value"/>, the <see cref="Key"/> <c>type:value</c>, and <see cref="Id"/>, the first
/// 16 bytes of the key's SHA-256 (what the index stores and looks up: fixed size however long the value).
/// </summary>
public sealed record ObservableKey(string Type, string Value)
{
    /// <summary>Display values are cut to this length; the <see cref="Id"/> covers the whole value.</summary>
    public const int MaxDisplayLength = 512;

    public string Key => Type + ":" + Value;

    public Guid Id { get; } = IdOf(Type + ":" + Value);

    /// <summary>The value as shown in lists (cut to <see cref="MaxDisplayLength"/>).</summary>
    public string Display => Value.Length <= MaxDisplayLength ? Value : Value[..(MaxDisplayLength - 1)] + "…";

    public static Guid IdOf(string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return new Guid(hash[..16]);
    }
}
