using System.Security.Cryptography;
using System.Text;
using Kizuna.Core.Disclosure;
using Kizuna.Stix;

namespace Kizuna.Core.Features.Interop;

/// <summary>The kinds of TAXII collection Kizuna serves.</summary>
public static class TaxiiCollectionKinds
{
    /// <summary>The whole community's feed (コミュニティ全体).</summary>
    public const string Community = "community";
    /// <summary>One per sector (重要インフラ分野): the sector's organisations, its ministries and the coordinator.</summary>
    public const string Sector = "sector";
    /// <summary>One per TLP level below RED, for the whole community.</summary>
    public const string Tlp = "tlp";
    /// <summary>One per organisation: its members write, it and the coordinator read.</summary>
    public const string Inbox = "inbox";
    /// <summary>One per federation peer (連携先): what was pulled from it, written only by the federation puller.</summary>
    public const string Peer = "peer";
}

/// <summary>
/// A TAXII collection: not stored, derived from the directory, with a stable id (a name-based UUID
/// of <see cref="Key"/>). Its <see cref="Audience"/> and <see cref="DefaultTlp"/> make the
/// distribution of every object added to it; who may read it is what the disclosure policy says
/// of an item with that distribution.
/// </summary>
public sealed record TaxiiCollection(string Key, string Kind, string Alias, string Title, string Description, Tlp DefaultTlp,
    IReadOnlyList<AudienceEntry> Audience, Guid? InboxOrganizationId)
{
    /// <summary>Namespace of collection ids (UUIDv5 over the key).</summary>
    private static readonly Guid IdNamespace = new("5f3b0e2c-6a4e-4d6b-9a1e-0b7c4f2e9d11");

    public Guid Id { get; } = NameBasedId(Key);

    /// <summary>The one TLP a TLP collection holds; null for the others.</summary>
    public Tlp? FixedTlp => Kind == TaxiiCollectionKinds.Tlp ? DefaultTlp : null;

    /// <summary>The distribution of an object added by <paramref name="contributorOrganizationId"/> with the given marking.</summary>
    public Distribution DistributionFor(Tlp tlp, Guid contributorOrganizationId)
        => new(tlp, contributorOrganizationId, Audience.Select(a => new AudienceEntry { Kind = a.Kind, Value = a.Value }));

    /// <summary>An item at the collection's default distribution, owned by nobody: what the policy is asked about the collection itself.</summary>
    internal IShareable Probe => new ProbeItem(new Distribution(DefaultTlp, Guid.Empty, Audience));

    /// <summary>A name-based UUID (RFC 9562 version 5, SHA-1) of a key in the collections' namespace.</summary>
    public static Guid NameBasedId(string key)
    {
        var ns = IdNamespace.ToByteArray(bigEndian: true);
        var hash = SHA1.HashData([.. ns, .. Encoding.UTF8.GetBytes(key)]);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    private sealed record ProbeItem(Distribution Distribution) : IShareable;
}
