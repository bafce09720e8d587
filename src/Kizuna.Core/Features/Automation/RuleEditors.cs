using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Liaison;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Automation;

/// <summary>
/// Which rules a viewer may see and edit. Only analysts and org admins edit rules:
/// <list type="bullet">
/// <item>of the coordinator: every rule;</item>
/// <item>of a ministry: rules that copy into a sector it is responsible for today;</item>
/// <item>of a CEPTOAR: rules that copy into its own sectors (its directory sectors and those of the CEPTOARs whose secretariat it is).</item>
/// </list>
/// A rule of a ministry or CEPTOAR must copy into one of its sectors, and may notify only its own
/// organisation or an organisation of those sectors. Everyone else sees no rules (403).
/// </summary>
public sealed record RuleScope(bool All, IReadOnlySet<string> Sectors)
{
    public bool Any => All || Sectors.Count > 0;

    /// <summary>Whether the scope covers a stored rule.</summary>
    public bool Covers(IngestRule rule) => All || (rule.CopyToSector is { } s && Sectors.Contains(s));
}

public sealed class RuleEditors(KizunaDb db, LiaisonDirectory directory)
{
    public async Task<RuleScope> ScopeAsync(Viewer viewer, CancellationToken ct = default)
    {
        var none = new RuleScope(false, new HashSet<string>());
        if (viewer.IsSystem) return new RuleScope(true, new HashSet<string>());
        if (!(viewer.HasRole(OrgRoles.Analyst) || viewer.HasRole(OrgRoles.OrgAdmin))) return none;
        switch (viewer.OrganizationKind)
        {
            case OrganizationKinds.Coordinator:
                return new RuleScope(true, new HashSet<string>());
            case OrganizationKinds.Ministry:
                return new RuleScope(false, await directory.SectorsOfMinistryAsync(viewer.OrganizationId, ct));
            case OrganizationKinds.Ceptoar:
                var secretariat = await db.Ceptoars.AsNoTracking().Where(c => c.SecretariatOrganizationId == viewer.OrganizationId).Select(c => c.Sector!.Code).ToListAsync(ct);
                return new RuleScope(false, viewer.SectorCodes.Concat(secretariat).ToHashSet());
            default:
                return none;
        }
    }

    /// <summary>The viewer's scope, or 403 when it may edit no rule at all.</summary>
    public async Task<RuleScope> RequireAsync(Viewer viewer, CancellationToken ct = default)
    {
        var scope = await ScopeAsync(viewer, ct);
        if (!scope.Any) throw new ForbiddenException("Ingest rules are kept by the analysts and admins of the coordinator, of ministries and of CEPTOARs.");
        return scope;
    }

    /// <summary>Checks a rule's targets against the scope and the directory (400 for unknown codes, 403 outside the scope).</summary>
    public async Task CheckAsync(IngestRule rule, RuleScope scope, Viewer viewer, CancellationToken ct = default)
    {
        var check = new InputCheck();
        var sectorCodes = rule.Sectors.Concat(rule.CopyToSector is { } c ? [c] : []).Distinct().ToList();
        var knownSectors = await db.Sectors.AsNoTracking().Where(s => sectorCodes.Contains(s.Code)).Select(s => s.Code).ToListAsync(ct);
        foreach (var s in rule.Sectors.Except(knownSectors)) check.Add("sectors", $"Unknown sector '{s}'.");
        if (rule.CopyToSector is { } copy && !knownSectors.Contains(copy)) check.Add("copyToSector", $"Unknown sector '{copy}'.");
        var orgCodes = rule.ContributorOrganizations.Concat(rule.NotifyOrganization is { } n ? [n] : []).Distinct().ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => orgCodes.Contains(o.Code))
            .Select(o => new { o.Id, o.Code, Sectors = o.Sectors.Select(s => s.Code).ToList() }).ToListAsync(ct);
        foreach (var o in rule.ContributorOrganizations.Except(orgs.Select(o => o.Code))) check.Add("contributorOrganizations", $"No organisation has the code '{o}'.");
        var notify = orgs.FirstOrDefault(o => o.Code == rule.NotifyOrganization);
        if (rule.NotifyOrganization is { } code && notify is null) check.Add("notifyOrganization", $"No organisation has the code '{code}'.");
        check.ThrowIfInvalid("The rule is invalid.");

        if (scope.All) return;
        if (rule.CopyToSector is not { } target || !scope.Sectors.Contains(target))
            throw new ForbiddenException($"Your organisation's rules must copy into one of its sectors ({string.Join(", ", scope.Sectors.Order())}).");
        if (notify is not null && notify.Id != viewer.OrganizationId && !notify.Sectors.Any(scope.Sectors.Contains))
            throw new ForbiddenException($"Your organisation's rules may notify only itself or organisations of its sectors; {notify.Code} is outside them.");
    }
}
