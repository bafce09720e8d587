using System.Net;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;

namespace Kizuna.Server.Tests;

/// <summary>Sign-in attempts are rate limited per client address.</summary>
public sealed class RateLimitTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task SignInPost_FourthWithinAMinute_Answers429Problem(DatabaseKind kind)
    {
        await using var server = await KizunaTestServer.StartAsync(kind, settings: new Dictionary<string, string> { ["Server:SignInPermitsPerMinute"] = "3" });
        using var client = server.CreateClient();
        var fields = new Dictionary<string, string> { ["Input.Email"] = "nobody@nowhere.example", ["Input.Password"] = "wrong" };
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await KizunaTestServer.PostFormAsync(client, "/account/login", "login", fields)).StatusCode);

        var fourth = await KizunaTestServer.PostFormAsync(client, "/account/login", "login", fields);
        await Problems.AssertAsync(fourth, HttpStatusCode.TooManyRequests, "rate limit");
        Assert.True(fourth.Headers.RetryAfter is not null, "No Retry-After header.");

        // Even the right password waits; showing the form does not count.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
        var right = await KizunaTestServer.PostFormAsync(client, "/account/login", "login",
            new Dictionary<string, string> { ["Input.Email"] = DemoUsers.Admin, ["Input.Password"] = DemoUsers.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
    }
}
