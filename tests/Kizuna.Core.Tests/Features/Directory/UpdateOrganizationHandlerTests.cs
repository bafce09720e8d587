using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Identity;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Kizuna.Core.Tests.Features.Directory;

public sealed class UpdateOrganizationHandlerTests
{
    private const string Code = "AOZORA-TEL"; // demo operator: telecom, T-CEPTOAR, tier1, JP-13
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Update_OrgAdminEditsOwnProfile_IsStoredAndAudited(DatabaseKind kind)
    {
        await using var host = await CoreHost.CreateAsync(kind, demo: true);
        var before = await LoadAsync(host);
        var profile = ProfileOf(before) with
        {
            NameJa = "青空テレコム株式会社（新）",
            NameEn = "Aozora Telecom Holdings",
            RegionCode = "JP-27",
            SizeClass = "medium",
            Domains = ["Aozora.example.jp", "aozora-tel.example"],
            IpRanges = ["192.0.2.0/24", "2001:db8::/32", "198.51.100.7"],
            Contacts = [new Contact { Name = "  Hotline  ", Role = "primary", Email = "soc@aozora.example.jp", Phone = "03-0000-0000" }],
        };
        var audits = await AuditCountAsync(host);

        await HandleAsync(host, Code, profile, OrgAdminOf(before));

        var after = await LoadAsync(host);
        Assert.Equal("青空テレコム株式会社（新）", after.NameJa);
        Assert.Equal("Aozora Telecom Holdings", after.NameEn);
        Assert.Equal("JP-27", after.RegionCode);
        Assert.Equal("medium", after.SizeClass);
        Assert.Equal(["aozora.example.jp", "aozora-tel.example"], after.Domains);
        Assert.Equal(["192.0.2.0/24", "2001:db8::/32", "198.51.100.7"], after.IpRanges);
        Assert.Equal("Hotline", Assert.Single(after.Contacts).Name);
        Assert.Equal(before.TrustTier, after.TrustTier);
        Assert.Equal(before.Sectors.Select(s => s.Code).Order(), after.Sectors.Select(s => s.Code).Order());
        Assert.Equal(audits + 1, await AuditCountAsync(host));
        await using var ctx = host.NewContext();
        var entry = await ctx.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.Equal("organization.updated", entry.Action);
        Assert.Equal(Code, entry.TargetId);
    }

    public static TheoryData<DatabaseKind, string> RestrictedChanges()
    {
        var data = new TheoryData<DatabaseKind, string>();
        foreach (var kind in new[] { DatabaseKind.Sqlite, DatabaseKind.Postgres })
            foreach (var change in new[] { "tier", "sectors", "ceptoars" })
                data.Add(kind, change);
        return data;
    }

    [Theory, MemberData(nameof(RestrictedChanges))]
    public async Task Update_OrgAdminChangesWhatDisclosureDependsOn_ForbiddenAndNothingStored(DatabaseKind kind, string change)
    {
        await using var host = await CoreHost.CreateAsync(kind, demo: true);
        var before = await LoadAsync(host);
        var profile = ProfileOf(before) with { NameEn = "Renamed along the way" };
        profile = change switch
        {
            "tier" => profile with { TrustTier = "general" },
            "sectors" => profile with { Sectors = ["telecom", "finance"] },
            _ => profile with { Ceptoars = ["tel-telecom", "tel-broadcast"] },
        };
        var audits = await AuditCountAsync(host);

        await Assert.ThrowsAsync<ForbiddenException>(() => HandleAsync(host, Code, profile, OrgAdminOf(before)));

        var after = await LoadAsync(host);
        Assert.Equal(before.NameEn, after.NameEn);
        Assert.Equal("tier1", after.TrustTier);
        Assert.Equal(["telecom"], after.Sectors.Select(s => s.Code));
        Assert.Equal(before.Ceptoars.Select(c => c.Code).Order(), after.Ceptoars.Select(c => c.Code).Order());
        Assert.Equal(audits, await AuditCountAsync(host));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Update_OrgAdminResendsCurrentTierAndSectors_IsAllowed(DatabaseKind kind)
    {
        await using var host = await CoreHost.CreateAsync(kind, demo: true);
        var before = await LoadAsync(host);
        var profile = ProfileOf(before) with
        {
            TrustTier = before.TrustTier,
            Sectors = before.Sectors.Select(s => s.Code).Reverse().ToList(),
            Ceptoars = before.Ceptoars.Select(c => c.Code).Reverse().ToList(),
            NameEn = "Same tier, new name",
        };
        await HandleAsync(host, Code, profile, OrgAdminOf(before));
        Assert.Equal("Same tier, new name", (await LoadAsync(host)).NameEn);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Update_PlatformAdminChangesTierAndSectors_IsStored(DatabaseKind kind)
    {
        await using var host = await CoreHost.CreateAsync(kind, demo: true);
        var before = await LoadAsync(host);
        var admin = new Viewer(Guid.NewGuid(), "admin@test.example", Guid.NewGuid(), "NISC", OrganizationKinds.Coordinator, [], "tier1", [OrgRoles.OrgAdmin], IsPlatformAdmin: true);
        await HandleAsync(host, Code, ProfileOf(before) with { TrustTier = "tier2", Sectors = ["telecom", "electricity"], Ceptoars = ["tel-cable"] }, admin);

        var after = await LoadAsync(host);
        Assert.Equal("tier2", after.TrustTier);
        Assert.Equal(["electricity", "telecom"], after.Sectors.Select(s => s.Code).Order());
        Assert.Equal(["tel-cable"], after.Ceptoars.Select(c => c.Code));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Update_OtherOrganisationsAdminOrPlainMember_Forbidden(DatabaseKind kind)
    {
        await using var host = await CoreHost.CreateAsync(kind, demo: true);
        var before = await LoadAsync(host);
        var outsider = OrgAdminOf(before) with { OrganizationId = Guid.NewGuid(), OrganizationCode = "HOKUTO-NET" };
        var member = OrgAdminOf(before) with { Roles = [OrgRoles.Viewer, OrgRoles.Analyst, OrgRoles.Reporter] };

        await Assert.ThrowsAsync<ForbiddenException>(() => HandleAsync(host, Code, ProfileOf(before) with { NameEn = "x" }, outsider));
        await Assert.ThrowsAsync<ForbiddenException>(() => HandleAsync(host, Code, ProfileOf(before) with { NameEn = "x" }, member));
        Assert.Equal(before.NameEn, (await LoadAsync(host)).NameEn);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Update_UnknownCode_NotFound(DatabaseKind kind)
    {
        await using var host = await CoreHost.CreateAsync(kind, demo: true);
        var before = await LoadAsync(host);
        await Assert.ThrowsAsync<NotFoundException>(() => HandleAsync(host, "NO-SUCH-ORG", ProfileOf(before), OrgAdminOf(before)));
    }

    public static TheoryData<DatabaseKind, string> InvalidFields()
    {
        var data = new TheoryData<DatabaseKind, string>();
        foreach (var kind in new[] { DatabaseKind.Sqlite, DatabaseKind.Postgres })
            foreach (var field in new[] { "domains", "ipRanges", "regionCode", "sizeClass", "nameJa", "contacts.role", "contacts.email" })
                data.Add(kind, field);
        return data;
    }

    [Theory, MemberData(nameof(InvalidFields))]
    public async Task Update_InvalidField_InputExceptionNamesFieldAndOrganisationUnchanged(DatabaseKind kind, string field)
    {
        await using var host = await CoreHost.CreateAsync(kind, demo: true);
        var before = await LoadAsync(host);
        var valid = ProfileOf(before) with { NameEn = "Would be renamed", Domains = ["ok.example.jp"], IpRanges = ["192.0.2.0/24"] };
        var profile = field switch
        {
            "domains" => valid with { Domains = ["ok.example.jp", "not a domain"] },
            "ipRanges" => valid with { IpRanges = ["192.0.2.0/24", "300.1.2.3/8"] },
            "regionCode" => valid with { RegionCode = "JP-48" },
            "sizeClass" => valid with { SizeClass = "huge" },
            "nameJa" => valid with { NameJa = "  " },
            "contacts.role" => valid with { Contacts = [new Contact { Name = "SOC", Role = "boss" }] },
            _ => valid with { Contacts = [new Contact { Name = "SOC", Role = "primary", Email = "no-at-sign" }] },
        };
        var audits = await AuditCountAsync(host);

        var error = await Assert.ThrowsAsync<InputException>(() => HandleAsync(host, Code, profile, OrgAdminOf(before)));
        Assert.Contains(field, error.Errors.Keys);

        var after = await LoadAsync(host);
        Assert.Equal(before.NameEn, after.NameEn);
        Assert.Equal(before.NameJa, after.NameJa);
        Assert.Equal(before.RegionCode, after.RegionCode);
        Assert.Equal(before.SizeClass, after.SizeClass);
        Assert.Equal(before.Domains, after.Domains);
        Assert.Equal(before.IpRanges, after.IpRanges);
        Assert.Equal(before.Contacts.Count, after.Contacts.Count);
        Assert.Equal(audits, await AuditCountAsync(host));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Update_UnknownSectorByPlatformAdmin_InputExceptionNamesSectors(DatabaseKind kind)
    {
        await using var host = await CoreHost.CreateAsync(kind, demo: true);
        var before = await LoadAsync(host);
        var admin = new Viewer(Guid.NewGuid(), "admin@test.example", Guid.NewGuid(), "NISC", OrganizationKinds.Coordinator, [], "tier1", [OrgRoles.OrgAdmin], IsPlatformAdmin: true);
        var error = await Assert.ThrowsAsync<InputException>(() => HandleAsync(host, Code, ProfileOf(before) with { Sectors = ["telecom", "space"] }, admin));
        Assert.Contains("sectors", error.Errors.Keys);
        Assert.Equal(["telecom"], (await LoadAsync(host)).Sectors.Select(s => s.Code));
    }

    private static async Task HandleAsync(CoreHost host, string code, UpdateOrganization profile, Viewer viewer)
    {
        await using var ctx = host.NewContext();
        await new UpdateOrganizationHandler(ctx, new AuditTrail(Clock), Clock).HandleAsync(code, profile, viewer);
    }

    private static async Task<Organization> LoadAsync(CoreHost host)
    {
        await using var ctx = host.NewContext();
        return await ctx.Organizations.AsNoTracking().Include(o => o.Sectors).Include(o => o.Ceptoars).SingleAsync(o => o.Code == Code);
    }

    private static async Task<int> AuditCountAsync(CoreHost host)
    {
        await using var ctx = host.NewContext();
        return await ctx.AuditEntries.CountAsync();
    }

    /// <summary>The organisation's current profile as an update that changes nothing (tier, sectors and CEPTOARs left out).</summary>
    private static UpdateOrganization ProfileOf(Organization o) => new(o.NameJa, o.NameEn, o.RegionCode, o.SizeClass, o.Domains.ToList(), o.IpRanges.ToList(),
        o.Contacts.Select(c => new Contact { Name = c.Name, Role = c.Role, Email = c.Email, Phone = c.Phone }).ToList());

    private static Viewer OrgAdminOf(Organization o) => new(Guid.NewGuid(), "org-admin@test.example", o.Id, o.Code, o.Kind,
        o.Sectors.Select(s => s.Code).ToList(), o.TrustTier, [OrgRoles.OrgAdmin], IsPlatformAdmin: false);
}
