using System.Net;
using System.Net.Http.Json;
using System.Text;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using static Kizuna.Server.Tests.Liaison.LiaisonApi;

namespace Kizuna.Server.Tests.Liaison;

/// <summary>
/// The leak hunt for source anonymization (秘匿化): HIKARI-BANK files two reports — one that tells no
/// one who it is, one that tells only its ministry (FSA) — with the bank's identifying details in
/// every field: its names and code, its domain and host names and URLs on it, an address in its
/// registered range, its contacts' names, e-mails and phones, in the title, every free-text field,
/// indicators and their notes, an attachment's name and a thread message. FSA forwards both to the
/// coordinator (with a note naming the bank). Then, as every demo user of every other organisation,
/// every GET route (REST and pages) is walked: no liaison answer may name the bank, and the
/// report-unique identifiers (host, e-mail, URL on the bank's domain) appear nowhere — except to
/// FSA for the report that allowed it. The audit rows of the reporter's steps carry only its
/// pseudonym, and no Information-level log line carries any of it. Needs the real sanitizer.
/// </summary>
public sealed class LiaisonLeakHuntTests(LiaisonLeakHuntTests.Fixture fixture) : IClassFixture<LiaisonLeakHuntTests.Fixture>
{
    /// <summary>The bank's identifying details as the directory holds them.</summary>
    private static readonly string[] BankIdentifiers =
    [
        BankNameJa, BankNameEn, Bank, BankDomain, BankIp, .. BankPeople, .. BankEmails, .. BankPhones,
        "reporter@hikari-bank.demo.kizuna.example", "Hikari Chuo Bank Reporter", "ひかり中央銀行 報告担当",
    ];

    public sealed record Seeded(Guid Hidden, Guid MinistryOnly, IReadOnlyList<string> HiddenCanaries, IReadOnlyList<string> MinistryCanaries,
        IReadOnlyList<Guid> Attachments, string HiddenPseudonym);

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly Dictionary<DatabaseKind, Task<(KizunaTestServer Server, CapturingLoggerProvider Logs, Seeded Seeded)>> _servers = [];
        private readonly Lock _gate = new();

        public Task<(KizunaTestServer Server, CapturingLoggerProvider Logs, Seeded Seeded)> GetAsync(DatabaseKind kind)
        {
            lock (_gate)
            {
                if (!_servers.TryGetValue(kind, out var server)) _servers[kind] = server = StartAsync(kind);
                return server;
            }
        }

        private static async Task<(KizunaTestServer, CapturingLoggerProvider, Seeded)> StartAsync(DatabaseKind kind)
        {
            var logs = new CapturingLoggerProvider(LogLevel.Information);
            var server = await KizunaTestServer.StartAsync(kind, settings: new Dictionary<string, string>
            {
                ["Server:TokenPermitsPerMinute"] = "100000",
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:Console:LogLevel:Default"] = "Warning",
            }, configure: b => b.Logging.AddProvider(logs));
            logs.Clear();
            return (server, logs, await SeedAsync(server));
        }

        private static async Task<Seeded> SeedAsync(KizunaTestServer server)
        {
            using var reporter = await server.ApiClientAsync(Reporter);
            using var fsa = await server.ApiClientAsync(Fsa);
            var attachments = new List<Guid>();
            async Task<(Guid Id, string[] Canaries, string Pseudonym)> FileAsync(string disclosure)
            {
                var r = $"kz{Guid.NewGuid():N}"[..14];
                string host = $"{r}.{BankDomain}", mail = $"{r}@{BankDomain}", url = $"https://{r}.{BankDomain}/login";
                var content = Content($"{BankNameJa} のATM障害 ({host})", c =>
                {
                    c["description"] = $"{BankNameEn} ({Bank}) の {BankPeople[0]} が検知。連絡先 {BankEmails[0]} / {BankPhones[0]}。対象ホスト {host} ({BankIp})。";
                    c["impact"] = $"{BankNameJa}の顧客がログイン不可。問い合わせ {mail}、{BankPhones[1]}。";
                    c["actionsTaken"] = $"{BankPeople[1]} が {url} を停止し、{BankIp} を隔離。";
                    c["helpNeeded"] = $"{BankEmails[1]} の {BankPeople[1]} まで。{BankDomain} 宛の攻撃情報を求む。";
                    c["indicators"] = new System.Text.Json.Nodes.JsonArray(
                        new System.Text.Json.Nodes.JsonObject { ["type"] = "ipv4", ["value"] = "203.0.113.9", ["note"] = $"{BankPeople[0]} が {host} で観測" },
                        new System.Text.Json.Nodes.JsonObject { ["type"] = "ipv4", ["value"] = BankIp, ["note"] = "our gateway" },
                        new System.Text.Json.Nodes.JsonObject { ["type"] = "domain", ["value"] = host },
                        new System.Text.Json.Nodes.JsonObject { ["type"] = "url", ["value"] = url },
                        new System.Text.Json.Nodes.JsonObject { ["type"] = "email", ["value"] = mail, ["note"] = $"{BankNameJa} 情報システム部" },
                        new System.Text.Json.Nodes.JsonObject { ["type"] = "text", ["value"] = $"{BankNameJa} 勘定系 {host}", ["note"] = BankPhones[0] });
                });
                var report = await LiaisonApi.FileAsync(reporter, Input(content, disclosure: disclosure));
                var id = IdOf(report);
                var attached = await JsonAsync(await AttachAsync(reporter, id, $"{host}_{BankNameJa}.log", Encoding.UTF8.GetBytes($"{mail} {BankIp}\n")), HttpStatusCode.Created);
                attachments.Add(attached["id"]!.GetValue<Guid>());
                Assert.Equal(HttpStatusCode.Created, (await PostAsync(fsa, $"/api/v1/reports/{id}/messages", new { body = "担当者の連絡先を教えてください。" })).StatusCode);
                Assert.Equal(HttpStatusCode.Created, (await PostAsync(reporter, $"/api/v1/reports/{id}/messages",
                    new { body = $"{BankNameJa}の{BankPeople[0]}です。{mail} か {BankPhones[0]} へ。{url}" })).StatusCode);
                // A 続報 after the attachment, so its sanitized view carries the attachment name.
                var update = Input(Content($"{BankNameJa} 続報 {host}", c => c["description"] = $"{BankPeople[0]} ({mail}) より続報。"), disclosure: disclosure);
                await JsonAsync(await PostAsync(reporter, $"/api/v1/reports/{id}/submit", new { kind = "update", report = update }), HttpStatusCode.OK);
                await JsonAsync(await PostAsync(fsa, $"/api/v1/reports/{id}/receive"), HttpStatusCode.OK);
                // Told who reports, the ministry names the bank in its note; the coordinator must not read that name.
                var note = disclosure == "none" ? "受領し、NISCへ転送します。" : $"{BankNameJa}（{Bank}）からの報告。{BankPeople[0]} 氏が窓口。";
                await JsonAsync(await PostAsync(fsa, $"/api/v1/reports/{id}/forward", new { note }), HttpStatusCode.OK);
                return (id, [host, mail, url], report["pseudonym"]!.GetValue<string>());
            }
            var hidden = await FileAsync("none");
            var ministry = await FileAsync("ministry");
            return new Seeded(hidden.Id, ministry.Id, hidden.Canaries, ministry.Canaries, attachments, hidden.Pseudonym);
        }

        public ValueTask InitializeAsync() => ValueTask.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            List<Task<(KizunaTestServer Server, CapturingLoggerProvider Logs, Seeded Seeded)>> started;
            lock (_gate) started = [.. _servers.Values];
            foreach (var task in started)
            {
                try { await (await task).Server.DisposeAsync(); }
                catch (Exception) when (task.IsFaulted) { }
            }
        }
    }

    public static TheoryData<DatabaseKind, string> EveryOtherUser()
    {
        var data = new TheoryData<DatabaseKind, string>();
        foreach (var kind in new[] { DatabaseKind.Sqlite, DatabaseKind.Postgres })
            foreach (var user in DemoUsers.All.Where(u => u.Org != Bank))
                data.Add(kind, user.Email);
        return data;
    }

    /// <summary>Whether a path is a liaison answer, where naming the bank links it to its report.</summary>
    private static bool IsLiaison(string path, Seeded s)
        => path.StartsWith("/api/v1/reports", StringComparison.Ordinal) || path.StartsWith("/api/v1/statistics", StringComparison.Ordinal)
           || path.StartsWith("/reports", StringComparison.Ordinal) || path.StartsWith("/liaison", StringComparison.Ordinal)
           || path.StartsWith("/statistics", StringComparison.Ordinal)
           || path.Contains(s.Hidden.ToString("D"), StringComparison.Ordinal) || path.Contains(s.MinistryOnly.ToString("D"), StringComparison.Ordinal);

    [Theory, MemberData(nameof(EveryOtherUser))]
    public async Task EveryGetRoute_AsOtherOrganisations_NeverNamesTheAnonymousReporter(DatabaseKind kind, string email)
    {
        var (server, _, s) = await fixture.GetAsync(kind);
        var user = DemoUsers.All.Single(u => u.Email == email);
        // FSA was told who filed the ministry-only report; everything else is hidden from everyone here.
        var seesMinistryReport = user.Org == "FSA";

        using var api = await server.ApiClientAsync(email, "read");
        using var session = await server.SignInAsync(email);
        await using var db = server.NewContext();
        var values = await DemoValues.RouteValuesAsync(db, new[] { Bank, "FSA", "NISC", "SEC-FIN-BANK", user.Org }.Distinct().ToList(), [Guid.Empty]);
        values.AddReports([s.Hidden, s.MinistryOnly], s.Attachments);

        var bodies = new Dictionary<string, (HttpStatusCode Status, string Body)>();
        foreach (var route in RouteCatalog.Gets(server.Services))
        {
            var paths = RouteCatalog.Expand(route, values);
            if (route.RoutePattern.Parameters.Count == 0)
                paths = paths.SelectMany(p => new[] { p, RouteCatalog.WithQuery(p, "pageSize=200"), RouteCatalog.WithQuery(p, $"q={Uri.EscapeDataString(BankNameJa)}") }).Distinct().ToList();
            foreach (var path in paths)
            {
                var response = await (RouteCatalog.UsesToken(route) ? api : session).GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True((int)response.StatusCode < 500, $"GET {path} as {email}: {(int)response.StatusCode} {body}");
                bodies[path] = (response.StatusCode, body);
                var aboutMinistryReport = path.Contains(s.MinistryOnly.ToString("D"), StringComparison.Ordinal);
                var mayNameBank = seesMinistryReport && (aboutMinistryReport || !path.Contains(s.Hidden.ToString("D"), StringComparison.Ordinal));
                foreach (var canary in s.HiddenCanaries.Concat(seesMinistryReport ? [] : s.MinistryCanaries))
                    Assert.False(Contains(body, canary), $"LEAK: GET {path} as {email} ({user.Org}) shows '{canary}' from an anonymous report.");
                if (IsLiaison(path, s) && !mayNameBank)
                    foreach (var identifier in BankIdentifiers)
                        Assert.False(Contains(body, identifier), $"LEAK: GET {path} as {email} ({user.Org}) names the reporter: '{identifier}'.");
            }
        }

        // The walk reached the reports, and saw them at the right level.
        var hiddenPath = $"/api/v1/reports/{s.Hidden:D}";
        foreach (var path in new[] { "/api/v1/reports", hiddenPath, $"{hiddenPath}/submissions/2", $"{hiddenPath}/diff?from=1&to=2", $"{hiddenPath}/identity", "/api/v1/statistics/liaison" })
            Assert.True(bodies.ContainsKey(path), $"The walk never requested {path}.");
        var seesHidden = user.Org is "FSA" or "NISC";
        Assert.Equal(seesHidden ? HttpStatusCode.OK : HttpStatusCode.NotFound, bodies[hiddenPath].Status);
        foreach (var page in new[] { $"/reports/{s.Hidden:D}", $"/reports/{s.Hidden:D}/diff?from=1&to=2", "/reports", "/statistics" })
            Assert.True(bodies.ContainsKey(page), $"The walk never requested the page {page}.");
        Assert.Equal(seesHidden ? HttpStatusCode.OK : HttpStatusCode.NotFound, bodies[$"/reports/{s.Hidden:D}"].Status);
        if (seesHidden) Assert.Contains(s.HiddenPseudonym, bodies[$"/reports/{s.Hidden:D}"].Body);
        if (seesHidden)
        {
            Assert.Contains("\"viewLevel\":\"sanitized\"", bodies[hiddenPath].Body);
            Assert.Contains(s.HiddenPseudonym, bodies[hiddenPath].Body);
            Assert.Contains(s.HiddenPseudonym, bodies["/api/v1/reports"].Body);
            Assert.NotEqual(HttpStatusCode.OK, bodies[$"{hiddenPath}/identity"].Status);
            Assert.NotEqual(HttpStatusCode.OK, bodies[$"{hiddenPath}/attachments/{s.Attachments[0]:D}"].Status);
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AuditTrail_ReporterSteps_CarryOnlyThePseudonym(DatabaseKind kind)
    {
        var (server, _, s) = await fixture.GetAsync(kind);
        await using var db = server.NewContext();
        var bankOrg = await db.Organizations.AsNoTracking().Where(o => o.Code == Bank).Select(o => o.Id).SingleAsync();
        var bankUsers = await db.Users.AsNoTracking().Where(u => u.OrganizationId == bankOrg).Select(u => u.Id).ToListAsync();
        var ids = new[] { s.Hidden.ToString("D"), s.MinistryOnly.ToString("D") };
        var rows = await db.AuditEntries.AsNoTracking().Where(a => a.TargetId != null && ids.Contains(a.TargetId)).ToListAsync();

        var reporterSteps = rows.Where(a => a.Action is "report.submitted" or "report.updated" or "report.final").ToList();
        Assert.Equal(4, reporterSteps.Count);
        foreach (var row in reporterSteps)
        {
            Assert.Matches("^reporter:R-[0-9A-Z]{10}$", row.ActorEmail);
            Assert.Null(row.ActorOrganizationId);
            Assert.Null(row.ActorUserId);
        }
        foreach (var row in rows)
        {
            Assert.NotEqual(bankOrg, row.ActorOrganizationId);
            Assert.DoesNotContain(row.ActorUserId ?? Guid.Empty, bankUsers);
            var text = $"{row.ActorEmail} {row.Detail} {row.RemoteAddress}";
            foreach (var identifier in BankIdentifiers.Concat(s.HiddenCanaries).Concat(s.MinistryCanaries))
                Assert.False(Contains(text, identifier), $"Audit row {row.Sequence} ({row.Action}) names the reporter: '{identifier}'.");
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ServerLog_AtInformation_NeverCarriesTheReportersDetails(DatabaseKind kind)
    {
        var (server, logs, s) = await fixture.GetAsync(kind);
        // Read the reports as everyone concerned, so the read paths log too.
        foreach (var email in new[] { Reporter, Fsa, Nisc, Meti })
        {
            using var client = await server.ApiClientAsync(email);
            foreach (var id in new[] { s.Hidden, s.MinistryOnly })
            {
                await client.GetAsync($"/api/v1/reports/{id}");
                await client.GetAsync($"/api/v1/reports/{id}/preview");
                await client.GetAsync($"/api/v1/reports/{id}/identity");
            }
            await client.GetAsync("/api/v1/reports?pageSize=200");
        }
        var lines = logs.Lines;
        Assert.NotEmpty(lines);
        Assert.Contains(lines, l => l.Level == LogLevel.Information);
        foreach (var line in lines)
            foreach (var identifier in BankIdentifiers.Where(i => i != Bank).Concat(s.HiddenCanaries).Concat(s.MinistryCanaries))
                Assert.False(Contains(line.Text, identifier), $"A {line.Level} log line of {line.Category} carries '{identifier}': {line.Text}");
    }

    private static bool Contains(string body, string secret)
        => body.Contains(secret, StringComparison.OrdinalIgnoreCase)
           || body.Contains(System.Text.Json.JsonSerializer.Serialize(secret).Trim('"'), StringComparison.OrdinalIgnoreCase)
           || body.Contains(System.Net.WebUtility.HtmlEncode(secret), StringComparison.OrdinalIgnoreCase)
           || body.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(secret), StringComparison.OrdinalIgnoreCase);
}
