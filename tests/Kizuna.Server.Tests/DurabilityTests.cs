using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;

namespace Kizuna.Server.Tests;

/// <summary>
/// The real binary as a child process: it starts on a fresh database (cold start measured), and a
/// change answered 201 survives the process being killed outright.
/// </summary>
public sealed class DurabilityTests(ITestOutputHelper output)
{

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task CreateOrganization_ProcessKilledAfter201_SurvivesRestart(DatabaseKind kind)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(kind);
        var port = KizunaProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        string[] serve = ["serve", .. database.ServerArgs, "--urls", baseAddress.ToString().TrimEnd('/'), "--demo", "--Server:PasswordHashIterations=1000"];

        var (first, coldStart) = await KizunaProcess.StartAsync(serve, baseAddress);
        output.WriteLine($"cold start: {coldStart.TotalMilliseconds:F0} ms ({kind}, first start with --demo: migrations, reference data, demo community)");
        try
        {
            var token = await KizunaProcess.RunToCompletionAsync(["tokens", "create", "--email", DemoUsers.Admin, "--name", "durability", .. database.ServerArgs]);
            Assert.StartsWith("kzn_", token);

            using var api = new HttpClient { BaseAddress = baseAddress };
            api.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var created = await api.PostAsJsonAsync("/api/v1/organizations", new
            {
                code = "DURABLE-OPS",
                kind = "operator",
                profile = new
                {
                    nameJa = "耐久テスト事業者", nameEn = "Durability Test Operator", regionCode = "JP-27", sizeClass = "small",
                    domains = new[] { "durable-ops.example" }, ipRanges = new[] { "198.51.100.0/28" },
                    contacts = new[] { new { name = "耐久 太郎", role = "primary", email = "soc@durable-ops.example", phone = "+81-6-5555-0000" } },
                },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
        finally
        {
            if (!first.HasExited) first.Kill(entireProcessTree: true);
            first.Dispose();
        }

        var (second, warmStart) = await KizunaProcess.StartAsync(serve, baseAddress);
        output.WriteLine($"restart: {warmStart.TotalMilliseconds:F0} ms ({kind}, existing database)");
        try
        {
            var token = await KizunaProcess.RunToCompletionAsync(["tokens", "create", "--email", DemoUsers.Admin, "--name", "after restart", .. database.ServerArgs]);
            using var api = new HttpClient { BaseAddress = baseAddress };
            api.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var org = JsonNode.Parse(await api.GetStringAsync("/api/v1/organizations/DURABLE-OPS"))!;
            Assert.Equal("耐久テスト事業者", org["nameJa"]!.GetValue<string>());
            Assert.Equal("Durability Test Operator", org["nameEn"]!.GetValue<string>());
            Assert.Equal("JP-27", org["regionCode"]!.GetValue<string>());
            Assert.Equal(["durable-ops.example"], org["domains"]!.AsArray().Select(d => d!.GetValue<string>()));
            Assert.Equal("soc@durable-ops.example", org["contacts"]![0]!["email"]!.GetValue<string>());
            var verify = JsonNode.Parse(await api.GetStringAsync("/api/v1/audit/verify"))!;
            Assert.True(verify["intact"]!.GetValue<bool>(), "The audit trail broke across the kill.");
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
            second.Dispose();
        }
    }
}
