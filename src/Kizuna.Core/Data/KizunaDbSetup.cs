using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Kizuna.Core.Data;

/// <summary>Chooses the provider and its migrations assembly, and brings a database up to date.</summary>
public static class KizunaDbSetup
{
    public const string SqliteMigrations = "Kizuna.Data.Sqlite";
    public const string PostgresMigrations = "Kizuna.Data.Postgres";

    public static void Configure(DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        if (options.IsPostgres)
        {
            builder.UseNpgsql(options.ConnectionString, o => o.MigrationsAssembly(PostgresMigrations));
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(options.SqlitePath)!);
            var cs = new SqliteConnectionStringBuilder { DataSource = options.SqlitePath, Pooling = true, DefaultTimeout = 30 }.ToString();
            builder.UseSqlite(cs, o => o.MigrationsAssembly(SqliteMigrations));
        }
        builder.ReplaceService<IModelCacheKeyFactory, ProviderModelCacheKeyFactory>();
    }

    public static DbContextOptions<KizunaDb> Build(DatabaseOptions options)
    {
        var builder = new DbContextOptionsBuilder<KizunaDb>();
        Configure(builder, options);
        return builder.Options;
    }

    /// <summary>Applies pending migrations; on SQLite switches the file to write-ahead logging first.</summary>
    public static async Task MigrateAsync(KizunaDb db, CancellationToken ct = default)
    {
        if (db.IsSqlite)
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>The model differs per provider (SQLite stores times as ticks), so the cache key names the provider.</summary>
    private sealed class ProviderModelCacheKeyFactory : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) => (context.GetType(), context.Database.ProviderName, designTime);
    }
}
