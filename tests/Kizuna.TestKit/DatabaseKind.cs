using Xunit;

namespace Kizuna.TestKit;

/// <summary>The databases every data test runs on.</summary>
public enum DatabaseKind
{
    Sqlite,
    Postgres,
}

/// <summary>Theory data: <c>[Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]</c>.</summary>
public static class Databases
{
    public static TheoryData<DatabaseKind> Both => new(DatabaseKind.Sqlite, DatabaseKind.Postgres);
}
