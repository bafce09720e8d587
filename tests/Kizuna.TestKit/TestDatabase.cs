using Kizuna.Core.Data;
using Kizuna.Core.Features.Directory;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Kizuna.TestKit;

/// <summary>
/// A fresh, migrated database of either kind: a temporary SQLite file, or a new database on the
/// PostgreSQL server that <c>test.sh</c> starts (connection string in <c>KIZUNA_TEST_POSTGRES</c>).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "KIZUNA_TEST_POSTGRES";

    private readonly string? _directory;
    private readonly string? _postgresName;

    private TestDatabase(DatabaseKind kind, DatabaseOptions options, string? directory, string? postgresName)
    {
        Kind = kind;
        Options = options;
        _directory = directory;
        _postgresName = postgresName;
    }

    public DatabaseKind Kind { get; }
    public DatabaseOptions Options { get; }

    /// <summary>Creates an empty database (no schema) of the given kind.</summary>
    public static async Task<TestDatabase> CreateEmptyAsync(DatabaseKind kind)
    {
        var directory = Path.Combine(Path.GetTempPath(), "kizuna-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        if (kind == DatabaseKind.Sqlite)
            return new TestDatabase(kind, new DatabaseOptions { DataDirectory = directory }, directory, null);

        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
            throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the tests through ./test.sh, which starts a private PostgreSQL server, " +
                $"or set {PostgresVariable} to a server where this user may CREATE DATABASE.");
        var name = "kz_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new TestDatabase(kind, new DatabaseOptions { ConnectionString = cs, DataDirectory = directory }, directory, name);
    }

    /// <summary>Creates a migrated database with the shipped reference data loaded.</summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseKind kind)
    {
        var db = await CreateEmptyAsync(kind);
        await using var context = db.NewContext();
        await KizunaDbSetup.MigrateAsync(context);
        await new ReferenceDataLoader(context, TimeProvider.System).LoadIfEmptyAsync();
        return db;
    }

    public KizunaDb NewContext() => new(KizunaDbSetup.Build(Options));

    /// <summary>Command-line options that point the server at this database.</summary>
    public string[] ServerArgs => Kind == DatabaseKind.Sqlite
        ? ["--data-dir", Options.DataDirectory]
        : ["--data-dir", Options.DataDirectory, "--database", Options.ConnectionString!];

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            try
            {
                await using var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresVariable));
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException)
            {
                // The server may already be gone at the end of a run; test.sh removes its folder anyway.
            }
        }
        if (_directory is not null)
        {
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        }
    }
}
