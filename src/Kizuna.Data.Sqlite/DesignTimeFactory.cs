using Kizuna.Core.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace Kizuna.Data.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite model.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<KizunaDb>
{
    public KizunaDb CreateDbContext(string[] args)
        => new(KizunaDbSetup.Build(new DatabaseOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "kizuna-design") }));
}
