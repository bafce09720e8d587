using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kizuna.Core.Features.Interop;

/// <summary>
/// Inserts new object versions (a <c>StixObjects</c> row and its audience rows each) with plain
/// ADO.NET on the context's connection, inside its current transaction: an envelope of 10,000 objects
/// through EF change tracking spent most of its time tracking and building one-off statements
/// (docs/benchmarks.md, "TAXII ingest and paging"). Columns, names and value conversions come from
/// the EF model, so the rows are exactly what <c>SaveChanges</c> would write. SQLite: one prepared
/// INSERT per table, re-bound per row; PostgreSQL (a connection that can batch): the same INSERTs,
/// <see cref="BatchRows"/> rows per round trip. The records are not tracked; a unique-index violation
/// surfaces as a <see cref="DbException"/> and the caller's transaction rolls back.
/// </summary>
internal static class StixObjectInserter
{
    public const int BatchRows = 1_000;

    private sealed record Column<T>(IProperty Property, RelationalTypeMapping Mapping, Func<T, object?> Get)
    {
        public object Provider(T row) => Get(row) is { } v ? Mapping.Converter is { } c ? c.ConvertToProvider(v) ?? DBNull.Value : v : DBNull.Value;
    }

    private sealed record AudienceRow(Guid Id, Guid Owner, AudienceEntry Entry);

    private sealed record Plan(string RecordTable, Column<StixObjectRecord>[] Records, string AudienceTable, Column<AudienceRow>[] Audience);

    private static readonly ConcurrentDictionary<IModel, Plan> Plans = new();

    public static async Task InsertAsync(KizunaDb db, IReadOnlyList<StixObjectRecord> records, CancellationToken ct)
    {
        if (records.Count == 0) return;
        var tx = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("The insert runs in the caller's transaction.");
        var connection = db.Database.GetDbConnection();
        var plan = Plans.GetOrAdd(db.Model, BuildPlan);
        var audience = records.SelectMany(r => r.Distribution.Audience.Select(a => new AudienceRow(Guid.CreateVersion7(), r.Id, a))).ToList();
        if (connection.CanCreateBatch)
        {
            await BatchAsync(connection, tx, plan.RecordTable, plan.Records, records, ct);
            await BatchAsync(connection, tx, plan.AudienceTable, plan.Audience, audience, ct);
        }
        else
        {
            await PreparedAsync(connection, tx, plan.RecordTable, plan.Records, records, ct);
            await PreparedAsync(connection, tx, plan.AudienceTable, plan.Audience, audience, ct);
        }
    }

    private static Plan BuildPlan(IModel model)
    {
        var record = model.FindEntityType(typeof(StixObjectRecord))!;
        var distribution = record.FindNavigation(nameof(StixObjectRecord.Distribution))!.TargetEntityType;
        var audience = distribution.FindNavigation(nameof(Distribution.Audience))!.TargetEntityType;
        Column<T> C<T>(IProperty p, Func<T, object?> get) => new(p, p.GetRelationalTypeMapping(), get);
        var records = new[]
        {
            C<StixObjectRecord>(record.FindProperty(nameof(StixObjectRecord.Id))!, r => r.Id),
            C<StixObjectRecord>(record.FindProperty(nameof(StixObjectRecord.Sequence))!, r => r.Sequence),
            C<StixObjectRecord>(record.FindProperty(nameof(StixObjectRecord.CollectionId))!, r => r.CollectionId),
            C<StixObjectRecord>(record.FindProperty(nameof(StixObjectRecord.StixId))!, r => r.StixId),
            C<StixObjectRecord>(record.FindProperty(nameof(StixObjectRecord.Type))!, r => r.Type),
            C<StixObjectRecord>(record.FindProperty(nameof(StixObjectRecord.SpecVersion))!, r => r.SpecVersion),
            C<StixObjectRecord>(record.FindProperty(nameof(StixObjectRecord.Version))!, r => r.Version),
            C<StixObjectRecord>(record.FindProperty(nameof(StixObjectRecord.HasTimestamps))!, r => r.HasTimestamps),
            C<StixObjectRecord>(record.FindProperty(nameof(StixObjectRecord.DateAdded))!, r => r.DateAdded),
            C<StixObjectRecord>(record.FindProperty(nameof(StixObjectRecord.IsFirst))!, r => r.IsFirst),
            C<StixObjectRecord>(record.FindProperty(nameof(StixObjectRecord.IsLatest))!, r => r.IsLatest),
            C<StixObjectRecord>(record.FindProperty(nameof(StixObjectRecord.Label))!, r => r.Label),
            C<StixObjectRecord>(record.FindProperty(nameof(StixObjectRecord.Json))!, r => r.Json),
            C<StixObjectRecord>(distribution.FindProperty(nameof(Distribution.Tlp))!, r => r.Distribution.Tlp),
            C<StixObjectRecord>(distribution.FindProperty(nameof(Distribution.OwnerOrganizationId))!, r => r.Distribution.OwnerOrganizationId),
            C<StixObjectRecord>(record.FindProperty(nameof(StixObjectRecord.ContributorUserId))!, r => r.ContributorUserId),
            C<StixObjectRecord>(record.FindProperty(nameof(StixObjectRecord.Sectors))!, r => r.Sectors),
        };
        // Every mapped column of the table is written: a property added to the entity and not here fails loudly, not silently.
        var table = StoreObjectIdentifier.Table(record.GetTableName()!, record.GetSchema());
        var mapped = record.GetProperties().Concat(distribution.GetProperties()).Select(p => p.GetColumnName(table)).Distinct().Count();
        if (mapped != records.Length) throw new InvalidOperationException($"StixObjectInserter writes {records.Length} columns of StixObjects; the model maps {mapped}.");
        var audienceColumns = new[]
        {
            C<AudienceRow>(audience.FindProperty("Id")!, a => a.Id),
            C<AudienceRow>(audience.FindProperty(nameof(AudienceEntry.Kind))!, a => a.Entry.Kind),
            C<AudienceRow>(audience.FindProperty(nameof(AudienceEntry.Value))!, a => a.Entry.Value),
            C<AudienceRow>(audience.GetProperties().Single(p => p.IsForeignKey()), a => a.Owner),
        };
        if (audience.GetProperties().Count() != audienceColumns.Length) throw new InvalidOperationException("StixObjectInserter does not write every audience column.");
        return new Plan(record.GetTableName()!, records, audience.GetTableName()!, audienceColumns);
    }

    private static string Sql<T>(string table, Column<T>[] columns, Func<int, string> parameter)
        => $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => "\"" + c.Property.GetColumnName() + "\""))}) " +
           $"VALUES ({string.Join(", ", columns.Select((_, i) => parameter(i)))})";

    private static async Task PreparedAsync<T>(DbConnection connection, DbTransaction tx, string table, Column<T>[] columns, IReadOnlyList<T> rows, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = Sql(table, columns, i => "@p" + i.ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < columns.Length; i++)
            command.Parameters.Add(columns[i].Mapping.CreateParameter(command, "@p" + i.ToString(CultureInfo.InvariantCulture), columns[i].Get(rows[0]), columns[i].Property.IsNullable));
        await command.PrepareAsync(ct);
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Length; i++) command.Parameters[i].Value = columns[i].Provider(row);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task BatchAsync<T>(DbConnection connection, DbTransaction tx, string table, Column<T>[] columns, IReadOnlyList<T> rows, CancellationToken ct)
    {
        // Positional parameters ($1…): every command of a batch has the same text.
        var sql = Sql(table, columns, i => "$" + (i + 1).ToString(CultureInfo.InvariantCulture));
        foreach (var chunk in rows.Chunk(BatchRows))
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = tx;
            foreach (var row in chunk)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = sql;
                foreach (var column in columns)
                {
                    var p = command.CreateParameter();
                    p.Value = column.Provider(row);
                    if (column.Mapping.DbType is { } type) p.DbType = type;
                    command.Parameters.Add(p);
                }
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(ct);
        }
    }
}
