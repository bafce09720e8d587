using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kizuna.Core.Data;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Identity;
using Kizuna.Server.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kizuna.Benchmarks;

/// <summary>
/// Issue 5: live delivery of urgent alerts (ホットライン) to many connections at once. Seeds the demo
/// community plus N operator organisations (one user and one API token each) over a fresh database,
/// starts the real server as a separate process (the <c>kizuna serve</c> beside this binary), opens
/// S Server-Sent-Events streams and then R SignalR connections spread round-robin over the
/// operators (reading the server's VmRSS before and after each), sends A alerts to the whole
/// community a few seconds apart as the coordinator, and records per connection the time from the
/// send call's start (and its return) to receipt. Then every operator acknowledges the first K
/// alerts by the API, C at a time. Fails unless every connection received every alert exactly once.
/// Usage:
///   dotnet run -c Release --project bench/Kizuna.Benchmarks -- hotline-live [--sse 5000] [--signalr 1000] [--orgs 500] [--alerts 20]
///       [--interval-ms 2000] [--ack-alerts 4] [--ack-concurrency 32] [--database "Host=…"]
/// </summary>
public static class HotlineLiveBenchmark
{
    private const string Coordinator = "analyst@nisc.demo.kizuna.example";

    public static async Task RunAsync(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var sseCount = int.Parse(Arg("--sse") ?? "5000");
        var signalrCount = int.Parse(Arg("--signalr") ?? "1000");
        var orgCount = int.Parse(Arg("--orgs") ?? "500");
        var alertCount = int.Parse(Arg("--alerts") ?? "20");
        var interval = TimeSpan.FromMilliseconds(int.Parse(Arg("--interval-ms") ?? "2000"));
        var ackConcurrency = int.Parse(Arg("--ack-concurrency") ?? "32");
        var ackAlerts = int.Parse(Arg("--ack-alerts") ?? "4");
        var database = Arg("--database");
        if (sseCount < 0 || signalrCount < 0 || orgCount < 1 || alertCount < 1 || ackConcurrency < 1 || ackAlerts < 1)
            throw new ArgumentException("--sse and --signalr must not be negative; --orgs, --alerts, --ack-alerts and --ack-concurrency must be at least 1.");

        var dir = Path.Combine(Path.GetTempPath(), "kizuna-live-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        Process? server = null;
        try
        {
            var seed = Stopwatch.StartNew();
            var (orgTokens, coordinatorToken) = await SeedAsync(dir, database, orgCount);
            Console.WriteLine($"database: {(database is null ? "SQLite " + dir : "PostgreSQL")}; seeded the demo community and {orgCount} operators " +
                              $"(a user and a token each) in {seed.Elapsed.TotalSeconds:F1} s");

            var port = FreePort();
            var baseAddress = new Uri($"http://127.0.0.1:{port}");
            server = StartServer(dir, database, baseAddress);
            using var http = new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = int.MaxValue,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                ConnectTimeout = TimeSpan.FromSeconds(30),
            })
            { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
            await WaitReadyAsync(http, server);
            Console.WriteLine($"server: pid {server.Id} at {baseAddress} (Release, server GC); fd limit here {FdLimit()}; load average {LoadAverage()}");
            await Task.Delay(TimeSpan.FromSeconds(2));
            var rss0 = Rss(server);

            // SSE first, then SignalR, reading the server's memory after each.
            var receipts = new ConcurrentQueue<Receipt>();
            using var stop = new CancellationTokenSource();
            var open = Stopwatch.StartNew();
            var sse = await OpenSseAsync(http, orgTokens, sseCount, receipts, stop.Token);
            var sseOpenSeconds = open.Elapsed.TotalSeconds;
            await Task.Delay(TimeSpan.FromSeconds(3));
            var rss1 = Rss(server);
            Console.WriteLine($"opened {sseCount} SSE streams in {sseOpenSeconds:F1} s; server RSS {Mib(rss0)} → {Mib(rss1)} MiB");
            open.Restart();
            var hubs = await OpenSignalRAsync(baseAddress, orgTokens, signalrCount, receipts);
            var hubOpenSeconds = open.Elapsed.TotalSeconds;
            await Task.Delay(TimeSpan.FromSeconds(3));
            var rss2 = Rss(server);
            Console.WriteLine($"opened {signalrCount} SignalR connections (WebSockets) in {hubOpenSeconds:F1} s; server RSS {Mib(rss1)} → {Mib(rss2)} MiB");

            // The alerts, a few seconds apart, to the whole community.
            var sends = new List<Send>();
            var cpu0 = CpuSeconds(server);
            var sending = Stopwatch.StartNew();
            for (var i = 0; i < alertCount; i++)
            {
                if (i > 0) await Task.Delay(interval);
                sends.Add(await SendAsync(http, coordinatorToken, i));
            }
            var expected = (long)alertCount * (sseCount + signalrCount);
            var deadline = Stopwatch.StartNew();
            while (receipts.Count < expected && deadline.Elapsed < TimeSpan.FromSeconds(120)) await Task.Delay(100);
            await Task.Delay(500); // duplicates, if any, would arrive now
            var cpu1 = CpuSeconds(server);
            var rss3 = Rss(server);
            Console.WriteLine($"sent {alertCount} alerts in {sending.Elapsed.TotalSeconds:F1} s (send call p50 {Percentile(sends.Select(s => Ms(s.Started, s.Returned)).ToList(), 50):F0} ms); " +
                              $"{receipts.Count} of {expected} receipts; server CPU {cpu1 - cpu0:F1} s; RSS {Mib(rss3)} MiB");

            var bySequence = sends.ToDictionary(s => s.Sequence);
            var rows = new List<string[]>();
            var complete = true;
            foreach (var (kind, connections) in new[] { ("SSE", sseCount), ("SignalR", signalrCount) })
            {
                if (connections == 0) continue;
                var mine = receipts.Where(r => r.Kind == kind).ToList();
                var unique = mine.Select(r => (r.Connection, r.Sequence)).Distinct().Count();
                var fromStart = mine.Where(r => bySequence.ContainsKey(r.Sequence)).Select(r => Ms(bySequence[r.Sequence].Started, r.At)).ToList();
                var fromReturn = mine.Where(r => bySequence.ContainsKey(r.Sequence)).Select(r => Ms(bySequence[r.Sequence].Returned, r.At)).ToList();
                var want = (long)alertCount * connections;
                complete &= unique == want && mine.Count == want;
                rows.Add([kind, $"{connections:N0}", $"{unique:N0} / {want:N0} ({100.0 * unique / want:F1} %)", $"{mine.Count - unique}",
                    Line(fromStart), Line(fromReturn)]);
            }
            Console.WriteLine();
            Console.WriteLine("| channel | connections | received (unique) | duplicates | from send start p50 / p95 / p99 / max (ms) | from send return p50 / p95 / p99 / max (ms) |");
            Console.WriteLine("|---|---|---|---|---|---|");
            foreach (var r in rows) Console.WriteLine("| " + string.Join(" | ", r) + " |");
            Console.WriteLine();
            Console.WriteLine($"server memory: {Mib(rss0)} MiB idle; +{Kib(rss1 - rss0) / Math.Max(1, sseCount):F1} KiB per SSE stream; " +
                              $"+{Kib(rss2 - rss1) / Math.Max(1, signalrCount):F1} KiB per SignalR connection (VmRSS, server GC)");

            Console.WriteLine($"load average after the alerts: {LoadAverage()} (the machine's other work competes with server and clients)");

            // Acknowledgements: every operator acknowledges the first alerts, C at a time.
            var acked = sends.Take(ackAlerts).ToList();
            var cpu2 = CpuSeconds(server);
            var (ackCount, ackSeconds, ackLatencies, ackFailures) = await AcknowledgeAllAsync(http, orgTokens, acked, ackConcurrency);
            var cpu3 = CpuSeconds(server);
            Console.WriteLine($"acknowledgements: {ackCount} by {orgTokens.Count} operators × {acked.Count} alerts, {ackConcurrency} at a time, in {ackSeconds:F1} s: " +
                              $"{ackCount / ackSeconds:F0} /s; latency p50 {Percentile(ackLatencies, 50):F0} ms, p99 {Percentile(ackLatencies, 99):F0} ms, max {ackLatencies.DefaultIfEmpty().Max():F0} ms; " +
                              $"{ackFailures} failed; server CPU {cpu3 - cpu2:F1} s ({(cpu3 - cpu2) * 1000 / Math.Max(1, ackCount):F1} ms per acknowledgement)");
            var board = await GetJsonAsync(http, coordinatorToken, $"/api/v1/hotline/alerts/{sends[0].Id}");
            var acknowledged = board["acknowledged"]!.GetValue<int>();
            Console.WriteLine($"    first alert as its sender sees it: {acknowledged} of {board["recipients"]!.GetValue<int>()} recipient organisations acknowledged; load average {LoadAverage()}");

            await stop.CancelAsync();
            foreach (var h in hubs) _ = h.DisposeAsync();
            foreach (var s in sse) s.Dispose();
            if (!complete) throw new InvalidOperationException("Not every connection received every alert exactly once.");
            if (ackFailures > 0 || acknowledged < orgTokens.Count) throw new InvalidOperationException("Acknowledgements failed or were lost.");
        }
        finally
        {
            if (server is { HasExited: false })
            {
                server.Kill();
                await server.WaitForExitAsync();
            }
            if (database is null) Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    private sealed record Receipt(string Kind, int Connection, long Sequence, long At);

    private sealed record Send(Guid Id, long Sequence, long Started, long Returned);

    private static string Line(List<double> ms)
        => ms.Count == 0 ? "–" : $"{Percentile(ms, 50):F0} / {Percentile(ms, 95):F0} / **{Percentile(ms, 99):F0}** / {ms.Max():F0}";

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    /// <summary>Opens the streams (64 at a time), each reading on its own: every <c>event: alert</c> is a receipt, stamped when its blank line arrives.</summary>
    private static async Task<List<IDisposable>> OpenSseAsync(HttpClient http, IReadOnlyList<string> tokens, int count, ConcurrentQueue<Receipt> receipts, CancellationToken stop)
    {
        var opened = new IDisposable[count];
        using var gate = new SemaphoreSlim(64);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/hotline/stream");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i % tokens.Count]);
                var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
                if (response.StatusCode != HttpStatusCode.OK)
                    throw new InvalidOperationException($"SSE stream {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(stop)}");
                var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop));
                if (await reader.ReadLineAsync(stop) != "retry: 5000") throw new InvalidOperationException($"SSE stream {i} did not start with its preamble.");
                opened[i] = response;
                _ = ReadSseAsync(i, reader, receipts, stop);
            }
            finally
            {
                gate.Release();
            }
        }));
        return opened.ToList();
    }

    private static async Task ReadSseAsync(int connection, StreamReader reader, ConcurrentQueue<Receipt> receipts, CancellationToken stop)
    {
        try
        {
            long id = -1;
            var isAlert = false;
            while (await reader.ReadLineAsync(stop) is { } line)
            {
                if (line.Length == 0)
                {
                    if (isAlert && id >= 0) receipts.Enqueue(new Receipt("SSE", connection, id, Stopwatch.GetTimestamp()));
                    (id, isAlert) = (-1, false);
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = long.Parse(line.AsSpan(4));
                else if (line == "event: alert") isAlert = true;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or HttpRequestException)
        {
            // Closed at the end of the run.
        }
    }

    private static async Task<List<HubConnection>> OpenSignalRAsync(Uri baseAddress, IReadOnlyList<string> tokens, int count, ConcurrentQueue<Receipt> receipts)
    {
        var hubs = new HubConnection[count];
        using var gate = new SemaphoreSlim(32);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var token = tokens[(i * 7 + 3) % tokens.Count];
                var hub = new HubConnectionBuilder()
                    .WithUrl(new Uri(baseAddress, "/hubs/hotline"), o =>
                    {
                        o.Transports = HttpTransportType.WebSockets;
                        o.SkipNegotiation = true;
                        o.Headers["Authorization"] = $"Bearer {token}";
                    })
                    .Build();
                hub.On<JsonElement>("alert", data =>
                    receipts.Enqueue(new Receipt("SignalR", i, data.GetProperty("sequence").GetInt64(), Stopwatch.GetTimestamp())));
                await hub.StartAsync();
                hubs[i] = hub;
            }
            finally
            {
                gate.Release();
            }
        }));
        return hubs.ToList();
    }

    private static async Task<Send> SendAsync(HttpClient http, string token, int i)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/hotline/alerts")
        {
            Content = JsonContent.Create(new
            {
                @class = "cyber",
                severity = 4,
                title = $"ベンチマーク警報 {i + 1} / Benchmark alert {i + 1}",
                message = "不審な通信を確認した場合は該当システムを隔離してください。 Isolate affected systems if you see the indicated traffic.",
                tlp = "GREEN",
                audience = new[] { new { kind = "community", value = (string?)null } },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        var returned = Stopwatch.GetTimestamp();
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"Sending alert {i + 1}: {(int)response.StatusCode} {body}");
        var alert = JsonNode.Parse(body)!["alert"]!;
        return new Send(alert["id"]!.GetValue<Guid>(), alert["sequence"]!.GetValue<long>(), started, returned);
    }

    private static async Task<(int Count, double Seconds, List<double> Latencies, int Failures)> AcknowledgeAllAsync(HttpClient http, IReadOnlyList<string> tokens,
        IReadOnlyList<Send> sends, int concurrency)
    {
        var work = new ConcurrentQueue<(string Token, Guid Alert)>(sends.SelectMany(s => tokens.Select(t => (t, s.Id))));
        var latencies = new ConcurrentBag<double>();
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (work.TryDequeue(out var item))
            {
                var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/hotline/alerts/{item.Alert}/acknowledge");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", item.Token);
                var t0 = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                latencies.Add(Ms(t0, Stopwatch.GetTimestamp()));
                if (response.StatusCode != HttpStatusCode.OK && Interlocked.Increment(ref failures) <= 3)
                    Console.WriteLine($"    acknowledgement failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }));
        return (latencies.Count - failures, clock.Elapsed.TotalSeconds, latencies.ToList(), failures);
    }

    private static async Task<JsonObject> GetJsonAsync(HttpClient http, string token, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>
    /// The demo community, then N operators round-robin over the CEPTOARs (and so every sector) with
    /// one reporter each and a read-write token made as the CLI makes it; and a token for the
    /// coordinator's analyst, who sends. Done in this process before the server starts.
    /// </summary>
    private static async Task<(List<string> OrgTokens, string CoordinatorToken)> SeedAsync(string dir, string? database, int count)
    {
        var hostArgs = new List<string> { $"--Database:DataDirectory={dir}", "--Logging:LogLevel:Default=Warning", "--Server:PasswordHashIterations=1000" };
        if (database is not null) hostArgs.Add($"--Database:ConnectionString={database}");
        var app = KizunaServer.Build(hostArgs.ToArray());
        try
        {
            await KizunaServer.PrepareDatabaseAsync(app.Services, demo: true);
            var now = DateTimeOffset.UtcNow;
            var users = new List<Guid>(count);
            var sizes = OrganizationKinds.SizeClasses.ToArray();
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
                var ceptoars = await db.Ceptoars.Include(c => c.Sector).Where(c => c.SecretariatOrganizationId != null).OrderBy(c => c.Code).ToListAsync();
                var prefectures = await db.Prefectures.OrderBy(p => p.Code).Select(p => p.Code).ToListAsync();
                for (var i = 0; i < count; i++)
                {
                    var ceptoar = ceptoars[i % ceptoars.Count];
                    var code = $"LIVE-{i:D5}";
                    var org = new Organization(code, $"ライブ事業者{i:D5}株式会社", $"Live Operator {i:D5} Co., Ltd.", OrganizationKinds.Operator, now);
                    org.Describe(prefectures[i % prefectures.Count], sizes[i % sizes.Length], "general", now);
                    org.JoinSector(ceptoar.Sector!);
                    org.JoinCeptoar(ceptoar);
                    db.Organizations.Add(org);
                    var email = $"soc@live-{i:D5}.example";
                    var user = BenchUsers.New(email, $"SOC of {code}", org.Id, OrgRoles.Reporter, "ja", now);
                    db.Users.Add(user);
                    users.Add(user.Id);
                }
                await db.SaveChangesAsync();
            }
            var tokens = new List<string>(count);
            var actor = new AuditRecord("token.created", ActorEmail: "bench");
            foreach (var chunk in users.Chunk(250))
            {
                await using var scope = app.Services.CreateAsyncScope();
                var create = scope.ServiceProvider.GetRequiredService<CreateApiTokenHandler>();
                foreach (var user in chunk)
                    tokens.Add((await create.HandleAsync(new CreateApiToken(user, "live", [TokenScopes.Read, TokenScopes.Write], 1), actor)).Token);
            }
            string coordinator;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
                var nisc = await db.Users.Where(u => u.Email == Coordinator).Select(u => u.Id).FirstAsync();
                coordinator = (await scope.ServiceProvider.GetRequiredService<CreateApiTokenHandler>()
                    .HandleAsync(new CreateApiToken(nisc, "live", [TokenScopes.Read, TokenScopes.Write], 1), actor)).Token;
                await db.Database.ExecuteSqlRawAsync("ANALYZE;");
            }
            return (tokens, coordinator);
        }
        finally
        {
            await app.DisposeAsync();
            if (database is null) Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>The <c>kizuna</c> executable built beside this benchmark, serving the seeded database; its output goes to a log file in the data folder.</summary>
    private static Process StartServer(string dir, string? database, Uri baseAddress)
    {
        var exe = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "kizuna.exe" : "kizuna");
        var start = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "serve", "--data-dir", dir, "--urls", baseAddress.ToString().TrimEnd('/'),
                     "--Logging:LogLevel:Default=Warning", "--Server:PasswordHashIterations=1000" })
            start.ArgumentList.Add(a);
        if (database is not null)
        {
            start.ArgumentList.Add("--database");
            start.ArgumentList.Add(database);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {exe}.");
        var log = new StreamWriter(Path.Combine(dir, "server.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(HttpClient http, Process server)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (server.HasExited) throw new InvalidOperationException($"The server exited with code {server.ExitCode}.");
            try
            {
                using var response = await http.GetAsync("/ready");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("The server was not ready within 60 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The resident set of a process in bytes (VmRSS of /proc/PID/status).</summary>
    private static long Rss(Process p)
    {
        var line = File.ReadLines($"/proc/{p.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    /// <summary>User plus system CPU time of a process (utime + stime of /proc/PID/stat, 100 ticks a second).</summary>
    private static double CpuSeconds(Process p)
    {
        var stat = File.ReadAllText($"/proc/{p.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }

    private static string FdLimit()
    {
        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        return line is null ? "?" : string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(3).Take(1));
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string Mib(long bytes) => (bytes / 1024.0 / 1024).ToString("F0");

    private static double Kib(long bytes) => bytes / 1024.0;
}
