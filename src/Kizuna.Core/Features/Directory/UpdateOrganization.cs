using System.Net;
using System.Text.RegularExpressions;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Directory;

/// <summary>
/// Edits an organisation's profile. Org admins edit their own organisation's names, region, size,
/// network and contacts; only platform admins change what the disclosure policy depends on
/// (trust tier, sectors, CEPTOAR memberships).
/// </summary>
public sealed record UpdateOrganization(
    string NameJa, string NameEn, string? RegionCode, string? SizeClass, IReadOnlyList<string> Domains, IReadOnlyList<string> IpRanges,
    IReadOnlyList<Contact> Contacts, string? TrustTier = null /* null keeps the current tier */, IReadOnlyList<string>? Sectors = null, IReadOnlyList<string>? Ceptoars = null);

/// <summary>Registers a new organisation (platform admins only).</summary>
public sealed record CreateOrganization(string Code, string Kind, UpdateOrganization Profile);

public sealed partial class UpdateOrganizationHandler(KizunaDb db, AuditTrail audit, TimeProvider clock)
{
    public const int MaxListLength = 50;

    public static bool MayEdit(Viewer viewer, Guid organizationId)
        => viewer.IsPlatformAdmin || (viewer.OrganizationId == organizationId && viewer.HasRole(OrgRoles.OrgAdmin));

    public async Task HandleAsync(string code, UpdateOrganization u, Viewer viewer, CancellationToken ct = default)
    {
        var org = await db.Organizations.Include(o => o.Sectors).Include(o => o.Ceptoars).FirstOrDefaultAsync(o => o.Code == code, ct)
            ?? throw new NotFoundException($"No organisation has the code '{code}'.");
        if (!MayEdit(viewer, org.Id)) throw new ForbiddenException("Only the organisation's admins and platform admins may edit it.");
        var restricted = (u.TrustTier is not null && u.TrustTier != org.TrustTier)
            || (u.Sectors is not null && !u.Sectors.Order().SequenceEqual(org.Sectors.Select(s => s.Code).Order()))
            || (u.Ceptoars is not null && !u.Ceptoars.Order().SequenceEqual(org.Ceptoars.Select(c => c.Code).Order()));
        if (restricted && !viewer.IsPlatformAdmin)
            throw new ForbiddenException("Only platform admins change an organisation's trust tier, sectors or CEPTOAR memberships.");
        await ApplyAsync(org, u, ct);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "organization.updated", "organization", org.Code, Summarize(u)), ct);
    }

    public async Task<Organization> CreateAsync(CreateOrganization c, Viewer viewer, CancellationToken ct = default)
    {
        if (!viewer.IsPlatformAdmin) throw new ForbiddenException("Only platform admins register organisations.");
        new InputCheck()
            .Required("code", c.Code, Organization.MaxCodeLength)
            .That(c.Code is null || CodePattern().IsMatch(c.Code), "code", "A code is 2–32 characters of A–Z, 0–9 and '-', starting with a letter.")
            .That(OrganizationKinds.IsKnown(c.Kind), "kind", $"Unknown kind '{c.Kind}'. Known kinds: {string.Join(", ", OrganizationKinds.All)}.")
            .ThrowIfInvalid();
        if (await db.Organizations.AnyAsync(o => o.Code == c.Code, ct)) throw new ConflictException($"The code '{c.Code}' is taken.");
        var org = new Organization(c.Code!, c.Profile.NameJa ?? "", c.Profile.NameEn ?? "", c.Kind, clock.GetUtcNow());
        db.Organizations.Add(org);
        await ApplyAsync(org, c.Profile, ct);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "organization.created", "organization", org.Code, $"kind {org.Kind}; {Summarize(c.Profile)}"), ct);
        return org;
    }

    private async Task ApplyAsync(Organization org, UpdateOrganization u, CancellationToken ct)
    {
        var check = new InputCheck()
            .Required("nameJa", u.NameJa, Organization.MaxNameLength)
            .Required("nameEn", u.NameEn, Organization.MaxNameLength)
            .That(u.SizeClass is null || OrganizationKinds.SizeClasses.Contains(u.SizeClass), "sizeClass", "Use large, medium or small.")
            .That(u.TrustTier is null || OrganizationKinds.TrustTiers.Contains(u.TrustTier), "trustTier", "Use tier1, tier2 or general.")
            .That(u.Domains.Count <= MaxListLength, "domains", $"At most {MaxListLength} domains.")
            .That(u.IpRanges.Count <= MaxListLength, "ipRanges", $"At most {MaxListLength} IP ranges.")
            .That(u.Contacts.Count <= 10, "contacts", "At most 10 contacts.");
        foreach (var d in u.Domains)
            check.That(DomainPattern().IsMatch(d.Trim()), "domains", $"'{Truncate(d)}' is not a domain name.");
        foreach (var r in u.IpRanges)
            check.That(IPNetwork.TryParse(r.Trim(), out _) || IPAddress.TryParse(r.Trim(), out _), "ipRanges", $"'{Truncate(r)}' is not an IP address or CIDR range.");
        foreach (var c in u.Contacts)
        {
            check.Required("contacts.name", c.Name, 200)
                .That(c.Role is "primary" or "backup", "contacts.role", "A contact's role is primary or backup.")
                .MaxLength("contacts.email", c.Email, 256)
                .MaxLength("contacts.phone", c.Phone, 40)
                .That(c.Email is null or "" || c.Email.Contains('@'), "contacts.email", $"'{Truncate(c.Email)}' is not an e-mail address.");
        }
        if (u.RegionCode is not null && !await db.Prefectures.AnyAsync(p => p.Code == u.RegionCode, ct))
            check.Add("regionCode", $"Unknown prefecture code '{Truncate(u.RegionCode)}'; use JP-01 … JP-47.");
        var sectors = u.Sectors is null ? null : await db.Sectors.Where(s => u.Sectors.Contains(s.Code)).ToListAsync(ct);
        if (sectors is not null && sectors.Count != u.Sectors!.Distinct().Count()) check.Add("sectors", "One or more sector codes are unknown.");
        var ceptoars = u.Ceptoars is null ? null : await db.Ceptoars.Where(c => u.Ceptoars.Contains(c.Code)).ToListAsync(ct);
        if (ceptoars is not null && ceptoars.Count != u.Ceptoars!.Distinct().Count()) check.Add("ceptoars", "One or more CEPTOAR codes are unknown.");
        check.ThrowIfInvalid("The organisation could not be saved.");

        var now = clock.GetUtcNow();
        org.Rename(u.NameJa, u.NameEn, now);
        org.Describe(u.RegionCode, u.SizeClass, u.TrustTier ?? org.TrustTier, now);
        org.SetNetwork(u.Domains, u.IpRanges, now);
        org.SetContacts(u.Contacts.Select(c => new Contact { Name = c.Name.Trim(), Role = c.Role, Email = c.Email?.Trim(), Phone = c.Phone?.Trim() }), now);
        if (sectors is not null || ceptoars is not null)
            org.SetMemberships(sectors ?? org.Sectors, ceptoars ?? org.Ceptoars, now);
    }

    private static string Summarize(UpdateOrganization u)
        => $"names '{u.NameJa}'/'{u.NameEn}', region {u.RegionCode ?? "-"}, size {u.SizeClass ?? "-"}, tier {u.TrustTier ?? "-"}, {u.Domains.Count} domains, {u.IpRanges.Count} ranges, {u.Contacts.Count} contacts"
           + (u.Sectors is null ? "" : $", sectors {string.Join(",", u.Sectors)}")
           + (u.Ceptoars is null ? "" : $", ceptoars {string.Join(",", u.Ceptoars)}");

    private static string Truncate(string? s) => s is null ? "" : s.Length > 60 ? s[..60] + "…" : s;

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$", RegexOptions.IgnoreCase)]
    private static partial Regex DomainPattern();

    [GeneratedRegex(@"^[A-Z][A-Z0-9-]{1,31}$")]
    private static partial Regex CodePattern();
}
