using System.Net;
using System.Text.Json.Nodes;
using Kizuna.Server.Cli;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Server.Tests;

/// <summary>The scripting verbs of the one binary, against the database of a running server.</summary>
public sealed class CliTests(Support.ServerFixture fixture) : IClassFixture<Support.ServerFixture>
{
    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(KizunaTestServer server, string stdin, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await KizunaCli.RunAsync([.. args, .. server.Database.ServerArgs, "--Server:PasswordHashIterations=1000"], new StringReader(stdin), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task UsersAdd_PasswordOnStdin_CreatesUserWhoCanSignIn(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var email = $"cli-{Guid.NewGuid():N}@hikari-bank.example";
        const string password = "correct horse battery staple";

        var (code, stdout, stderr) = await RunAsync(server, password + "\n", "users", "add", "--email", email, "--org", "HIKARI-BANK", "--role", "reporter", "--password-stdin");

        Assert.True(code == 0, $"exit {code}: {stderr}");
        Assert.True(Guid.TryParse(stdout.Trim(), out var id), $"stdout is not the new user's id: '{stdout}'");
        await using (var db = server.NewContext())
        {
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
            Assert.Equal(id, user.Id);
            Assert.Equal(["reporter"], user.Roles);
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "user.added" && e.TargetId == id.ToString("D") && e.ActorEmail == "cli"));
        }
        using var session = await server.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/")).StatusCode);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task TokensCreate_ForUser_PrintsOnlyAWorkingToken(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var email = DemoUsers.Of("AKEBONO-POWER");

        var (code, stdout, stderr) = await RunAsync(server, "", "tokens", "create", "--email", email, "--name", "ci pipeline");

        Assert.True(code == 0, $"exit {code}: {stderr}");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var token = Assert.Single(lines);
        Assert.StartsWith("kzn_", token);
        Assert.DoesNotContain(' ', token);
        using var client = server.CreateClient(token);
        var me = JsonNode.Parse(await client.GetStringAsync("/api/v1/me"))!;
        Assert.Equal(email, me["email"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task UsersAdd_UnknownOrg_Exits2AndCreatesNothing(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var email = $"cli-{Guid.NewGuid():N}@example.org";
        var (code, stdout, stderr) = await RunAsync(server, "correct horse battery staple\n", "users", "add", "--email", email, "--org", "NO-SUCH-ORG", "--role", "reporter", "--password-stdin");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("NO-SUCH-ORG", stderr);
        await using var db = server.NewContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task UsersAdd_UnknownRole_Exits2AndCreatesNothing(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var email = $"cli-{Guid.NewGuid():N}@example.org";
        var (code, stdout, stderr) = await RunAsync(server, "correct horse battery staple\n", "users", "add", "--email", email, "--org", "HIKARI-BANK", "--role", "overlord", "--password-stdin");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("overlord", stderr);
        Assert.Contains("viewer, reporter, analyst", stderr);
        await using var db = server.NewContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task UsersAdd_PasswordOnCommandLine_IsRefused(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var email = $"cli-{Guid.NewGuid():N}@example.org";
        var (code, _, stderr) = await RunAsync(server, "", "users", "add", "--email", email, "--org", "HIKARI-BANK", "--role", "reporter", "--password", "correct horse battery staple");
        Assert.Equal(2, code);
        Assert.Contains("--password-stdin", stderr);
        await using var db = server.NewContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task TokensCreate_UnknownUser_Exits2(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var (code, stdout, stderr) = await RunAsync(server, "", "tokens", "create", "--email", "ghost@example.org", "--name", "n");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("ghost@example.org", stderr);
    }
}
