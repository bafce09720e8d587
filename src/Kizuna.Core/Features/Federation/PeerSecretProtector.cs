using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Kizuna.Core.Features.Federation;

/// <summary>
/// Protects a peer's token or password at rest with ASP.NET Data Protection (its own purpose
/// string), so a copy of the database alone does not reveal it. The keys live outside the database
/// (<see cref="FederationOptions.KeyDirectory"/>); every node needs the same keys.
/// </summary>
public sealed class PeerSecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Kizuna.Federation.PeerSecret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    /// <summary>The secret in clear, for the request to the peer only; a clear error when the keys changed.</summary>
    public string Unprotect(FederationPeer peer)
    {
        if (peer.ProtectedSecret is null) throw new TaxiiClientException($"Peer '{peer.Code}' uses {peer.AuthScheme} authentication but has no secret stored; set it again.");
        try
        {
            return _protector.Unprotect(peer.ProtectedSecret);
        }
        catch (CryptographicException e)
        {
            throw new TaxiiClientException($"The stored secret of peer '{peer.Code}' cannot be read with this node's Data Protection keys (Federation:KeyDirectory); set it again.", null, e);
        }
    }

    public TaxiiConnection ConnectionFor(FederationPeer peer)
        => new(new Uri(peer.ApiRoot), peer.AuthScheme, peer.AuthUser, peer.AuthScheme == PeerAuthSchemes.None ? null : Unprotect(peer));
}
