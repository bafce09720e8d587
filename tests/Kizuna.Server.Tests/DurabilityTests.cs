using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Kizuna.TestKit;

namespace Kizuna.Server.Tests;

/// <summary>
/// The real binary as a child process: it starts on a fresh database (cold start measured), and a
/// change answered 201 survives the process being killed outright.
/// </summary>
public sealed class DurabilityTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task CreateOrganization_ProcessKilledAfter201_SurvivesRestart(DatabaseKind kind)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(kind);
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        string[] serve = ["serve", .. database.ServerArgs, "--urls", baseAddress.ToString().TrimEnd('/'), "--demo", "--Server:PasswordHashIterations=1000"];

        var (first, coldStart) = await StartAsync(serve, baseAddress);
        output.WriteLine($"cold start: {coldStart.TotalMilliseconds:F0} ms ({kind}, first start with --demo: migrations, reference data, demo community)");
        try
        {
            var token = await RunToCompletionAsync(["tokens", "create", "--email", DemoUsers.Admin, "--name", "durability", .. database.ServerArgs]);
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

        var (second, warmStart) = await StartAsync(serve, baseAddress);
        output.WriteLine($"restart: {warmStart.TotalMilliseconds:F0} ms ({kind}, existing database)");
        try
        {
            var token = await RunToCompletionAsync(["tokens", "create", "--email", DemoUsers.Admin, "--name", "after restart", .. database.ServerArgs]);
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

    /// <summary>Starts <c>dotnet kizuna.dll …</c> and waits for /ready to answer 200; returns the process and the time it took.</summary>
    private async Task<(Process Process, TimeSpan Elapsed)> StartAsync(string[] args, Uri baseAddress)
    {
        var log = new StringBuilder();
        var process = Launch(args, log);
        var clock = Stopwatch.StartNew();
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited)
                Assert.Fail($"kizuna exited with {process.ExitCode} before it was ready:\n{log}");
            try
            {
                if ((await probe.GetAsync("/ready")).StatusCode == HttpStatusCode.OK) return (process, clock.Elapsed);
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

    /// <summary>kizuna.dll next to the tests (copied with its runtimeconfig), else the server's own build output.</summary>
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
