using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Identity;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Interop;

/// <summary>A collection as one viewer sees it.</summary>
public sealed record CollectionAccess(TaxiiCollection Collection, bool CanRead, bool CanWrite);

/// <summary>
/// The TAXII collections (TAXII 2.1 §5) and what a viewer may do with each:
/// <list type="bullet">
/// <item><b>community</b> — audience: the community, default TLP:GREEN.</item>
/// <item><b>sector-&lt;code&gt;</b> — audience: the sector, the ministries responsible for it today and the coordinator; default TLP:GREEN.</item>
/// <item><b>tlp-clear</b>, <b>tlp-green</b>, <b>tlp-amber</b>, <b>tlp-amber-strict</b> — audience: the community; each holds its level only.</item>
/// <item><b>inbox-&lt;code&gt;</b> — audience: the organisation and the coordinator, by name; default TLP:AMBER; TLP:RED allowed.</item>
/// <item><b>peer-&lt;code&gt;</b> — what was pulled from a federation peer; audience: the community, default TLP:GREEN; TLP:AMBER+STRICT and TLP:RED refused;
/// written only by the federation puller (<see cref="Viewer.System"/>), so every object in it came from that peer.</item>
/// </list>
/// Reading a collection is what <see cref="DisclosurePolicy.CanSee"/> says of an item at its default
/// distribution; writing takes the analyst role in a collection one may read, and for an inbox
/// membership of its organisation with the reporter, analyst or org-admin role. Every object in
/// every answer is still filtered by its own distribution.
/// </summary>
public sealed class TaxiiCollections(KizunaDb db, TimeProvider clock)
{
    private IReadOnlyList<TaxiiCollection>? _all;

    public static readonly IReadOnlyList<Tlp> TlpLevels = [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict];

    /// <summary>Every collection of the server, in a stable order.</summary>
    public async Task<IReadOnlyList<TaxiiCollection>> AllAsync(CancellationToken ct = default)
    {
        if (_all is not null) return _all;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var sectors = await db.Sectors.AsNoTracking().OrderBy(s => s.SortOrder).Select(s => new { s.Code, s.NameJa, s.NameEn }).ToListAsync(ct);
        var orgs = await db.Organizations.AsNoTracking().OrderBy(o => o.Code).Select(o => new { o.Id, o.Code, o.NameJa, o.NameEn, o.Kind }).ToListAsync(ct);
        var links = await db.SectorMinistryLinks.AsNoTracking().Select(l => new { l.Sector!.Code, l.MinistryOrganizationId, l.ValidFrom, l.ValidTo }).ToListAsync(ct);
        var peers = await db.FederationPeers.AsNoTracking().OrderBy(p => p.Code).Select(p => new { p.Id, p.Code, p.Name, p.ApiRoot }).ToListAsync(ct);
        var coordinators = orgs.Where(o => o.Kind == OrganizationKinds.Coordinator).Select(o => AudienceEntry.Organization(o.Id)).ToList();

        var all = new List<TaxiiCollection>
        {
            new("community", TaxiiCollectionKinds.Community, "community", "Community feed (コミュニティ全体)",
                "Shared with every organisation of the community. Default marking TLP:GREEN; TLP:RED is refused here.", Tlp.Green, [AudienceEntry.Community()], null),
        };
        foreach (var tlp in TlpLevels)
        {
            var alias = "tlp-" + TlpMarkings.Label(tlp)[4..].ToLowerInvariant().Replace('+', '-');
            all.Add(new($"tlp:{alias[4..]}", TaxiiCollectionKinds.Tlp, alias, $"{TlpMarkings.Label(tlp)} (community)",
                $"Objects marked {TlpMarkings.Label(tlp)} (or unmarked) for the whole community.", tlp, [AudienceEntry.Community()], null));
        }
        foreach (var s in sectors)
        {
            var ministries = links.Where(l => l.Code == s.Code && SectorMinistryLink.Covers(l.ValidFrom, l.ValidTo, today))
                .Select(l => l.MinistryOrganizationId).Distinct().Select(AudienceEntry.Organization);
            all.Add(new($"sector:{s.Code}", TaxiiCollectionKinds.Sector, "sector-" + s.Code, $"{s.NameJa} / {s.NameEn}",
                $"The {s.NameEn} sector (重要インフラ分野), its ministries and the coordinator. Default marking TLP:GREEN.", Tlp.Green,
                [AudienceEntry.Sector(s.Code), .. ministries, .. coordinators], null));
        }
        foreach (var o in orgs)
            all.Add(new($"inbox:{o.Id:D}", TaxiiCollectionKinds.Inbox, "inbox-" + o.Code.ToLowerInvariant(), $"Inbox {o.Code} ({o.NameJa})",
                $"Submissions of {o.NameEn} to the coordinator: written by its members, read by it and the coordinator. Default marking TLP:AMBER; TLP:RED allowed.",
                Tlp.Amber, [AudienceEntry.Organization(o.Id), .. coordinators.Where(c => c.Value != o.Id.ToString("D"))], o.Id));
        foreach (var p in peers)
            all.Add(new(PeerKey(p.Id), TaxiiCollectionKinds.Peer, PeerAlias(p.Code), $"Peer {p.Code} ({p.Name})",
                $"Received from the federation peer {p.Name} ({p.ApiRoot}); written only by the federation puller. Default marking TLP:GREEN; TLP:AMBER+STRICT and TLP:RED are refused here.",
                Tlp.Green, [AudienceEntry.Community()], null));
        return _all = all;
    }

    /// <summary>The key of a federation peer's collection (its id is the name-based UUID of it).</summary>
    public static string PeerKey(Guid peerId) => $"peer:{peerId:D}";

    /// <summary>The alias of a federation peer's collection.</summary>
    public static string PeerAlias(string peerCode) => "peer-" + peerCode.ToLowerInvariant();

    /// <summary>The collections the viewer may read or write.</summary>
    public async Task<IReadOnlyList<CollectionAccess>> ListAsync(Viewer viewer, CancellationToken ct = default)
        => (await AllAsync(ct)).Select(c => AccessOf(viewer, c)).Where(a => a.CanRead || a.CanWrite).ToList();

    /// <summary>A collection by id or alias; 404 when it does not exist or the viewer may neither read nor write it.</summary>
    public async Task<CollectionAccess> GetAsync(Viewer viewer, string idOrAlias, CancellationToken ct = default)
    {
        var all = await AllAsync(ct);
        var found = Guid.TryParse(idOrAlias, out var id) ? all.FirstOrDefault(c => c.Id == id) : all.FirstOrDefault(c => c.Alias == idOrAlias);
        var access = found is null ? null : AccessOf(viewer, found);
        if (access is null || !(access.CanRead || access.CanWrite)) throw new NotFoundException($"There is no collection '{idOrAlias}' you may read or write.");
        return access;
    }

    /// <summary>A collection the viewer may read (403 if it may only write).</summary>
    public async Task<CollectionAccess> ReadableAsync(Viewer viewer, string idOrAlias, CancellationToken ct = default)
    {
        var access = await GetAsync(viewer, idOrAlias, ct);
        if (!access.CanRead) throw new ForbiddenException($"You may add objects to '{access.Collection.Alias}' but not read it.");
        return access;
    }

    /// <summary>A collection the viewer may write (403 if it may only read).</summary>
    public async Task<CollectionAccess> WritableAsync(Viewer viewer, string idOrAlias, CancellationToken ct = default)
    {
        var access = await GetAsync(viewer, idOrAlias, ct);
        if (!access.CanWrite) throw new ForbiddenException(access.Collection.Kind switch
        {
            TaxiiCollectionKinds.Inbox => $"Only members of the organisation (reporter, analyst or org admin) add objects to '{access.Collection.Alias}'.",
            TaxiiCollectionKinds.Peer => $"Only the federation puller adds objects to '{access.Collection.Alias}': it holds what the peer sent.",
            _ => $"Adding objects to '{access.Collection.Alias}' takes the analyst role.",
        });
        return access;
    }

    public static CollectionAccess AccessOf(Viewer viewer, TaxiiCollection c)
    {
        var canRead = DisclosurePolicy.CanSee(viewer, c.Probe);
        var canWrite = c.Kind == TaxiiCollectionKinds.Peer
            ? viewer.IsSystem
            : c.Kind == TaxiiCollectionKinds.Inbox
            ? viewer.OrganizationId == c.InboxOrganizationId && (viewer.HasRole(OrgRoles.Reporter) || viewer.HasRole(OrgRoles.Analyst) || viewer.HasRole(OrgRoles.OrgAdmin))
            : canRead && viewer.HasRole(OrgRoles.Analyst);
        return new CollectionAccess(c, canRead, canWrite);
    }
}
