using Kizuna.Core.Data;
using Kizuna.Core.Features.Delivery;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Provision;

/// <summary>
/// Moves an advisory down its chain: an organisation that receives it and relays automatically
/// passes it on at once; one whose setting is <see cref="RelayModes.Manual"/> holds it until a
/// person releases it (with an optional sector note). Every organisation it reaches gets a
/// notification through the outbox, in the same transaction.
/// </summary>
public sealed class AdvisoryRelay(KizunaDb db, AdvisoryNotifier notifier)
{
    /// <summary>Delivers to the publisher's first hop and onwards as far as automatic relays go.</summary>
    public async Task StartAsync(Advisory advisory, IReadOnlyList<AdvisoryDelivery> deliveries, DateTimeOffset now, CancellationToken ct)
    {
        var chain = await ChainAsync(deliveries, ct);
        var publisher = advisory.Distribution.OwnerOrganizationId;
        foreach (var d in chain.ChildrenOf(publisher)) Receive(advisory, d, chain, now);
    }

    /// <summary>A person releases what its organisation holds.</summary>
    public async Task ReleaseAsync(Advisory advisory, AdvisoryDelivery held, Guid userId, string? note, DateTimeOffset now, CancellationToken ct)
    {
        var all = await db.AdvisoryDeliveries.Where(d => d.AdvisoryId == advisory.Id).ToListAsync(ct);
        var chain = await ChainAsync(all, ct);
        held.Relay(userId, note, now);
        foreach (var child in chain.ChildrenOf(held.OrganizationId)) Receive(advisory, child, chain, now);
    }

    private void Receive(Advisory advisory, AdvisoryDelivery d, Chain chain, DateTimeOffset now)
    {
        if (d.IsReceived) return;
        d.Receive(advisory.Revision, now);
        notifier.Enqueue(advisory, d, NotificationKinds.Published, now);
        if (!d.Relays || chain.IsManual(d.OrganizationId)) return;
        d.Relay(null, null, now);
        foreach (var child in chain.ChildrenOf(d.OrganizationId)) Receive(advisory, child, chain, now);
    }

    private async Task<Chain> ChainAsync(IReadOnlyList<AdvisoryDelivery> deliveries, CancellationToken ct)
    {
        var relaying = deliveries.Where(d => d.Relays).Select(d => d.OrganizationId).ToList();
        var manual = relaying.Count == 0 ? [] : await db.Set<OrganizationDeliverySettings>().AsNoTracking()
            .Where(s => relaying.Contains(s.OrganizationId) && s.RelayMode == RelayModes.Manual)
            .Select(s => s.OrganizationId).ToListAsync(ct);
        return new Chain(deliveries.ToLookup(d => d.ParentOrganizationId), manual.ToHashSet());
    }

    private sealed record Chain(ILookup<Guid, AdvisoryDelivery> Children, HashSet<Guid> Manual)
    {
        public IEnumerable<AdvisoryDelivery> ChildrenOf(Guid organizationId) => Children[organizationId];
        public bool IsManual(Guid organizationId) => Manual.Contains(organizationId);
    }
}
