using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
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
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Submit_ProcessKilledRightAfterAcknowledgement_SurvivesRestart(DatabaseKind kind)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(kind);
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        string[] serve = ["serve", .. database.ServerArgs, "--urls", baseAddress.ToString().TrimEnd('/'), "--demo", "--Server:PasswordHashIterations=1000"];

        Guid id;
        var first = await StartAsync(serve, baseAddress);
        try
        {
            var token = await RunToCompletionAsync(["tokens", "create", "--email", Reporter, "--name", "durability", .. database.ServerArgs]);
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

        var second = await StartAsync(serve, baseAddress);
        try
        {
            var token = await RunToCompletionAsync(["tokens", "create", "--email", Reporter, "--name", "after restart", .. database.ServerArgs]);
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

    private static async Task<Process> StartAsync(string[] args, Uri baseAddress)
    {
        var log = new StringBuilder();
        var process = Launch(args, log);
        var clock = Stopwatch.StartNew();
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited) Assert.Fail($"kizuna exited with {process.ExitCode} before it was ready:\n{log}");
            try
            {
                if ((await probe.GetAsync("/ready")).StatusCode == HttpStatusCode.OK) return process;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(25);
        }
        process.Kill(entireProcessTree: true);
        Assert.Fail($"kizuna was not ready within {StartTimeout.TotalSeconds} s:\n{log}");
        throw new UnreachableException();
    }

    private static async Task<string> RunToCompletionAsync(string[] args)
    {
        var log = new StringBuilder();
        using var process = Launch(args, log, captureStdout: false);
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"kizuna {string.Join(' ', args.Take(2))} exited with {process.ExitCode}:\n{log}");
        return stdout.Trim();
    }

    private static Process Launch(string[] args, StringBuilder log, bool captureStdout = true)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(KizunaDll());
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_NOLOGO"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        if (captureStdout)
        {
            process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
            process.BeginOutputReadLine();
        }
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        return process;
    }

    private static string KizunaDll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "kizuna.dll");
        if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "kizuna.runtimeconfig.json"))) return beside;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var built = Path.Combine(dir.FullName, "src", "Kizuna.Server", "bin", "Debug", "net10.0", "kizuna.dll");
            if (File.Exists(built)) return built;
        }
        throw new FileNotFoundException("kizuna.dll not found next to the tests or under src/Kizuna.Server/bin/Debug/net10.0.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
