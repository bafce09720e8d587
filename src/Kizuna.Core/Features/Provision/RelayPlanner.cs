using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Liaison;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Provision;

/// <summary>One organisation an advisory will reach, with its hop, who relays it there, and the rule that admits it.</summary>
public sealed record PlannedRecipient(
    Guid OrganizationId, string Code, string NameJa, string NameEn, string Kind, string? SectorCode,
    int Hop, Guid ParentOrganizationId, string ParentCode, string Rule, bool Relays);

/// <summary>Who an advisory reaches: every recipient organisation, parents before children.</summary>
public sealed record RecipientPlan(string Tlp, bool RelayAllowed, IReadOnlyList<PlannedRecipient> Recipients)
{
    /// <summary>Organisations that only relay (not in the audience themselves): they must be named in the stored audience so they may read what they pass on.</summary>
    public IEnumerable<PlannedRecipient> RelayOnly => Recipients.Where(r => r.Rule == RelayRule);

    public const string RelayRule = "relay";
}

/// <summary>
/// Works out the relay chain (中継) for a distribution over today's directory:
/// coordinator → sector ministries → CEPTOARs → operators (DESIGN §3). The audience decides who
/// receives (through <see cref="DisclosurePolicy.AdmittingEntry"/>, the one rule); the chain only
/// decides who passes it to them. TLP 2.0 limits the chain: TLP:RED goes only to the named
/// organisations and AMBER+STRICT never beyond each recipient organisation, so both are sent by
/// the publisher directly, with no relay. Organisations on a path that are not in the audience
/// join as relays (rule <c>relay</c>) and are shown as such before publication.
/// </summary>
public sealed class RelayPlanner(KizunaDb db, LiaisonDirectory directory)
{
    private sealed record Org(Guid Id, string Code, string NameJa, string NameEn, string Kind, string? TrustTier, List<string> Sectors, List<string> Ceptoars);
    private sealed record CeptoarRow(string Code, string SectorCode, Guid? SecretariatId);

    /// <param name="organizations">
    /// When given (an exercise advisory: its members, <see cref="Exercises.ExerciseMembership"/>), the
    /// chain runs only through and to these organisations (and the publisher): an organisation outside
    /// them neither receives nor relays, and those below it are reached from the nearest hop above that is inside.
    /// </param>
    public async Task<RecipientPlan> PlanAsync(Distribution distribution, CancellationToken ct = default, IReadOnlySet<Guid>? organizations = null)
    {
        var orgs = (await db.Organizations.AsNoTracking().AsSplitQuery()
            .Select(o => new Org(o.Id, o.Code, o.NameJa, o.NameEn, o.Kind, o.TrustTier,
                o.Sectors.OrderBy(s => s.Code).Select(s => s.Code).ToList(), o.Ceptoars.OrderBy(c => c.Code).Select(c => c.Code).ToList()))
            .ToListAsync(ct))
            .Where(o => organizations is null || o.Id == distribution.OwnerOrganizationId || organizations.Contains(o.Id))
            .ToList();
        var ceptoars = await db.Ceptoars.AsNoTracking().Select(c => new CeptoarRow(c.Code, c.Sector!.Code, c.SecretariatOrganizationId)).ToDictionaryAsync(c => c.Code, ct);
        var byId = orgs.ToDictionary(o => o.Id);
        // The ministry that relays for a sector: of those responsible today (one rule, LiaisonDirectory), the first by code.
        var ministries = new Dictionary<string, Guid>();
        foreach (var sector in orgs.SelectMany(o => o.Sectors).Concat(ceptoars.Values.Select(c => c.SectorCode)).Distinct())
            if ((await directory.MinistriesOfAsync(sector, ct)).Where(byId.ContainsKey).Select(id => byId[id])
                    .OrderBy(o => o.Code, StringComparer.Ordinal).FirstOrDefault() is { } ministry)
                ministries[sector] = ministry.Id;
        var secretariatOf = ceptoars.Values.Where(c => c.SecretariatId is not null)
            .GroupBy(c => c.SecretariatId!.Value).ToDictionary(g => g.Key, g => g.OrderBy(c => c.Code, StringComparer.Ordinal).First());

        var publisher = byId.GetValueOrDefault(distribution.OwnerOrganizationId)
            ?? throw new NotFoundException("The publishing organisation is not in the directory.");
        var publisherLayer = Layer(publisher.Kind);
        var relayAllowed = TlpChannels.MayRelay(distribution.Tlp);

        var parent = new Dictionary<Guid, Guid>();
        var rule = new Dictionary<Guid, string>();
        foreach (var o in orgs)
        {
            if (o.Id == publisher.Id) continue;
            var viewer = Viewer.ForOrganization(o.Id, o.Code, o.Kind, o.Sectors, o.TrustTier);
            var entry = DisclosurePolicy.AdmittingEntry(viewer, distribution);
            if (entry is null) continue;
            rule[o.Id] = entry.Kind switch
            {
                AudienceKind.Organization => "organization",
                AudienceKind.Community => "community",
                _ => $"{entry.Kind}:{entry.Value}",
            };
            var previous = publisher.Id;
            if (relayAllowed)
            {
                foreach (var hop in PathTo(o))
                {
                    if (hop == o.Id || hop == publisher.Id) continue;
                    parent.TryAdd(hop, previous);
                    previous = hop;
                }
            }
            parent[o.Id] = previous;
        }
        if (rule.Count == 0)
            throw new InputException("audience", organizations is null
                ? "The audience resolves to no organisation: nobody would receive this advisory."
                : "The audience includes no other member of the exercise: nobody would receive this advisory.");

        var hops = new Dictionary<Guid, int>();
        int HopOf(Guid id) => id == publisher.Id ? 0 : hops.TryGetValue(id, out var h) ? h : hops[id] = HopOf(parent[id]) + 1;
        var relays = parent.Values.ToHashSet();
        var recipients = parent.Keys
            .Select(id => byId[id])
            .Select(o => new PlannedRecipient(o.Id, o.Code, o.NameJa, o.NameEn, o.Kind, SectorOf(o), HopOf(o.Id), parent[o.Id],
                byId[parent[o.Id]].Code, rule.GetValueOrDefault(o.Id, RecipientPlan.RelayRule), relays.Contains(o.Id)))
            .OrderBy(r => r.Hop).ThenBy(r => r.SectorCode ?? "", StringComparer.Ordinal).ThenBy(r => r.Code, StringComparer.Ordinal)
            .ToList();
        return new RecipientPlan(TlpMarkings.Label(distribution.Tlp), relayAllowed, recipients);

        // The intermediaries from the top of the chain down to the organisation itself.
        IEnumerable<Guid> PathTo(Org o)
        {
            if (o.Kind == OrganizationKinds.Ministry) yield break;
            if (o.Kind == OrganizationKinds.Ceptoar && secretariatOf.TryGetValue(o.Id, out var own))
            {
                if (publisherLayer < 1 && ministries.TryGetValue(own.SectorCode, out var m)) yield return m;
                yield break;
            }
            if (o.Kind is not (OrganizationKinds.Operator or OrganizationKinds.Peripheral) || o.Sectors.Count == 0) yield break;
            // A CEPTOAR publishing reaches everyone directly; its members are its own first hop anyway.
            if (publisherLayer >= 2) yield break;
            var ceptoar = o.Ceptoars.Select(c => ceptoars.GetValueOrDefault(c))
                // Only a CEPTOAR-kind secretariat relays: its own path is at most its ministry, so the chain can never loop.
                .FirstOrDefault(c => c?.SecretariatId is { } s && s != o.Id && byId.TryGetValue(s, out var sec) && sec.Kind == OrganizationKinds.Ceptoar);
            var sector = ceptoar?.SectorCode ?? o.Sectors.FirstOrDefault(ministries.ContainsKey);
            if (publisherLayer < 1 && sector is not null && ministries.TryGetValue(sector, out var ministry)) yield return ministry;
            if (ceptoar is not null) yield return ceptoar.SecretariatId!.Value;
        }

        string? SectorOf(Org o) => o.Sectors.FirstOrDefault()
            ?? (secretariatOf.TryGetValue(o.Id, out var c) ? c.SectorCode : null);
    }

    /// <summary>How high in the chain a kind of organisation sits: the coordinator and security bodies on top, then ministries, then CEPTOARs.</summary>
    private static int Layer(string kind) => kind switch
    {
        OrganizationKinds.Ministry => 1,
        OrganizationKinds.Ceptoar => 2,
        OrganizationKinds.Operator or OrganizationKinds.Peripheral => 3,
        _ => 0,
    };
}
