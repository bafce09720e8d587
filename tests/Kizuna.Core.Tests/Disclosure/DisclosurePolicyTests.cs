using CsCheck;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Notices;
using Kizuna.Stix;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Tests.Disclosure;

public sealed class DisclosurePolicyTests
{
    // A small world, so that generated audiences and viewers often meet.
    private static readonly Guid[] Orgs = Enumerable.Range(1, 5).Select(i => new Guid($"0190f000-0000-7000-8000-{i:D12}")).ToArray();
    private static readonly string[] SectorCodes = ["finance", "telecom", "water"];
    private static readonly string[] Kinds = [OrganizationKinds.Operator, OrganizationKinds.Ministry, OrganizationKinds.Ceptoar, OrganizationKinds.Coordinator];
    private static readonly string[] Tiers = [.. OrganizationKinds.TrustTiers];
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>An audience entry as data: its kind and an index into the pool of that kind.</summary>
    public sealed record EntrySpec(string Kind, int Index)
    {
        public AudienceEntry Build() => Kind switch
        {
            AudienceKind.Community => AudienceEntry.Community(),
            AudienceKind.Organization => AudienceEntry.Organization(Orgs[Index]),
            AudienceKind.Sector => AudienceEntry.Sector(SectorCodes[Index]),
            AudienceKind.OrganizationKind => AudienceEntry.OfKind(Kinds[Index]),
            _ => AudienceEntry.Tier(Tiers[Index]),
        };

        public override string ToString() => $"{Kind}:{Index}";
    }

    public sealed record NoticeSpec(Tlp Tlp, int Owner, EntrySpec[] Audience)
    {
        public Notice Build(int n) => new($"notice {n}", "body", new Distribution(Tlp, Orgs[Owner], Audience.Select(a => a.Build())), Guid.NewGuid(), Now.AddMinutes(n));
        public override string ToString() => $"{Tlp} owner {Owner} [{string.Join(", ", Audience.Select(a => a.ToString()))}]";
    }

    /// <summary>A viewer as data; <see cref="Tier"/> -1 means no trust tier, <see cref="Org"/> may be outside the pool.</summary>
    public sealed record ViewerSpec(int Org, int[] Sectors, int Kind, int Tier, bool PlatformAdmin)
    {
        public Viewer Build() => new(Guid.NewGuid(), "viewer@test.example", Org < Orgs.Length ? Orgs[Org] : new Guid("0190f000-0000-7000-8000-999999999999"),
            $"ORG{Org}", Kinds[Kind], Sectors.Distinct().Select(s => SectorCodes[s]).ToList(), Tier < 0 ? null : Tiers[Tier],
            [OrgRoles.Viewer], PlatformAdmin);

        public override string ToString() => $"org {Org} sectors [{string.Join(",", Sectors)}] kind {Kind} tier {Tier}{(PlatformAdmin ? " admin" : "")}";
    }

    private static readonly Gen<EntrySpec> OrganizationEntry = Gen.Int[0, Orgs.Length - 1].Select(i => new EntrySpec(AudienceKind.Organization, i));

    private static readonly Gen<EntrySpec> AnyEntry = Gen.OneOf(
        Gen.Const(new EntrySpec(AudienceKind.Community, 0)),
        OrganizationEntry,
        Gen.Int[0, SectorCodes.Length - 1].Select(i => new EntrySpec(AudienceKind.Sector, i)),
        Gen.Int[0, Kinds.Length - 1].Select(i => new EntrySpec(AudienceKind.OrganizationKind, i)),
        Gen.Int[0, Tiers.Length - 1].Select(i => new EntrySpec(AudienceKind.TrustTier, i)));

    private static readonly Gen<NoticeSpec> NoticeGen =
        from tlp in Gen.Enum<Tlp>()
        from owner in Gen.Int[0, Orgs.Length - 1]
        from audience in tlp == Tlp.Red ? OrganizationEntry.Array[1, 3]
            : tlp == Tlp.Clear ? AnyEntry.Array[0, 3]
            : AnyEntry.Array[1, 4]
        select new NoticeSpec(tlp, owner, audience);

    private static readonly Gen<ViewerSpec> ViewerGen =
        from org in Gen.Int[0, Orgs.Length] // Orgs.Length: an organisation nobody ever names or owns
        from sectors in Gen.Int[0, SectorCodes.Length - 1].Array[0, 2]
        from kind in Gen.Int[0, Kinds.Length - 1]
        from tier in Gen.Int[-1, Tiers.Length - 1]
        from admin in Gen.Bool
        select new ViewerSpec(org, sectors, kind, tier, admin);

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Visible_RandomNoticesAndViewers_MatchesCanSee(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var gen = Gen.Select(NoticeGen.Array[0, 10], ViewerGen.Array[1, 4]);
        await gen.SampleAsync(async (notices, viewers) =>
        {
            var stored = notices.Select((n, i) => n.Build(i)).ToList();
            await using (var write = db.NewContext())
            {
                write.Notices.AddRange(stored);
                await write.SaveChangesAsync();
            }
            var ids = stored.Select(n => n.Id).ToList();
            await using var read = db.NewContext();
            var loaded = await read.Notices.AsNoTracking().Where(n => ids.Contains(n.Id)).ToListAsync();
            Assert.Equal(stored.Count, loaded.Count);
            foreach (var spec in viewers)
            {
                var viewer = spec.Build();
                var expected = loaded.Where(n => DisclosurePolicy.CanSee(viewer, n)).Select(n => n.Id).Order().ToList();
                var actual = await DisclosurePolicy.Visible(read.Notices.AsNoTracking(), viewer).Where(n => ids.Contains(n.Id)).Select(n => n.Id).ToListAsync();
                Assert.Equal(expected, actual.Order().ToList());
                // The in-memory rule holds for the objects before and after the round trip alike.
                Assert.Equal(expected, stored.Where(n => DisclosurePolicy.CanSee(viewer, n)).Select(n => n.Id).Order().ToList());
            }
        }, iter: 60, threads: 1, print: t => $"notices: {string.Join(" | ", t.Item1.Select(n => n.ToString()))}; viewers: {string.Join(" | ", t.Item2.Select(v => v.ToString()))}");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Visible_TlpRedToOneOrganisation_HiddenFromEveryoneElse(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var owner = Guid.NewGuid();
        var named = Guid.NewGuid();
        var red = new Notice("red", "secret", new Distribution(Tlp.Red, owner, [AudienceEntry.Organization(named)]), Guid.NewGuid(), Now);
        await using (var write = db.NewContext())
        {
            write.Notices.Add(red);
            await write.SaveChangesAsync();
        }

        // Same sector, kind and tier as anyone could be; a platform admin of the coordinator; none is named.
        Viewer[] outsiders =
        [
            Viewer(Guid.NewGuid(), ["finance", "telecom", "water"], OrganizationKinds.Operator, "tier1"),
            Viewer(Guid.NewGuid(), ["finance"], OrganizationKinds.Coordinator, "tier1", platformAdmin: true),
            Viewer(Guid.NewGuid(), [], OrganizationKinds.Ministry, null, platformAdmin: true),
        ];
        await using var read = db.NewContext();
        foreach (var outsider in outsiders)
        {
            Assert.False(DisclosurePolicy.CanSee(outsider, red));
            Assert.Empty(await DisclosurePolicy.Visible(read.Notices, outsider).ToListAsync());
        }
        var recipient = Viewer(named, [], OrganizationKinds.Operator, null);
        Assert.True(DisclosurePolicy.CanSee(recipient, red));
        Assert.Equal([red.Id], await DisclosurePolicy.Visible(read.Notices, recipient).Select(n => n.Id).ToListAsync());
        var author = Viewer(owner, [], OrganizationKinds.Operator, null);
        Assert.Equal([red.Id], await DisclosurePolicy.Visible(read.Notices, author).Select(n => n.Id).ToListAsync());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Visible_ViewerWithoutTrustTier_SeesTierlessMatchesButNoTierAudience(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var owner = Guid.NewGuid();
        var byTier = new Notice("tier", "body", new Distribution(Tlp.Amber, owner, [AudienceEntry.Tier("general")]), Guid.NewGuid(), Now);
        var bySector = new Notice("sector", "body", new Distribution(Tlp.Green, owner, [AudienceEntry.Sector("water")]), Guid.NewGuid(), Now);
        await using (var write = db.NewContext())
        {
            write.Notices.AddRange(byTier, bySector);
            await write.SaveChangesAsync();
        }
        // Regression: the query once used a NUL-containing stand-in tier, which PostgreSQL refuses.
        var tierless = Viewer(Guid.NewGuid(), ["water"], OrganizationKinds.Ministry, null);
        await using var read = db.NewContext();
        Assert.Equal([bySector.Id], await DisclosurePolicy.Visible(read.Notices, tierless).Select(n => n.Id).ToListAsync());
    }

    [Fact]
    public void CanSee_TlpRedNamingAnotherOrganisation_PlatformAdminCannotSee()
    {
        var red = Item(Tlp.Red, Guid.NewGuid(), AudienceEntry.Organization(Guid.NewGuid()));
        var admin = Viewer(Guid.NewGuid(), ["finance"], OrganizationKinds.Coordinator, "tier1", platformAdmin: true);
        Assert.False(DisclosurePolicy.CanSee(admin, red));
    }

    [Theory]
    [InlineData(Tlp.Clear)]
    [InlineData(Tlp.Green)]
    [InlineData(Tlp.Amber)]
    [InlineData(Tlp.AmberStrict)]
    [InlineData(Tlp.Red)]
    public void CanSee_Owner_AlwaysSeesOwnItem(Tlp tlp)
    {
        var owner = Guid.NewGuid();
        var item = Item(tlp, owner, AudienceEntry.Organization(Guid.NewGuid()));
        Assert.True(DisclosurePolicy.CanSee(Viewer(owner, [], OrganizationKinds.Operator, null), item));
    }

    [Fact]
    public void CanSee_TlpClearWithoutAudience_VisibleToEveryMember()
    {
        var clear = Item(Tlp.Clear, Guid.NewGuid());
        Assert.True(DisclosurePolicy.CanSee(Viewer(Guid.NewGuid(), [], OrganizationKinds.OverseasPartner, null), clear));
        Assert.True(DisclosurePolicy.CanSee(Viewer(Guid.NewGuid(), ["water"], OrganizationKinds.Peripheral, "general"), clear));
    }

    [Theory]
    [InlineData(Tlp.Clear)]
    [InlineData(Tlp.Green)]
    [InlineData(Tlp.AmberStrict)]
    [InlineData(Tlp.Red)]
    public void CanSee_SystemViewer_SeesEverything(Tlp tlp)
        => Assert.True(DisclosurePolicy.CanSee(Core.Disclosure.Viewer.System, Item(tlp, Guid.NewGuid(), AudienceEntry.Organization(Guid.NewGuid()))));

    [Theory]
    [InlineData(Tlp.Green)]
    [InlineData(Tlp.Amber)]
    [InlineData(Tlp.AmberStrict)]
    public void CanSee_NonRedAudienceBySectorKindOrTier_MatchesOnlyThatAttribute(Tlp tlp)
    {
        var owner = Guid.NewGuid();
        var finance = Viewer(Guid.NewGuid(), ["finance"], OrganizationKinds.Operator, "general");
        var telecom = Viewer(Guid.NewGuid(), ["telecom"], OrganizationKinds.Operator, "general");
        var ministry = Viewer(Guid.NewGuid(), [], OrganizationKinds.Ministry, null);
        var tier1 = Viewer(Guid.NewGuid(), [], OrganizationKinds.Peripheral, "tier1");

        var bySector = Item(tlp, owner, AudienceEntry.Sector("finance"));
        Assert.True(DisclosurePolicy.CanSee(finance, bySector));
        Assert.False(DisclosurePolicy.CanSee(telecom, bySector));

        var byKind = Item(tlp, owner, AudienceEntry.OfKind(OrganizationKinds.Ministry));
        Assert.True(DisclosurePolicy.CanSee(ministry, byKind));
        Assert.False(DisclosurePolicy.CanSee(finance, byKind));

        var byTier = Item(tlp, owner, AudienceEntry.Tier("tier1"));
        Assert.True(DisclosurePolicy.CanSee(tier1, byTier));
        Assert.False(DisclosurePolicy.CanSee(ministry, byTier));
        Assert.False(DisclosurePolicy.CanSee(finance, byTier));

        var community = Item(tlp, owner, AudienceEntry.Community());
        Assert.True(DisclosurePolicy.CanSee(ministry, community));
    }

    [Theory]
    [InlineData(AudienceKind.Sector, "finance")]
    [InlineData(AudienceKind.OrganizationKind, OrganizationKinds.Operator)]
    [InlineData(AudienceKind.TrustTier, "tier1")]
    [InlineData(AudienceKind.Community, "*")]
    public void Distribution_RedWithNonOrganisationAudience_IsRejected(string audienceKind, string value)
    {
        var error = Assert.Throws<InputException>(() =>
            new Distribution(Tlp.Red, Guid.NewGuid(), [AudienceEntry.Organization(Guid.NewGuid()), new AudienceEntry { Kind = audienceKind, Value = value }]));
        Assert.True(error.Errors.ContainsKey("audience"));
    }

    [Fact]
    public void Distribution_UnknownAudienceKind_IsRejected()
        => Assert.Throws<InputException>(() => new Distribution(Tlp.Green, Guid.NewGuid(), [new AudienceEntry { Kind = "everyone", Value = "*" }]));

    [Theory]
    [InlineData(Tlp.Green)]
    [InlineData(Tlp.Amber)]
    [InlineData(Tlp.AmberStrict)]
    [InlineData(Tlp.Red)]
    public void Distribution_NonClearWithoutAudience_IsRejected(Tlp tlp)
        => Assert.Throws<InputException>(() => new Distribution(tlp, Guid.NewGuid(), []));

    [Theory]
    [InlineData(Tlp.Clear, false)]
    [InlineData(Tlp.Green, false)]
    [InlineData(Tlp.Amber, false)]
    [InlineData(Tlp.AmberStrict, true)]
    [InlineData(Tlp.Red, true)]
    public void ReadIsAudited_ByTlp_OnlyAmberStrictAndRed(Tlp tlp, bool audited)
        => Assert.Equal(audited, DisclosurePolicy.ReadIsAudited(Item(tlp, Guid.NewGuid(), AudienceEntry.Organization(Guid.NewGuid()))));

    [Fact]
    public void CanSeeContacts_ByRelationship_FollowsEscalationRules()
    {
        var org = new Organization("WATER-OP", "水道事業者", "Water operator", OrganizationKinds.Operator, Now);
        var ministry = Guid.NewGuid();
        var secretariat = Guid.NewGuid();
        IReadOnlyCollection<Guid> ministries = [ministry];
        IReadOnlyCollection<Guid> secretariats = [secretariat];

        bool Sees(Viewer v) => DisclosurePolicy.CanSeeContacts(v, org, ministries, secretariats);

        Assert.True(Sees(Viewer(org.Id, ["water"], OrganizationKinds.Operator, null)));                // own member
        Assert.True(Sees(Viewer(Guid.NewGuid(), [], OrganizationKinds.Operator, null, platformAdmin: true)));
        Assert.True(Sees(Viewer(Guid.NewGuid(), [], OrganizationKinds.Coordinator, "tier1")));        // NISC
        Assert.True(Sees(Viewer(ministry, [], OrganizationKinds.Ministry, null)));                     // responsible ministry
        Assert.True(Sees(Viewer(secretariat, ["water"], OrganizationKinds.Ceptoar, null)));            // its CEPTOAR
        Assert.True(Sees(Core.Disclosure.Viewer.System));

        Assert.False(Sees(Viewer(Guid.NewGuid(), ["water"], OrganizationKinds.Operator, "tier1")));    // same-sector peer
        Assert.False(Sees(Viewer(Guid.NewGuid(), [], OrganizationKinds.Ministry, "tier1")));           // another ministry
        Assert.False(Sees(Viewer(Guid.NewGuid(), ["water"], OrganizationKinds.Ceptoar, null)));        // another CEPTOAR
        Assert.False(Sees(Viewer(Guid.NewGuid(), [], OrganizationKinds.SecurityBody, "tier1")));
    }

    private static Viewer Viewer(Guid org, IReadOnlyList<string> sectors, string kind, string? tier, bool platformAdmin = false)
        => new(Guid.NewGuid(), "someone@test.example", org, "ORG", kind, sectors, tier, [OrgRoles.Viewer, OrgRoles.Analyst], platformAdmin);

    private static Notice Item(Tlp tlp, Guid owner, params AudienceEntry[] audience)
        => new("item", "body", new Distribution(tlp, owner, audience), Guid.NewGuid(), Now);
}
