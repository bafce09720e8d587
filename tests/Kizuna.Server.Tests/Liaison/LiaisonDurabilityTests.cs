using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using static Kizuna.Server.Tests.Liaison.LiaisonApi;

namespace Kizuna.Server.Tests.Liaison;

/// <summary>
/// A liaison submission acknowledged to the reporter (201 for the 第1報, 200 for a 続報) survives
/// the real server process being killed outright immediately after, as DurabilityTests does for
/// organisations: the report, both snapshots and the sealed identity are there after a restart.
/// </summary>
public sealed class LiaisonDurabilityTests
{

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Submit_ProcessKilledRightAfterAcknowledgement_SurvivesRestart(DatabaseKind kind)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(kind);
        var port = KizunaProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        string[] serve = ["serve", .. database.ServerArgs, "--urls", baseAddress.ToString().TrimEnd('/'), "--demo", "--Server:PasswordHashIterations=1000"];

        Guid id;
        var (first, _) = await KizunaProcess.StartAsync(serve, baseAddress);
        try
        {
            var token = await KizunaProcess.RunToCompletionAsync(["tokens", "create", "--email", Reporter, "--name", "durability", .. database.ServerArgs]);
            using var api = new HttpClient { BaseAddress = baseAddress };
            api.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var filed = await api.PostAsJsonAsync("/api/v1/reports?submit=true", Input(Content("Durable 第1報")));
            Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
            id = JsonNode.Parse(await filed.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
            var update = await api.PostAsJsonAsync($"/api/v1/reports/{id}/submit", new { kind = "update", report = Input(Content("Durable 続報")) });
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
        finally
        {
            if (!first.HasExited) first.Kill(entireProcessTree: true);
            first.Dispose();
        }

        var (second, _) = await KizunaProcess.StartAsync(serve, baseAddress);
        try
        {
            var token = await KizunaProcess.RunToCompletionAsync(["tokens", "create", "--email", Reporter, "--name", "after restart", .. database.ServerArgs]);
            using var api = new HttpClient { BaseAddress = baseAddress };
            api.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var report = JsonNode.Parse(await api.GetStringAsync($"/api/v1/reports/{id}"))!;
            Assert.Equal("Durable 続報", report["content"]!["title"]!.GetValue<string>());
            Assert.Equal(["first", "update"], report["submissions"]!.AsArray().Select(s => s!["kind"]!.GetValue<string>()));
            var snapshot = JsonNode.Parse(await api.GetStringAsync($"/api/v1/reports/{id}/submissions/1"))!;
            Assert.Equal("Durable 第1報", snapshot["title"]!.GetValue<string>());
            var identity = JsonNode.Parse(await api.GetStringAsync($"/api/v1/reports/{id}/identity"))!;
            Assert.Equal(Reporter, identity["userEmail"]!.GetValue<string>());
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
            second.Dispose();
        }
    }
}
