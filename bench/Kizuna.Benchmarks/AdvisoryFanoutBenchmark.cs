using System.Diagnostics;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Notices;
using Kizuna.Core.Features.Provision;
using Kizuna.Core.Paging;
using Kizuna.Server.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kizuna.Benchmarks;

/// <summary>
/// Issue 4: one advisory to the whole community of N operator organisations (3 users each).
/// Builds the server's real service provider over a fresh database with the demo community (every
/// relay automatic), bulk-seeds N operators spread over the 21 CEPTOARs and their sectors, points
/// Mail:* at a real SMTP listener on loopback, starts the real outbox worker and then times
/// (a) <see cref="PublishAdvisoryHandler"/> until it returns (every delivery committed; checked by
/// reading one operator's inbox), and (b) until the worker has handed every mail to the listener.
/// Usage:
///   dotnet run -c Release --project bench/Kizuna.Benchmarks -- advisory-fanout [--orgs 10000] [--users 3] [--database "Host=…"]
///       [--parallelism P] [--batch B] [--timeout-minutes 60]
/// </summary>
public static class AdvisoryFanoutBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var orgCount = int.Parse(Arg("--orgs") ?? "10000");
        var usersPerOrg = int.Parse(Arg("--users") ?? "3");
        var database = Arg("--database");
        var timeout = TimeSpan.FromMinutes(double.Parse(Arg("--timeout-minutes") ?? "60"));

        await using var smtp = await CountingSmtpListener.StartAsync();
        var dir = Path.Combine(Path.GetTempPath(), "kizuna-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var hostArgs = new List<string>
        {
            $"--Database:DataDirectory={dir}", "--Logging:LogLevel:Default=Warning", "--Server:PasswordHashIterations=1000",
            $"--Mail:SmtpHost={smtp.Host}", $"--Mail:SmtpPort={smtp.Port}", "--Mail:SecureSocket=none", "--Mail:FromAddress=kizuna@bench.example",
        };
        if (database is not null) hostArgs.Add($"--Database:ConnectionString={database}");
        if (Arg("--parallelism") is { } p) hostArgs.Add($"--Delivery:Parallelism={p}");
        if (Arg("--batch") is { } b) hostArgs.Add($"--Delivery:BatchSize={b}");
        var app = KizunaServer.Build(hostArgs.ToArray());
        try
        {
            await KizunaServer.PrepareDatabaseAsync(app.Services, demo: true);
            var delivery = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DeliveryOptions>>().Value;
            Console.WriteLine($"database: {(database is null ? "SQLite " + dir : "PostgreSQL")}; SMTP listener 127.0.0.1:{smtp.Port}; " +
                              $"Delivery:BatchSize={delivery.BatchSize}, Delivery:Parallelism={delivery.Parallelism}");

            var seed = Stopwatch.StartNew();
            var (benchOrgIds, sampleUser) = await SeedAsync(app.Services, orgCount, usersPerOrg);
            Console.WriteLine($"seeded {orgCount} operators and {orgCount * usersPerOrg} users in {seed.Elapsed.TotalSeconds:F1} s");

            var advisoryId = await DraftAsync(app.Services);
            var worker = app.Services.GetRequiredService<OutboxWorker>();
            using var stopWorker = new CancellationTokenSource();
            await worker.StartAsync(stopWorker.Token);

            // (a) The publish call: plan, one delivery per organisation, the relay down the chain, the notifications, one commit.
            using var counter = new DbCommandCounter();
            var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            var db0 = counter.Snapshot();
            var started = Stopwatch.GetTimestamp();
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var viewer = await NiscViewerAsync(scope.ServiceProvider);
                await scope.ServiceProvider.GetRequiredService<PublishAdvisoryHandler>().HandleAsync(advisoryId, viewer);
            }
            var published = Stopwatch.GetTimestamp();
            process.Refresh();
            var cpu1 = process.TotalProcessorTime;
            var db1 = counter.Snapshot();
            Console.WriteLine($"(a) publish returned after {Ms(started, published):F0} ms " +
                              $"(process CPU {(cpu1 - cpu0).TotalMilliseconds:F0} ms; {db1.Commands - db0.Commands} SQL commands taking {(db1.Time - db0.Time).TotalMilliseconds:F0} ms)");
            var fanOutDone = WhenFanOutDoneAsync(app.Services, stopWorker.Token);

            // The inbox of one bench operator has it, unread, and every bench organisation has received it.
            int received, receivedBench, recipients, notifications, mails;
            double inboxMs;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var sp = scope.ServiceProvider;
                var t0 = Stopwatch.GetTimestamp();
                var viewer = (await sp.GetRequiredService<ViewerFactory>().ForUserAsync(sampleUser))!;
                var inbox = await sp.GetRequiredService<AdvisoryQueries>().ListAsync(viewer, AdvisoryBoxes.Inbox, new PageRequest(1, 50));
                var unread = await sp.GetRequiredService<AdvisoryQueries>().UnreadCountAsync(viewer);
                inboxMs = Ms(t0, Stopwatch.GetTimestamp());
                if (inbox.Items.All(i => i.Id != advisoryId) || unread != 1)
                    throw new InvalidOperationException($"The operator's inbox does not show the advisory (unread {unread}).");
                var db = sp.GetRequiredService<KizunaDb>();
                received = await db.AdvisoryDeliveries.CountAsync(d => d.AdvisoryId == advisoryId && d.ReceivedAt != null);
                recipients = await db.AdvisoryDeliveries.CountAsync(d => d.AdvisoryId == advisoryId);
                receivedBench = 0;
                foreach (var chunk in benchOrgIds.Chunk(1000))
                    receivedBench += await db.AdvisoryDeliveries.CountAsync(d => d.AdvisoryId == advisoryId && d.ReceivedAt != null && chunk.Contains(d.OrganizationId));
                notifications = await db.Outbox.CountAsync(m => m.Channel == AdvisoryNotifier.Channel && m.IdempotencyKey.StartsWith($"adv:{advisoryId:N}:"));
                var reached = db.AdvisoryDeliveries.Where(d => d.AdvisoryId == advisoryId && d.ReceivedAt != null).Select(d => d.OrganizationId);
                mails = await db.Users.CountAsync(u => reached.Contains(u.OrganizationId) && u.Email != null);
            }
            Console.WriteLine($"    inbox of one operator read in {inboxMs:F0} ms: advisory listed, unread count 1");
            Console.WriteLine($"    deliveries: {received} of {recipients} organisations received ({receivedBench} of {orgCount} bench operators); " +
                              $"{notifications} notifications queued; {mails} mails expected");
            if (receivedBench != orgCount || received != recipients || notifications != received)
                throw new InvalidOperationException("Not every organisation received the advisory at publication.");

            // (b) Until the worker has handed every mail to the listener.
            var done = await smtp.WaitForAsync(mails, timeout, n =>
                Console.WriteLine($"    … {n} mails at the listener after {Ms(published, Stopwatch.GetTimestamp()) / 1000:F0} s"));
            var last = smtp.LastArrivalTimestamp;
            process.Refresh();
            var cpu2 = process.TotalProcessorTime;
            var db2 = counter.Snapshot();
            await stopWorker.CancelAsync();
            var fanOutAt = await fanOutDone;
            await worker.StopAsync(CancellationToken.None);
            if (!done) throw new TimeoutException($"Only {smtp.Messages} of {mails} mails arrived within {timeout}.");

            int pending, dead, sentMails;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
                pending = await db.Outbox.CountAsync(m => m.Status == OutboxStatus.Pending);
                dead = await db.Outbox.CountAsync(m => m.Status == OutboxStatus.Dead);
                sentMails = await db.Outbox.CountAsync(m => m.Channel == OutboxChannels.Email && m.Status == OutboxStatus.Sent);
            }
            var once = smtp.Recipients.Count(r => r.Value == 1);
            var totalMs = Ms(started, last);
            var workerMs = Ms(published, last);
            var handled = notifications + mails;
            Console.WriteLine($"(b) every mail at the listener {totalMs / 1000:F1} s after the publish call began " +
                              $"({workerMs / 1000:F1} s after it returned); {smtp.Messages} messages, {smtp.Bytes / 1024 / 1024.0:F1} MiB, " +
                              $"{once} addresses with exactly one mail; outbox: {sentMails} mails sent, {pending} pending, {dead} dead");
            Console.WriteLine($"    outbox throughput: {handled / (workerMs / 1000):F0} messages/s ({notifications} notifications + {mails} mails), " +
                              $"{mails / (workerMs / 1000):F0} mails/s; every notification fanned out {(fanOutAt is { } f ? $"{Ms(published, f) / 1000:F1} s" : "?")} after publish returned");
            Console.WriteLine($"    worker: process CPU {(cpu2 - cpu1).TotalSeconds:F1} s ({(cpu2 - cpu1).TotalMilliseconds / handled:F2} ms per message, listener included); " +
                              $"{db2.Commands - db1.Commands} SQL commands ({(double)(db2.Commands - db1.Commands) / handled:F1} per message) taking {(db2.Time - db1.Time).TotalSeconds:F1} s; " +
                              $"{db2.Commits - db1.Commits} commits");
            if (once != mails || smtp.Messages != mails || dead != 0)
                throw new InvalidOperationException("Mails were lost, duplicated or dead.");
        }
        finally
        {
            await app.DisposeAsync();
            // The data directory holds the SQLite file or, with PostgreSQL, only the keys.
            if (database is null) Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    /// <summary>When no notification of the advisory is pending any more (polled twice a second), or null when stopped first.</summary>
    private static async Task<long?> WhenFanOutDoneAsync(IServiceProvider services, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await using (var scope = services.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
                    if (!await db.Outbox.AnyAsync(m => m.Status == OutboxStatus.Pending && m.Channel == AdvisoryNotifier.Channel, ct))
                        return Stopwatch.GetTimestamp();
                }
                await Task.Delay(500, ct);
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    private static async Task<Viewer> NiscViewerAsync(IServiceProvider sp)
    {
        var db = sp.GetRequiredService<KizunaDb>();
        var nisc = await db.Users.Where(u => u.Email == "analyst@nisc.demo.kizuna.example").Select(u => u.Id).FirstAsync();
        return (await sp.GetRequiredService<ViewerFactory>().ForUserAsync(nisc))!;
    }

    private static async Task<Guid> DraftAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var viewer = await NiscViewerAsync(scope.ServiceProvider);
        var content = new AdvisoryContent
        {
            Title = "VPN 装置の脆弱性を悪用する攻撃について / Attacks exploiting a VPN appliance vulnerability",
            Summary = "VPN 装置の脆弱性 CVE-2024-3400 を悪用する攻撃が確認されています。修正版を適用し、認証情報を変更してください。",
            Body = "## 概要\n攻撃者は **CVE-2024-3400** を悪用しています。\n\n## 推奨対策\n- 修正版の適用\n- 認証情報の変更",
            Severity = 3,
            RecommendedActions = ["修正版を適用する", "認証情報を変更する"],
            AffectedProducts = ["ExampleVPN 10.x"],
            Cves = ["CVE-2024-3400"],
        };
        var draft = await scope.ServiceProvider.GetRequiredService<SaveAdvisoryDraftHandler>().CreateAsync(
            new AdvisoryInput(content, "GREEN", [new AudienceInput(AudienceKind.Community, null)]), viewer);
        return draft.Id;
    }

    /// <summary>
    /// Every relay automatic; then N operators, round-robin over the CEPTOARs (and so every sector),
    /// each a member of its CEPTOAR's sector, with <paramref name="usersPerOrg"/> users (no password:
    /// nobody signs in). Returns the operators' ids and one of their users.
    /// </summary>
    private static async Task<(List<Guid> Orgs, Guid SampleUser)> SeedAsync(IServiceProvider services, int count, int usersPerOrg)
    {
        var now = DateTimeOffset.UtcNow;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
            foreach (var s in await db.DeliverySettings.ToListAsync())
                s.Change(s.EmailEnabled, s.WebhooksEnabled, s.ExtraEmailAddresses, s.QuietHoursStart, s.QuietHoursEnd, RelayModes.Automatic, now);
            await db.SaveChangesAsync();
        }
        var ids = new List<Guid>(count);
        var sample = Guid.Empty;
        var roles = new[] { OrgRoles.OrgAdmin, OrgRoles.Reporter, OrgRoles.Viewer };
        var sizes = OrganizationKinds.SizeClasses.ToArray();
        const int chunk = 1000;
        for (var start = 0; start < count; start += chunk)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
            var ceptoars = await db.Ceptoars.Include(c => c.Sector).Where(c => c.SecretariatOrganizationId != null).OrderBy(c => c.Code).ToListAsync();
            var prefectures = await db.Prefectures.OrderBy(p => p.Code).Select(p => p.Code).ToListAsync();
            for (var i = start; i < Math.Min(count, start + chunk); i++)
            {
                var ceptoar = ceptoars[i % ceptoars.Count];
                var code = $"BENCH-{i:D6}";
                var org = new Organization(code, $"ベンチ事業者{i:D6}株式会社", $"Bench Operator {i:D6} Co., Ltd.", OrganizationKinds.Operator, now);
                org.Describe(prefectures[i % prefectures.Count], sizes[i % sizes.Length], i % 10 == 0 ? "tier1" : "general", now);
                org.JoinSector(ceptoar.Sector!);
                org.JoinCeptoar(ceptoar);
                db.Organizations.Add(org);
                ids.Add(org.Id);
                for (var u = 0; u < usersPerOrg; u++)
                {
                    var email = $"user{u}@bench-{i:D6}.example";
                    var user = BenchUsers.New(email, $"Bench user {u} of {code}", org.Id, roles[u % roles.Length], (i + u) % 4 == 0 ? "en" : "ja", now);
                    db.Users.Add(user);
                    if (sample == Guid.Empty) sample = user.Id;
                }
            }
            await db.SaveChangesAsync();
        }
        await using (var scope = services.CreateAsyncScope())
        {
            // A production database has planner statistics; a freshly bulk-loaded one gets them here.
            await scope.ServiceProvider.GetRequiredService<KizunaDb>().Database.ExecuteSqlRawAsync("ANALYZE;");
        }
        return (ids, sample);
    }
}
