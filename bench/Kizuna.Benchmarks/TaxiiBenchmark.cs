using System.Buffers;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Interop;
using Kizuna.Server.Hosting;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kizuna.Benchmarks;

/// <summary>
/// Issue 6: TAXII ingest and paging at scale. Over a database with the demo community:
/// <list type="number">
/// <item><b>raw</b>: the rows N objects make (a <c>StixObjects</c> row and its audience row each) inserted
/// with plain ADO.NET into the same tables, as the limit to approach: SQLite a prepared statement per row,
/// one transaction per batch; PostgreSQL the same statements sent as one <see cref="DbBatch"/> per 1,000
/// rows, one transaction per batch. Timed without building the rows; then deleted again.</item>
/// <item><b>fill</b>: the same N objects (half indicators with ipv4/domain/url/file-hash patterns,
/// half the observables themselves, all distinct ids) POSTed by the coordinator's analyst to the
/// <c>community</c> collection of the real server (a separate process on loopback), in envelopes of
/// <c>Taxii:MaxObjectsPerEnvelope</c> objects, one after another. Fails unless every object is added.</item>
/// <item><b>read</b>: as an operator (not the owner, so every row passes the disclosure filter's audience
/// lookup), a walk of the whole collection with <c>limit=1000</c> and <c>next</c>, then R requests
/// each of pages at the start, middle and end (by <c>next</c> and by <c>added_after</c>) and of
/// <c>match[type]</c> and <c>match[id]</c> queries; p50/p99.</item>
/// </list>
/// Usage:
///   dotnet run -c Release --project bench/Kizuna.Benchmarks -- taxii [--db sqlite|postgres] [--objects 1000000] [--requests 50]
///       [--keep DIR] [--database "Host=…"] [--skip-raw] [--server-arg --Some:Setting=value]…
/// <c>--keep DIR</c> keeps the data (the SQLite file, or a private PostgreSQL cluster the benchmark starts
/// there) and, when DIR already holds a filled database, reuses it: only the reads run again.
/// Without <c>--database</c>, <c>--db postgres</c> starts a private PostgreSQL 15 cluster (default settings) and stops it at the end.
/// </summary>
public static class TaxiiBenchmark
{
    private const string Writer = "analyst@nisc.demo.kizuna.example";
    private const string Reader = "reporter@hikari-bank.demo.kizuna.example";
    private const string Collection = "community";
    private const string PgBin = "/usr/lib/postgresql/15/bin";
    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var provider = Arg("--db") ?? "sqlite";
        var count = int.Parse(Arg("--objects") ?? "1000000", CultureInfo.InvariantCulture);
        var requests = int.Parse(Arg("--requests") ?? "50", CultureInfo.InvariantCulture);
        var keep = Arg("--keep");
        var database = Arg("--database");
        var skipRaw = args.Contains("--skip-raw");
        if (provider is not ("sqlite" or "postgres")) throw new ArgumentException("--db is sqlite or postgres.");
        if (count < 1 || requests < 1) throw new ArgumentException("--objects and --requests must be at least 1.");

        var dir = keep is not null ? Path.GetFullPath(keep) : Path.Combine(Path.GetTempPath(), "kizuna-taxii-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var marker = Path.Combine(dir, "taxii-bench.json");
        var reuse = keep is not null && File.Exists(marker);
        PrivatePostgres? pg = null;
        Process? server = null;
        try
        {
            if (provider == "postgres" && database is null)
            {
                pg = await PrivatePostgres.StartAsync(Path.Combine(dir, "pg"));
                database = pg.ConnectionString;
            }
            Console.WriteLine($"taxii benchmark: {provider}{(pg is not null ? " (private cluster, default settings)" : "")}, {count:N0} objects, data in {dir}{(reuse ? " (reused)" : "")}; " +
                              $"{Environment.ProcessorCount} cores, load average {LoadAverage()}");
            var hostArgs = new List<string> { $"--Database:DataDirectory={dir}", "--Logging:LogLevel:Default=Warning", "--Server:PasswordHashIterations=1000" };
            if (database is not null) hostArgs.Add($"--Database:ConnectionString={database}");

            string writerToken, readerToken;
            int perEnvelope;
            var app = KizunaServer.Build(hostArgs.ToArray());
            try
            {
                await KizunaServer.PrepareDatabaseAsync(app.Services, demo: !reuse);
                perEnvelope = app.Services.GetRequiredService<IOptions<TaxiiOptions>>().Value.MaxObjectsPerEnvelope;
                if (reuse)
                {
                    var filled = JsonNode.Parse(await File.ReadAllTextAsync(marker))!["objects"]!.GetValue<int>();
                    if (filled != count) throw new InvalidOperationException($"{dir} holds {filled:N0} objects, not {count:N0}; use another --keep folder.");
                }
                else if (!skipRaw) await RawAsync(app.Services, count, perEnvelope);
                (writerToken, readerToken) = await TokensAsync(app.Services);
            }
            finally
            {
                await app.DisposeAsync();
                if (database is null) Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            }

            var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
            var serverArgs = args.Select((a, i) => (a, i)).Where(x => x.a == "--server-arg" && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToList();
            server = StartServer(dir, database, baseAddress, serverArgs);
            using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
                { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(10) };
            await WaitReadyAsync(http, server);

            if (!reuse)
            {
                await FillAsync(http, server, writerToken, count, perEnvelope);
                if (database is not null)
                {
                    // Autovacuum analyses a table after this many changes on its own; here it is not left to chance (as in the report-list benchmark).
                    await using var connection = new Npgsql.NpgsqlConnection(database);
                    await connection.OpenAsync();
                    await using var analyze = new Npgsql.NpgsqlCommand("ANALYZE \"StixObjects\", \"StixObjectAudience\";", connection) { CommandTimeout = 0 };
                    await analyze.ExecuteNonQueryAsync();
                }
                await File.WriteAllTextAsync(marker, new JsonObject { ["objects"] = count, ["provider"] = provider }.ToJsonString());
            }
            await ReadAsync(http, readerToken, count, requests);
            Console.WriteLine($"load average at the end: {LoadAverage()}");
        }
        finally
        {
            if (server is { HasExited: false })
            {
                server.Kill();
                await server.WaitForExitAsync();
            }
            if (pg is not null) await pg.StopAsync();
            if (provider == "sqlite") Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (keep is null && Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    // ---------------------------------------------------------------- objects

    /// <summary>A deterministic UUID (version 4 bits) for object <paramref name="i"/>, so runs and --keep agree.</summary>
    private static Guid IdFor(int i, string salt)
    {
        Span<byte> hash = stackalloc byte[16];
        MD5.HashData(Encoding.ASCII.GetBytes(salt + i.ToString(CultureInfo.InvariantCulture)), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x40);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true);
    }

    private static string Hex(int i, int length)
    {
        var hash = SHA256.HashData(BitConverter.GetBytes(i));
        return Convert.ToHexStringLower(hash)[..length];
    }

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string StixIdOf(int i) => i % 2 == 0 ? $"indicator--{IdFor(i, "ind"):D}" : $"{ObservableType(i)}--{IdFor(i, "sco"):D}";

    private static string ObservableType(int i) => ((i / 2) % 4) switch { 0 => "ipv4-addr", 1 => "domain-name", 2 => "url", _ => "file" };

    private static string TypeOf(int i) => i % 2 == 0 ? "indicator" : ObservableType(i);

    /// <summary>Object <paramref name="i"/>: an indicator (even) or an observable (odd), as a real feed sends them.</summary>
    private static void WriteObject(Utf8JsonWriter w, int i)
    {
        var n = i / 2;
        var ip = $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}";
        var domain = $"c2-{Hex(n, 10)}.bad.example";
        w.WriteStartObject();
        if (i % 2 == 0)
        {
            var at = Stamp(Origin.AddSeconds(i));
            var (pattern, name) = (n % 4) switch
            {
                0 => ($"[ipv4-addr:value = '{ip}']", $"C2 server {ip}"),
                1 => ($"[domain-name:value = '{domain}']", $"Phishing domain {domain}"),
                2 => ($"[url:value = 'https://{domain}/login/{n}']", $"Credential-harvesting URL on {domain}"),
                _ => ($"[file:hashes.'SHA-256' = '{Hex(n, 64)}']", $"Loader sample {Hex(n, 8)}"),
            };
            w.WriteString("type", "indicator");
            w.WriteString("spec_version", "2.1");
            w.WriteString("id", StixIdOf(i));
            w.WriteString("created", at);
            w.WriteString("modified", at);
            w.WriteString("name", name);
            w.WriteString("description", "Observed in the campaign against the finance and energy sectors; block at the perimeter and hunt for past connections.");
            w.WriteStartArray("indicator_types");
            w.WriteStringValue("malicious-activity");
            w.WriteEndArray();
            w.WriteString("pattern", pattern);
            w.WriteString("pattern_type", "stix");
            w.WriteString("valid_from", at);
            w.WriteStartArray("object_marking_refs");
            w.WriteStringValue(TlpMarkings.StixId(Tlp.Green));
            w.WriteEndArray();
        }
        else
        {
            var type = ObservableType(i);
            w.WriteString("type", type);
            w.WriteString("spec_version", "2.1");
            w.WriteString("id", StixIdOf(i));
            switch (type)
            {
                case "ipv4-addr": w.WriteString("value", ip); break;
                case "domain-name": w.WriteString("value", domain); break;
                case "url": w.WriteString("value", $"https://{domain}/payload/{n}.bin"); break;
                default:
                    w.WriteStartObject("hashes");
                    w.WriteString("SHA-256", Hex(n + 1, 64));
                    w.WriteEndObject();
                    w.WriteString("name", $"invoice_{n}.exe");
                    w.WriteNumber("size", 100_000 + n % 900_000);
                    break;
            }
            w.WriteStartArray("object_marking_refs");
            w.WriteStringValue(TlpMarkings.StixId(Tlp.Green));
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static byte[] Envelope(int from, int to)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("objects");
            for (var i = from; i < to; i++) WriteObject(w, i);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    // ---------------------------------------------------------------- raw

    /// <summary>The same rows with plain ADO.NET into the same tables (a collection of its own), timed per batch without building the rows; then deleted.</summary>
    private static async Task RawAsync(IServiceProvider services, int count, int batch)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
        var nisc = await db.Users.Where(u => u.Email == Writer).Select(u => new { u.Id, u.OrganizationId }).FirstAsync();
        var rawCollection = Guid.CreateVersion7();
        var check = new BasicStixObjectCheck();
        var record = db.Model.FindEntityType(typeof(StixObjectRecord))!;
        var distribution = record.FindNavigation(nameof(StixObjectRecord.Distribution))!.TargetEntityType;
        var audience = distribution.FindNavigation(nameof(Distribution.Audience))!.TargetEntityType;
        string Table(IEntityType t) => t.GetTableName()!;
        var recordColumns = new (IProperty Property, Func<StixObjectRecord, object?> Value)[]
        {
            (record.FindProperty(nameof(StixObjectRecord.Id))!, r => r.Id),
            (record.FindProperty(nameof(StixObjectRecord.Sequence))!, r => r.Sequence),
            (record.FindProperty(nameof(StixObjectRecord.CollectionId))!, r => r.CollectionId),
            (record.FindProperty(nameof(StixObjectRecord.StixId))!, r => r.StixId),
            (record.FindProperty(nameof(StixObjectRecord.Type))!, r => r.Type),
            (record.FindProperty(nameof(StixObjectRecord.SpecVersion))!, r => r.SpecVersion),
            (record.FindProperty(nameof(StixObjectRecord.Version))!, r => r.Version),
            (record.FindProperty(nameof(StixObjectRecord.HasTimestamps))!, r => r.HasTimestamps),
            (record.FindProperty(nameof(StixObjectRecord.DateAdded))!, r => r.DateAdded),
            (record.FindProperty(nameof(StixObjectRecord.IsFirst))!, r => r.IsFirst),
            (record.FindProperty(nameof(StixObjectRecord.IsLatest))!, r => r.IsLatest),
            (record.FindProperty(nameof(StixObjectRecord.Label))!, r => r.Label),
            (record.FindProperty(nameof(StixObjectRecord.Json))!, r => r.Json),
            (distribution.FindProperty(nameof(Distribution.Tlp))!, r => r.Distribution.Tlp),
            (distribution.FindProperty(nameof(Distribution.OwnerOrganizationId))!, r => r.Distribution.OwnerOrganizationId),
            (record.FindProperty(nameof(StixObjectRecord.ContributorUserId))!, r => r.ContributorUserId),
        };
        var audienceKey = audience.FindProperty("Id")!;
        var audienceOwner = audience.GetProperties().Single(p => p.IsForeignKey());
        var audienceColumns = new (IProperty Property, Func<(Guid Id, Guid Owner, AudienceEntry Entry), object?> Value)[]
        {
            (audienceKey, a => a.Id),
            (audience.FindProperty(nameof(AudienceEntry.Kind))!, a => a.Entry.Kind),
            (audience.FindProperty(nameof(AudienceEntry.Value))!, a => a.Entry.Value),
            (audienceOwner, a => a.Owner),
        };

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var sequence = await db.StixObjects.MaxAsync(r => (long?)r.Sequence) ?? 0;
        var stopwatch = new Stopwatch();
        var community = new Distribution(Tlp.Green, nisc.OrganizationId, [AudienceEntry.Community()]);
        for (var start = 0; start < count; start += batch)
        {
            var end = Math.Min(count, start + batch);
            // Build the rows outside the timing: what the database does is measured, not the JSON.
            var now = TaxiiTime.ToMicroseconds(DateTimeOffset.UtcNow);
            var json = Encoding.UTF8.GetString(Envelope(start, end));
            using var doc = JsonDocument.Parse(json);
            var rows = new List<StixObjectRecord>(end - start);
            foreach (var element in doc.RootElement.GetProperty("objects").EnumerateArray())
            {
                var facts = check.Check(element).Facts ?? throw new InvalidOperationException("A generated object failed the basic check.");
                rows.Add(new StixObjectRecord(++sequence, rawCollection, facts, element.GetRawText(), now,
                    new Distribution(facts.Tlp ?? Tlp.Green, community.OwnerOrganizationId, community.Audience.Select(a => new AudienceEntry { Kind = a.Kind, Value = a.Value })), nisc.Id));
            }
            stopwatch.Start();
            await using (var tx = await connection.BeginTransactionAsync())
            {
                if (connection.CanCreateBatch) await InsertBatchedAsync(connection, tx, Table(record), recordColumns, Table(audience), audienceColumns, rows);
                else await InsertPreparedAsync(connection, tx, Table(record), recordColumns, Table(audience), audienceColumns, rows);
                await tx.CommitAsync();
            }
            stopwatch.Stop();
        }
        var stored = await db.StixObjects.CountAsync(r => r.CollectionId == rawCollection);
        var visible = await db.StixObjects.CountAsync(r => r.CollectionId == rawCollection && r.Distribution.Audience.Any(a => a.Kind == AudienceKind.Community));
        if (stored != count || visible != count) throw new InvalidOperationException($"The raw insert stored {stored:N0} rows ({visible:N0} with their audience), not {count:N0}.");
        Console.WriteLine($"raw ADO.NET insert: {count:N0} objects (+{count:N0} audience rows) in {stopwatch.Elapsed.TotalSeconds:F1} s: " +
                          $"**{count / stopwatch.Elapsed.TotalSeconds:N0} objects/s** ({(connection.CanCreateBatch ? "DbBatch of 1,000 rows" : "prepared statements")}, " +
                          $"one transaction per {batch:N0}); load average {LoadAverage()}");
        var clean = Stopwatch.StartNew();
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await using var delete = connection.CreateCommand();
            delete.Transaction = tx;
            delete.CommandTimeout = 0;
            var owner = audienceOwner.GetColumnName();
            var parameter = record.FindProperty(nameof(StixObjectRecord.CollectionId))!.GetRelationalTypeMapping().CreateParameter(delete, "c", rawCollection);
            delete.Parameters.Add(parameter);
            delete.CommandText = $"DELETE FROM \"{Table(audience)}\" WHERE \"{owner}\" IN (SELECT \"Id\" FROM \"{Table(record)}\" WHERE \"CollectionId\" = {Placeholder(connection, "c")})";
            await delete.ExecuteNonQueryAsync();
            delete.CommandText = $"DELETE FROM \"{Table(record)}\" WHERE \"CollectionId\" = {Placeholder(connection, "c")}";
            await delete.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        await db.Database.ExecuteSqlRawAsync(db.IsSqlite ? "ANALYZE;" : $"VACUUM ANALYZE \"{Table(record)}\", \"{Table(audience)}\";");
        Console.WriteLine($"    (raw rows deleted again in {clean.Elapsed.TotalSeconds:F1} s)");
    }

    private static string Placeholder(DbConnection connection, string name) => connection.GetType().Name.StartsWith("Npgsql", StringComparison.Ordinal) ? "@" + name : "$" + name;

    private static string InsertSql<T>(DbConnection connection, string table, (IProperty Property, Func<T, object?> Value)[] columns, int suffix)
        => $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => "\"" + c.Property.GetColumnName() + "\""))}) VALUES " +
           $"({string.Join(", ", columns.Select((_, i) => Placeholder(connection, $"p{i}_{suffix}")))})";

    private static void Bind<T>(DbCommand command, (IProperty Property, Func<T, object?> Value)[] columns, T row, int suffix, bool create)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            var mapping = columns[i].Property.GetRelationalTypeMapping();
            var value = columns[i].Value(row);
            var provider = value is null ? DBNull.Value : mapping.Converter is { } c ? c.ConvertToProvider(value) : value;
            if (create) command.Parameters.Add(mapping.CreateParameter(command, $"p{i}_{suffix}", value, columns[i].Property.IsNullable));
            else command.Parameters[i].Value = provider;
        }
    }

    /// <summary>SQLite: one prepared INSERT per table, re-bound for every row, in the batch's transaction.</summary>
    private static async Task InsertPreparedAsync(DbConnection connection, DbTransaction tx, string recordTable,
        (IProperty Property, Func<StixObjectRecord, object?> Value)[] recordColumns, string audienceTable,
        (IProperty Property, Func<(Guid, Guid, AudienceEntry), object?> Value)[] audienceColumns, List<StixObjectRecord> rows)
    {
        await using var insertRecord = connection.CreateCommand();
        insertRecord.Transaction = tx;
        insertRecord.CommandText = InsertSql(connection, recordTable, recordColumns, 0);
        await using var insertAudience = connection.CreateCommand();
        insertAudience.Transaction = tx;
        insertAudience.CommandText = InsertSql(connection, audienceTable, audienceColumns, 0);
        bool firstRecord = true, firstAudience = true;
        foreach (var r in rows)
        {
            Bind(insertRecord, recordColumns, r, 0, firstRecord);
            if (firstRecord) await insertRecord.PrepareAsync();
            firstRecord = false;
            await insertRecord.ExecuteNonQueryAsync();
            foreach (var entry in r.Distribution.Audience)
            {
                Bind(insertAudience, audienceColumns, (Guid.CreateVersion7(), r.Id, entry), 0, firstAudience);
                if (firstAudience) await insertAudience.PrepareAsync();
                firstAudience = false;
                await insertAudience.ExecuteNonQueryAsync();
            }
        }
    }

    /// <summary>PostgreSQL: the same INSERTs, 1,000 rows (and their audience rows) per round trip as one DbBatch.</summary>
    private static async Task InsertBatchedAsync(DbConnection connection, DbTransaction tx, string recordTable,
        (IProperty Property, Func<StixObjectRecord, object?> Value)[] recordColumns, string audienceTable,
        (IProperty Property, Func<(Guid, Guid, AudienceEntry), object?> Value)[] audienceColumns, List<StixObjectRecord> rows)
    {
        // Positional parameters ($1…) so every command of the batch has the same text.
        var recordSql = PositionalInsertSql(recordTable, recordColumns.Select(c => c.Property));
        var audienceSql = PositionalInsertSql(audienceTable, audienceColumns.Select(c => c.Property));
        foreach (var chunk in rows.Chunk(1000))
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = tx;
            foreach (var r in chunk)
            {
                var c = batch.CreateBatchCommand();
                c.CommandText = recordSql;
                for (var i = 0; i < recordColumns.Length; i++) c.Parameters.Add(Positional(c, recordColumns[i].Property, recordColumns[i].Value(r)));
                batch.BatchCommands.Add(c);
                foreach (var entry in r.Distribution.Audience)
                {
                    var a = batch.CreateBatchCommand();
                    a.CommandText = audienceSql;
                    (Guid, Guid, AudienceEntry) row = (Guid.CreateVersion7(), r.Id, entry);
                    for (var i = 0; i < audienceColumns.Length; i++) a.Parameters.Add(Positional(a, audienceColumns[i].Property, audienceColumns[i].Value(row)));
                    batch.BatchCommands.Add(a);
                }
            }
            await batch.ExecuteNonQueryAsync();
        }
    }

    private static string PositionalInsertSql(string table, IEnumerable<IProperty> columns)
    {
        var names = columns.Select(p => "\"" + p.GetColumnName() + "\"").ToList();
        return $"INSERT INTO \"{table}\" ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select((_, i) => "$" + (i + 1).ToString(CultureInfo.InvariantCulture)))})";
    }

    private static DbParameter Positional(DbBatchCommand command, IProperty property, object? value)
    {
        var mapping = property.GetRelationalTypeMapping();
        var p = command.CreateParameter();
        p.Value = value is null ? DBNull.Value : mapping.Converter is { } c ? c.ConvertToProvider(value) : value;
        if (mapping.DbType is { } type) p.DbType = type;
        return p;
    }

    // ---------------------------------------------------------------- fill

    private static async Task<(string Writer, string Reader)> TokensAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KizunaDb>();
        var create = scope.ServiceProvider.GetRequiredService<CreateApiTokenHandler>();
        var actor = new AuditRecord("token.created", ActorEmail: "bench");
        var tokens = new List<string>();
        foreach (var email in new[] { Writer, Reader })
        {
            var user = await db.Users.Where(u => u.Email == email).Select(u => u.Id).FirstAsync();
            tokens.Add((await create.HandleAsync(new CreateApiToken(user, "taxii-bench", [TokenScopes.Read, TokenScopes.Write], 1), actor)).Token);
        }
        await db.SaveChangesAsync();
        return (tokens[0], tokens[1]);
    }

    private static async Task FillAsync(HttpClient http, Process server, string token, int count, int perEnvelope)
    {
        // Envelopes are built ahead on another thread, so the client's JSON writing overlaps the server's work.
        var envelopes = Channel.CreateBounded<(int From, int To, byte[] Body)>(2);
        var producer = Task.Run(async () =>
        {
            for (var start = 0; start < count; start += perEnvelope)
            {
                var end = Math.Min(count, start + perEnvelope);
                await envelopes.Writer.WriteAsync((start, end, Envelope(start, end)));
            }
            envelopes.Writer.Complete();
        });
        var cpu0 = CpuSeconds(server);
        var clock = Stopwatch.StartNew();
        var rates = new List<double>();
        long bytes = 0;
        var done = 0;
        await foreach (var (from, to, body) in envelopes.Reader.ReadAllAsync())
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/taxii+json;version=2.1");
            var request = new HttpRequestMessage(HttpMethod.Post, $"/taxii2/kizuna/collections/{Collection}/objects/") { Content = content };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Accept.ParseAdd("application/taxii+json;version=2.1");
            var t0 = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync();
            var ms = Ms(t0, Stopwatch.GetTimestamp());
            if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"POST objects {from}–{to}: {(int)response.StatusCode} {answer[..Math.Min(answer.Length, 2000)]}");
            var status = JsonNode.Parse(answer)!;
            var failures = status["failure_count"]!.GetValue<int>();
            if (failures > 0 || status["success_count"]!.GetValue<int>() != to - from)
                throw new InvalidOperationException($"POST objects {from}–{to}: {failures} failed: {status["failures"]!.ToJsonString()[..Math.Min(2000, status["failures"]!.ToJsonString().Length)]}");
            rates.Add((to - from) / (ms / 1000));
            bytes += body.Length;
            done = to;
            if (rates.Count % 10 == 0 || to == count)
                Console.WriteLine($"    {done:N0} objects: {done / clock.Elapsed.TotalSeconds:N0} /s so far; last envelope {ms:F0} ms ({rates[^1]:N0} /s); load average {LoadAverage()}");
        }
        await producer;
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = CpuSeconds(server) - cpu0;
        Console.WriteLine($"fill through TAXII POST: {count:N0} objects in {rates.Count} envelopes of {perEnvelope:N0} ({bytes / rates.Count / 1024.0 / 1024:F1} MiB each) in {seconds:F1} s: " +
                          $"**{count / seconds:N0} objects/s**; per envelope first {rates[0]:N0} /s, median {Percentile(rates, 50):N0} /s, last {rates[^1]:N0} /s; " +
                          $"server CPU {cpu:F1} s ({cpu * 1000 / count:F2} ms per object); load average {LoadAverage()}");
    }

    // ---------------------------------------------------------------- read

    private static async Task ReadAsync(HttpClient http, string token, int count, int requests)
    {
        var objects = $"/taxii2/kizuna/collections/{Collection}/objects/";
        // Walk the whole collection with next, noting the cursor and date_added at the middle and the end.
        var walk = new List<double>();
        string? next = null, middleNext = null, endNext = null, middleAddedAfter = null, endAddedAfter = null;
        var seen = 0;
        var pages = (count + 999) / 1000;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (ms, response) = await GetAsync(http, token, objects + "?limit=1000" + (next is null ? "" : "&next=" + Uri.EscapeDataString(next)));
            walk.Add(ms);
            var body = JsonNode.Parse(response.Body)!;
            seen += body["objects"] is JsonArray a ? a.Count : 0;
            if (walk.Count == pages / 2) { middleNext = body["next"]?.GetValue<string>(); middleAddedAfter = JustBefore(response.AddedFirst); }
            if (walk.Count == pages - 1) { endNext = body["next"]?.GetValue<string>(); endAddedAfter = JustBefore(response.AddedFirst); }
            if (body["more"]?.GetValue<bool>() != true) break;
            next = body["next"]!.GetValue<string>();
        }
        Console.WriteLine($"walk of the collection with next (limit=1000): {walk.Count} pages, {seen:N0} objects in {clock.Elapsed.TotalSeconds:F1} s: " +
                          $"p50 {Percentile(walk, 50):F1} ms, p99 {Percentile(walk, 99):F1} ms, max {walk.Max():F1} ms");
        if (seen < count) throw new InvalidOperationException($"The walk saw {seen:N0} objects, fewer than the {count:N0} posted.");

        var deepId = StixIdOf(count - 3);
        var someIds = string.Join(",", Enumerable.Range(0, 100).Select(k => StixIdOf((int)((long)k * (count - 1) / 99))));
        var cases = new List<(string Label, string Query, int Expect)>
        {
            ("start: first page", "?limit=1000", Math.Min(1000, count)),
            ("middle: next after paging", "?limit=1000&next=" + Uri.EscapeDataString(middleNext ?? ""), -1),
            ("end: next after paging", "?limit=1000&next=" + Uri.EscapeDataString(endNext ?? ""), -1),
            ("middle: added_after", "?limit=1000&added_after=" + Uri.EscapeDataString(middleAddedAfter ?? ""), -1),
            ("end: added_after", "?limit=1000&added_after=" + Uri.EscapeDataString(endAddedAfter ?? ""), -1),
            ("match[type]=indicator, start", "?limit=1000&match[type]=indicator", Math.Min(1000, (count + 1) / 2)),
            ("match[type]=file, middle (next)", "?limit=1000&match[type]=file&next=" + Uri.EscapeDataString(middleNext ?? ""), -1),
            ("match[id]: one object deep in the data", "?match[id]=" + Uri.EscapeDataString(deepId), 1),
            ("match[id]: 100 objects spread over the data", "?limit=1000&match[id]=" + Uri.EscapeDataString(someIds), 100),
        };
        Console.WriteLine();
        Console.WriteLine($"| page ({requests} requests each, after 5 warm-up) | objects | p50 (ms) | p99 (ms) | max (ms) |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (label, query, expect) in cases)
        {
            if (query.EndsWith('=')) continue; // too few pages for this position
            var times = new List<double>();
            var got = 0;
            for (var i = 0; i < requests + 5; i++)
            {
                var (ms, response) = await GetAsync(http, token, objects + query);
                if (i >= 5) times.Add(ms);
                got = JsonNode.Parse(response.Body)!["objects"] is JsonArray a ? a.Count : 0;
            }
            if (expect >= 0 && got != expect) throw new InvalidOperationException($"{label}: {got} objects, expected {expect}.");
            if (got == 0) throw new InvalidOperationException($"{label}: no objects.");
            Console.WriteLine($"| {label} | {got:N0} | {Percentile(times, 50):F1} | **{Percentile(times, 99):F1}** | {times.Max():F1} |");
        }
        Console.WriteLine();
    }

    private sealed record Answer(string Body, string? AddedFirst);

    /// <summary>One microsecond before a date_added: added_after then starts at that page's envelope (its objects share one date_added).</summary>
    private static string? JustBefore(string? stamp)
        => stamp is null ? null : TaxiiTime.Format(DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture).AddTicks(-10));

    private static async Task<(double Ms, Answer Answer)> GetAsync(HttpClient http, string token, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/taxii+json;version=2.1");
        var t0 = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var ms = Ms(t0, Stopwatch.GetTimestamp());
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 2000)]}");
        var first = response.Headers.TryGetValues("X-TAXII-Date-Added-First", out var v) ? v.First() : null;
        return (ms, new Answer(body, first));
    }

    // ---------------------------------------------------------------- process plumbing

    /// <summary>The <c>kizuna</c> executable built beside this benchmark, serving the database; its output goes to server.log in the data folder.</summary>
    private static Process StartServer(string dir, string? database, Uri baseAddress, IEnumerable<string> extra)
    {
        var exe = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "kizuna.exe" : "kizuna");
        var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "serve", "--data-dir", dir, "--urls", baseAddress.ToString().TrimEnd('/'),
                     "--Logging:LogLevel:Default=Warning", "--Server:PasswordHashIterations=1000", "--Server:TokenPermitsPerMinute=1000000" })
            start.ArgumentList.Add(a);
        foreach (var a in extra) start.ArgumentList.Add(a);
        if (database is not null)
        {
            start.ArgumentList.Add("--database");
            start.ArgumentList.Add(database);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {exe}.");
        var log = new StreamWriter(Path.Combine(dir, "server.log"), append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(HttpClient http, Process server)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
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
        throw new TimeoutException("The server was not ready within 120 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double CpuSeconds(Process p)
    {
        var stat = File.ReadAllText($"/proc/{p.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>A private PostgreSQL 15 cluster with default settings in a folder (kept with --keep), on a free loopback port.</summary>
    private sealed class PrivatePostgres(string dir, int port)
    {
        public string ConnectionString => $"Host=127.0.0.1;Port={port};Username=postgres;Database=kztaxii;Maximum Pool Size=50";

        public static async Task<PrivatePostgres> StartAsync(string dir)
        {
            var root = Environment.UserName == "root";
            if (!Directory.Exists(Path.Combine(dir, "data")))
            {
                Directory.CreateDirectory(dir);
                if (root) await RunAsync("chown", "postgres:", dir);
                await RunAsPgAsync(root, dir, $"{PgBin}/initdb", "-D", Path.Combine(dir, "data"), "-A", "trust", "-U", "postgres", "--encoding=UTF8", "--locale=C.UTF-8");
            }
            var port = FreePort();
            await RunAsPgAsync(root, dir, $"{PgBin}/pg_ctl", "-D", Path.Combine(dir, "data"), "-o", $"-p {port} -k {dir} -c listen_addresses=127.0.0.1",
                "-l", Path.Combine(dir, "log"), "-w", "-t", "60", "start");
            return new PrivatePostgres(dir, port);
        }

        public async Task StopAsync() => await RunAsPgAsync(Environment.UserName == "root", dir, $"{PgBin}/pg_ctl", "-D", Path.Combine(dir, "data"), "-m", "fast", "-w", "stop");

        private static Task RunAsPgAsync(bool root, string dir, string exe, params string[] args)
            => root ? RunAsync("runuser", ["-u", "postgres", "--", exe, .. args], dir) : RunAsync(exe, args, dir);

        private static async Task RunAsync(string exe, string[] args, string? cwd = null)
        {
            var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = cwd ?? "" };
            foreach (var a in args) start.ArgumentList.Add(a);
            using var p = Process.Start(start)!;
            var output = p.StandardOutput.ReadToEndAsync();
            var error = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            if (p.ExitCode != 0) throw new InvalidOperationException($"{exe} {string.Join(' ', args)} failed ({p.ExitCode}): {await output} {await error}");
        }

        private static Task RunAsync(string exe, string a, string b) => RunAsync(exe, [a, b]);
    }
}
