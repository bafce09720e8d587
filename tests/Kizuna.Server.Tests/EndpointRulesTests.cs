using System.Net;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Server.Tests;

/// <summary>Every endpoint carries an explicit access rule, and the API refuses anonymous callers.</summary>
public sealed class EndpointRulesTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Endpoints_Every_HaveAnAuthorizationRule()
    {
        var server = await fixture.ServerAsync(DatabaseKind.Sqlite);
        var endpoints = RouteCatalog.All(server.Services);
        Assert.Contains(endpoints, RouteCatalog.IsPage);
        Assert.Contains(endpoints, RouteCatalog.IsApi);

        var unmarked = endpoints
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is null && e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(RouteCatalog.Describe).ToList();
        Assert.True(unmarked.Count == 0, "Endpoints without [Authorize] or [AllowAnonymous] (the fallback policy denies them; give each an explicit rule):\n" + string.Join("\n", unmarked));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ApiGet_Anonymous_Answers401Problem(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        await using var db = server.NewContext();
        var values = await DemoValues.RouteValuesAsync(db, ["NISC", "HIKARI-BANK"], [await db.Notices.Select(n => n.Id).FirstAsync()], allSectors: false);
        using var anonymous = server.CreateClient();
        var paths = RouteCatalog.ApiGets(server.Services).SelectMany(e => RouteCatalog.Expand(e, values)).ToList();
        Assert.Contains("/api/v1/organizations", paths);
        Assert.Contains("/api/v1/notices", paths);

        foreach (var path in paths)
        {
            var response = await anonymous.GetAsync(path);
            var problem = await Problems.AssertAsync(response, HttpStatusCode.Unauthorized);
            Assert.False(string.IsNullOrWhiteSpace(Problems.Explanation(problem)), $"{path}: the 401 does not say what to do.");
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ApiGet_InvalidBearerToken_Answers401Problem(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        using var client = server.CreateClient("kzn_" + new string('x', 43));
        var paths = RouteCatalog.ApiGets(server.Services).Where(e => e.RoutePattern.Parameters.Count == 0)
            .Select(e => e.RoutePattern.RawText!).ToList();
        Assert.NotEmpty(paths);
        foreach (var path in paths)
            await Problems.AssertAsync(await client.GetAsync(path), HttpStatusCode.Unauthorized, "unknown, expired or revoked");
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task PageGet_AnonymousOnProtectedPage_RedirectsToSignIn(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        await using var db = server.NewContext();
        var values = await DemoValues.RouteValuesAsync(db, ["NISC"], [Guid.CreateVersion7()], allSectors: false);
        using var anonymous = server.CreateClient();
        var pages = RouteCatalog.All(server.Services)
            .Where(e => RouteCatalog.IsPage(e) && e.Metadata.GetMetadata<IAllowAnonymous>() is null).ToList();
        Assert.NotEmpty(pages);
        foreach (var path in pages.SelectMany(e => RouteCatalog.Expand(e, values)))
        {
            var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{path}: expected a redirect to sign in, got {(int)response.StatusCode}");
            Assert.StartsWith("/account/login", response.Headers.Location?.IsAbsoluteUri == true ? response.Headers.Location.PathAndQuery : response.Headers.Location?.OriginalString);
        }
    }
}
