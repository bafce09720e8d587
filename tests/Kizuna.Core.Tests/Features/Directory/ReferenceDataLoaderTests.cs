using Kizuna.Core.Features.Directory;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Kizuna.Core.Tests.Features.Directory;

public sealed class ReferenceDataLoaderTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Load_Sectors_CountedPerPlanVersion(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var ctx = db.NewContext();

        Assert.Equal(["2022", "3rd", "4th"], (await ctx.PlanVersions.Select(p => p.Code).ToListAsync()).Order());
        var sectors = await ctx.Sectors.AsNoTracking().ToListAsync();
        Assert.Equal(15, sectors.Count(s => s.Plans.Contains("2022")));
        Assert.Equal(13, sectors.Count(s => s.Plans.Contains("3rd")));
        Assert.Equal(14, sectors.Count(s => s.Plans.Contains("4th")));
        // 空港 came with the 4th plan, 港湾 with the current one.
        Assert.Equal(["2022", "4th"], sectors.Single(s => s.NameJa == "空港").Plans.Order());
        Assert.Equal(["2022"], sectors.Single(s => s.NameJa == "港湾").Plans);
        // The same filter, run by the database.
        Assert.Equal(15, await ctx.Sectors.CountAsync(s => s.Plans.Contains("2022")));
        Assert.Equal(13, await ctx.Sectors.CountAsync(s => s.Plans.Contains("3rd")));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Load_Ceptoars_SeveralPerSectorAndEachWithASector(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var ctx = db.NewContext();

        var ceptoars = await ctx.Ceptoars.AsNoTracking().Include(c => c.Sector).ToListAsync();
        Assert.True(ceptoars.Count >= 18, $"only {ceptoars.Count} CEPTOARs");
        Assert.All(ceptoars, c => Assert.NotNull(c.Sector));
        var perSector = ceptoars.GroupBy(c => c.Sector!.Code).ToDictionary(g => g.Key, g => g.Count());
        Assert.Contains(perSector, kv => kv.Value >= 3);
        Assert.True(perSector["finance"] >= 4, "金融 has 銀行等, 証券, 生命保険 and 損害保険");
        Assert.True(perSector["telecom"] >= 3, "情報通信 has T-CEPTOAR, 放送 and ケーブルテレビ");
        Assert.Equal(15, perSector.Count);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Load_WaterSector_MovesFromMhlwToMlitOnFirstApril2024(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var ctx = db.NewContext();

        var links = await ctx.SectorMinistryLinks.AsNoTracking().Include(l => l.Ministry).Include(l => l.Sector)
            .Where(l => l.Sector!.NameJa == "水道").ToListAsync();
        Assert.Equal(2, links.Count);
        var mhlw = links.Single(l => l.Ministry!.Code == "MHLW");
        var mlit = links.Single(l => l.Ministry!.Code == "MLIT");
        Assert.Null(mhlw.ValidFrom);
        Assert.Equal(new DateOnly(2024, 3, 31), mhlw.ValidTo);
        Assert.Equal(new DateOnly(2024, 4, 1), mlit.ValidFrom);
        Assert.Null(mlit.ValidTo);

        string On(DateOnly day) => links.Single(l => l.IsValidOn(day)).Ministry!.Code;
        Assert.Equal("MHLW", On(new DateOnly(2024, 3, 31)));
        Assert.Equal("MLIT", On(new DateOnly(2024, 4, 1)));

        // Every sector has exactly one responsible ministry on any day.
        var all = await ctx.SectorMinistryLinks.AsNoTracking().ToListAsync();
        foreach (var day in new[] { new DateOnly(2015, 1, 1), new DateOnly(2024, 3, 31), new DateOnly(2024, 4, 1), new DateOnly(2030, 1, 1) })
            Assert.All(await ctx.Sectors.Select(s => s.Id).ToListAsync(), id => Assert.Single(all, l => l.SectorId == id && l.IsValidOn(day)));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Load_Taxonomy_EventCauseAndSeverityTerms(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var ctx = db.NewContext();
        var terms = await ctx.TaxonomyTerms.AsNoTracking().ToListAsync();

        var events = terms.Where(t => t.Scheme == TaxonomyTerm.EventType).ToList();
        var nearMiss = events.Single(t => t.NameJa == "予兆・ヒヤリハット");
        Assert.False(nearMiss.IsCategory);
        Assert.Equal("precursor", nearMiss.ParentCode);
        Assert.True(events.Single(t => t.Code == "precursor").IsCategory);
        Assert.All(events.Where(t => !t.IsCategory), t => Assert.Contains(events, c => c.IsCategory && c.Code == t.ParentCode));

        var causes = terms.Where(t => t.Scheme == TaxonomyTerm.CauseType).ToList();
        Assert.Equal(["意図的な原因", "偶発的な原因", "環境的な原因", "その他"],
            causes.Where(t => t.IsCategory).OrderBy(t => t.SortOrder).Select(t => t.NameJa));
        Assert.All(causes.Where(t => !t.IsCategory), t => Assert.Contains(causes, c => c.IsCategory && c.Code == t.ParentCode));
        Assert.Contains(causes, t => t.NameJa == "DDoS攻撃等の大量アクセス" && t.ParentCode == "intentional");
        Assert.Contains(causes, t => t.NameJa == "不明" && t.ParentCode == "other");

        var severity = terms.Where(t => t.Scheme == TaxonomyTerm.Severity).OrderBy(t => t.Code).ToList();
        Assert.Equal(["0", "1", "2", "3", "4"], severity.Select(t => t.Code));
        Assert.Equal("影響なし", severity[0].NameJa);
        Assert.Equal("著しく深刻な影響", severity[4].NameJa);
        Assert.Equal(["duration", "safety"], terms.Where(t => t.Scheme == TaxonomyTerm.SeverityAxis).Select(t => t.Code).Order());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Load_Prefectures_AllFortySevenWithAreas(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var ctx = db.NewContext();
        var prefectures = await ctx.Prefectures.AsNoTracking().ToListAsync();
        Assert.Equal(47, prefectures.Count);
        Assert.Equal(Enumerable.Range(1, 47).Select(i => $"JP-{i:D2}"), prefectures.Select(p => p.Code).Order());
        Assert.Equal("kanto", prefectures.Single(p => p.Code == "JP-13").AreaCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Load_SecondTime_DoesNothing(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind); // loads once
        int sectors, orgs, links, terms, ceptoars;
        await using (var ctx = db.NewContext())
        {
            sectors = await ctx.Sectors.CountAsync();
            orgs = await ctx.Organizations.CountAsync();
            links = await ctx.SectorMinistryLinks.CountAsync();
            terms = await ctx.TaxonomyTerms.CountAsync();
            ceptoars = await ctx.Ceptoars.CountAsync();
        }
        await using (var ctx = db.NewContext())
            Assert.False(await new ReferenceDataLoader(ctx, new FakeTimeProvider()).LoadIfEmptyAsync());

        await using var after = db.NewContext();
        Assert.Equal(sectors, await after.Sectors.CountAsync());
        Assert.Equal(orgs, await after.Organizations.CountAsync());
        Assert.Equal(links, await after.SectorMinistryLinks.CountAsync());
        Assert.Equal(terms, await after.TaxonomyTerms.CountAsync());
        Assert.Equal(ceptoars, await after.Ceptoars.CountAsync());
        Assert.False(await after.Organizations.AnyAsync(o => o.IsDemo));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Load_EmptyDatabase_ReturnsTrue(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateEmptyAsync(kind);
        await using (var ctx = db.NewContext())
        {
            await Kizuna.Core.Data.KizunaDbSetup.MigrateAsync(ctx);
            Assert.True(await new ReferenceDataLoader(ctx, new FakeTimeProvider()).LoadIfEmptyAsync());
        }
        await using var check = db.NewContext();
        Assert.Equal(15, await check.Sectors.CountAsync());
        Assert.True(await check.Organizations.AnyAsync(o => o.Code == "NISC" && o.Kind == OrganizationKinds.Coordinator));
    }
}
