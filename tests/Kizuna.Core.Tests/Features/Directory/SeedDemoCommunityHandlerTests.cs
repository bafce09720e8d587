using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Identity;
using Kizuna.TestKit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kizuna.Core.Tests.Features.Directory;

public sealed class SeedDemoCommunityHandlerTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Seed_Demo_OperatorsCoverEverySectorAndManyPrefectures(DatabaseKind kind)
    {
        await using var host = await CoreHost.CreateAsync(kind, demo: true);
        await using (var scope = host.CreateScope())
            Assert.Equal(kind == DatabaseKind.Sqlite, scope.ServiceProvider.GetRequiredService<Kizuna.Core.Data.KizunaDb>().IsSqlite);
        await using var ctx = host.NewContext();

        var operators = await ctx.Organizations.AsNoTracking().Include(o => o.Sectors)
            .Where(o => o.IsDemo && o.Kind == OrganizationKinds.Operator).ToListAsync();
        Assert.True(operators.Count >= 60, $"only {operators.Count} demo operators");
        var allSectors = await ctx.Sectors.Select(s => s.Code).ToListAsync();
        Assert.Equal(15, allSectors.Count);
        Assert.Equal(allSectors.Order(), operators.SelectMany(o => o.Sectors).Select(s => s.Code).Distinct().Order());
        var prefectures = operators.Where(o => o.RegionCode is not null).Select(o => o.RegionCode).Distinct().Count();
        Assert.True(prefectures >= 20, $"demo operators sit in only {prefectures} prefectures");

        // Every CEPTOAR has a demo secretariat organisation of the CEPTOAR kind.
        var secretariats = await ctx.Ceptoars.Select(c => c.SecretariatOrganizationId).ToListAsync();
        Assert.All(secretariats, s => Assert.NotNull(s));
        var secretariatKinds = await ctx.Organizations.Where(o => secretariats.Contains(o.Id)).Select(o => o.Kind).Distinct().ToListAsync();
        Assert.Equal([OrganizationKinds.Ceptoar], secretariatKinds);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Seed_Demo_DemoUsersExistAndSignInWithTheDemoPassword(DatabaseKind kind)
    {
        await using var host = await CoreHost.CreateAsync(kind, demo: true);
        await using var scope = host.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<KizunaUser>>();
        var db = scope.ServiceProvider.GetRequiredService<Kizuna.Core.Data.KizunaDb>();

        Assert.NotEmpty(DemoUsers.All);
        foreach (var expected in DemoUsers.All)
        {
            var user = await users.FindByEmailAsync(expected.Email);
            Assert.NotNull(user);
            var org = await db.Organizations.SingleAsync(o => o.Id == user.OrganizationId);
            Assert.Equal(expected.Org, org.Code);
            Assert.Equal(expected.Roles.Order(), user.Roles.Order());
            Assert.Equal(expected.PlatformAdmin, user.IsPlatformAdmin);
            Assert.True(await users.CheckPasswordAsync(user, DemoUsers.Password), $"{expected.Email} does not take the demo password");
        }
        Assert.Equal(DemoUsers.All.Count, await db.Users.CountAsync());
        Assert.Single(await db.Users.Where(u => u.IsPlatformAdmin).ToListAsync());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Seed_SecondRun_AddsNothing(DatabaseKind kind)
    {
        await using var host = await CoreHost.CreateAsync(kind, demo: true);
        int orgs, users, notices;
        await using (var ctx = host.NewContext())
            (orgs, users, notices) = (await ctx.Organizations.CountAsync(), await ctx.Users.CountAsync(), await ctx.Notices.CountAsync());

        await using (var scope = host.CreateScope())
            Assert.False(await scope.ServiceProvider.GetRequiredService<SeedDemoCommunityHandler>().HandleAsync());

        await using var after = host.NewContext();
        Assert.Equal(orgs, await after.Organizations.CountAsync());
        Assert.Equal(users, await after.Users.CountAsync());
        Assert.Equal(notices, await after.Notices.CountAsync());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Prepare_WithoutDemo_NothingFictitious(DatabaseKind kind)
    {
        await using var host = await CoreHost.CreateAsync(kind, demo: false);
        await using var ctx = host.NewContext();
        Assert.True(await ctx.Organizations.AnyAsync());
        Assert.False(await ctx.Organizations.AnyAsync(o => o.IsDemo));
        Assert.False(await ctx.Users.AnyAsync());
        Assert.False(await ctx.Notices.AnyAsync());
        Assert.False(await ctx.Organizations.AnyAsync(o => o.Kind == OrganizationKinds.Operator));
    }
}
