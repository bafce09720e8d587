namespace Kizuna.Core.Data;

/// <summary>Where the data lives. Bound from the <c>Database</c> section and the <c>--database</c> / <c>--data-dir</c> options.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>A PostgreSQL connection string (<c>Host=…</c>); when empty, the embedded SQLite database is used.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder for the embedded SQLite database and other local files.</summary>
    public string DataDirectory { get; set; } = "./data";

    public bool IsPostgres => !string.IsNullOrWhiteSpace(ConnectionString)
        && ConnectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    public string SqlitePath => Path.GetFullPath(Path.Combine(DataDirectory, "kizuna.db"));

    /// <summary>A human-readable description without secrets, for logs and the ready probe.</summary>
    public string Describe() => IsPostgres ? "PostgreSQL" : $"SQLite at {SqlitePath}";
}
