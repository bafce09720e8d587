using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Tests.Data;

public sealed class MigrationsTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Migrations_EachProvider_MatchTheModel(DatabaseKind kind)
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var db = database.NewContext();
        Assert.False(db.Database.HasPendingModelChanges(), $"The {kind} migrations lag the model: run scripts/new-migration.sh NAME.");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
    }
}
