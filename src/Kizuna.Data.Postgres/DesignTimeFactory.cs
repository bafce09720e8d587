using Kizuna.Core.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace Kizuna.Data.Postgres;

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model (no server is contacted).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<KizunaDb>
{
    public KizunaDb CreateDbContext(string[] args)
        => new(KizunaDbSetup.Build(new DatabaseOptions { ConnectionString = "Host=localhost;Database=kizuna_design" }));
}
