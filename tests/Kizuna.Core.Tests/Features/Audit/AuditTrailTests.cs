using Kizuna.Core.Features.Audit;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Kizuna.Core.Tests.Features.Audit;

public sealed class AuditTrailTests
{
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_AfterAppends_ChainIsIntact(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var clock = new FakeTimeProvider(Start);
        await AppendAsync(db, clock, 10);

        await using var ctx = db.NewContext();
        Assert.Null(await AuditTrail.VerifyAsync(ctx));
        var rows = await ctx.AuditEntries.OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), rows.Select(r => r.Sequence));
        Assert.Equal(AuditEntry.GenesisHash, rows[0].PreviousHash);
        for (var i = 1; i < rows.Count; i++) Assert.Equal(rows[i - 1].Hash, rows[i].PreviousHash);
        Assert.All(rows, r => Assert.Equal(r.Hash, r.ComputeHash()));
        Assert.Equal("detail 7", rows[6].Detail);
        // Times come from the clock and survive the round trip to the microsecond.
        Assert.Equal(Start.AddSeconds(6), rows[6].At);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_EmptyTrail_IsIntact(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var ctx = db.NewContext();
        Assert.Null(await AuditTrail.VerifyAsync(ctx));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_DetailAlteredWithRawSql_ReportsThatSequence(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await AppendAsync(db, new FakeTimeProvider(Start), 8);

        await using var ctx = db.NewContext();
        var changed = await ctx.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Detail\" = 'nothing to see' WHERE \"Sequence\" = 5");
        Assert.Equal(1, changed);

        var broken = await AuditTrail.VerifyAsync(ctx);
        Assert.NotNull(broken);
        Assert.Equal(5, broken.Sequence);
        Assert.Contains("altered", broken.Reason);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_RowEditedAndRehashed_ReportsTheNextRowAsUnlinked(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await AppendAsync(db, new FakeTimeProvider(Start), 6);

        // A forger who edits row 3 and also rewrites its hash still breaks the link from row 4.
        await using var ctx = db.NewContext();
        await ctx.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Detail\" = 'forged' WHERE \"Sequence\" = 3");
        var forged = await ctx.AuditEntries.AsNoTracking().SingleAsync(e => e.Sequence == 3);
        var rehash = forged.ComputeHash();
        await ctx.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Hash\" = {0} WHERE \"Sequence\" = 3", rehash);

        var broken = await AuditTrail.VerifyAsync(ctx);
        Assert.NotNull(broken);
        Assert.Equal(4, broken.Sequence);
        Assert.Contains("does not link", broken.Reason);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_MiddleRowDeleted_ReportsItMissing(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await AppendAsync(db, new FakeTimeProvider(Start), 9);

        await using var ctx = db.NewContext();
        Assert.Equal(1, await ctx.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 4"));

        var broken = await AuditTrail.VerifyAsync(ctx);
        Assert.NotNull(broken);
        Assert.Equal(4, broken.Sequence);
        Assert.Contains("missing", broken.Reason);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Verify_FirstRowDeleted_ReportsRowOneMissing(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await AppendAsync(db, new FakeTimeProvider(Start), 3);

        await using var ctx = db.NewContext();
        await ctx.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 1");

        var broken = await AuditTrail.VerifyAsync(ctx);
        Assert.NotNull(broken);
        Assert.Equal(1, broken.Sequence);
        Assert.Contains("missing", broken.Reason);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Append_ConcurrentFromFourContexts_LeavesGapFreeIntactChain(DatabaseKind kind)
    {
        const int writers = 4, each = 25;
        await using var db = await TestDatabase.CreateAsync(kind);
        var trail = new AuditTrail(TimeProvider.System);
        using var go = new ManualResetEventSlim(false);

        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            await using var ctx = db.NewContext();
            go.Wait();
            for (var i = 0; i < each; i++)
                await trail.AppendAsync(ctx, new AuditRecord("test.concurrent", ActorEmail: $"writer{w}@test.example", Detail: $"{w}/{i}"));
        })).ToList();
        go.Set();
        await Task.WhenAll(tasks);

        await using var check = db.NewContext();
        Assert.Null(await AuditTrail.VerifyAsync(check));
        var rows = await check.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, writers * each).Select(i => (long)i), rows.Select(r => r.Sequence));
        // Every append landed exactly once.
        Assert.Equal(
            Enumerable.Range(0, writers).SelectMany(w => Enumerable.Range(0, each).Select(i => $"{w}/{i}")).Order(),
            rows.Select(r => r.Detail!).Order());
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Append_ManyWritersInsideTheirOwnTransactions_NoneFailsAndTheChainIsIntact(DatabaseKind kind)
    {
        // As handlers append: inside their transaction, with work after the append and before the
        // commit. Racing for the tail used to make PostgreSQL appenders wait for each other's commits
        // and run out of attempts (acknowledgements answered 500 under a few dozen at once).
        const int writers = 16, each = 6;
        await using var db = await TestDatabase.CreateAsync(kind);
        var trail = new AuditTrail(TimeProvider.System);
        using var go = new ManualResetEventSlim(false);

        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            await using var ctx = db.NewContext();
            go.Wait();
            for (var i = 0; i < each; i++)
            {
                await using var tx = await ctx.Database.BeginTransactionAsync();
                await trail.AppendAsync(ctx, new AuditRecord("test.tx", Detail: $"{w}/{i}"));
                await ctx.AuditEntries.CountAsync();
                await Task.Delay(3);
                await tx.CommitAsync();
            }
        })).ToList();
        go.Set();
        await Task.WhenAll(tasks);

        await using var check = db.NewContext();
        Assert.Null(await AuditTrail.VerifyAsync(check));
        Assert.Equal(writers * each, await check.AuditEntries.CountAsync(e => e.Action == "test.tx"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AppendMany_AfterSingleAppends_ContinuesTheChainAndVerifies(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var clock = new FakeTimeProvider(Start);
        await AppendAsync(db, clock, 3);
        await using (var ctx = db.NewContext())
        {
            var trail = new AuditTrail(clock);
            await trail.AppendManyAsync(ctx, Enumerable.Range(1, 5).Select(i => new AuditRecord("test.batch", TargetType: "thing", TargetId: $"batch-{i}")).ToList());
            await trail.AppendManyAsync(ctx, []); // nothing, and no error
            await trail.AppendManyAsync(ctx, [new AuditRecord("test.batch", TargetId: "single")]);
        }

        await using var check = db.NewContext();
        Assert.Null(await AuditTrail.VerifyAsync(check));
        var rows = await check.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (long)i), rows.Select(r => r.Sequence));
        for (var i = 1; i < rows.Count; i++) Assert.Equal(rows[i - 1].Hash, rows[i].PreviousHash);
        Assert.Equal(["batch-1", "batch-2", "batch-3", "batch-4", "batch-5", "single"], rows.Skip(3).Select(r => r.TargetId!));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AppendMany_RacingSingleAppends_LeavesGapFreeIntactChain(DatabaseKind kind)
    {
        const int writers = 3, each = 10, batch = 7;
        await using var db = await TestDatabase.CreateAsync(kind);
        var trail = new AuditTrail(TimeProvider.System);
        using var go = new ManualResetEventSlim(false);

        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            await using var ctx = db.NewContext();
            go.Wait();
            for (var i = 0; i < each; i++)
            {
                if (w == 0) await trail.AppendManyAsync(ctx, Enumerable.Range(0, batch).Select(j => new AuditRecord("test.batch", Detail: $"{w}/{i}/{j}")).ToList());
                else await trail.AppendAsync(ctx, new AuditRecord("test.single", Detail: $"{w}/{i}"));
            }
        })).ToList();
        go.Set();
        await Task.WhenAll(tasks);

        await using var check = db.NewContext();
        Assert.Null(await AuditTrail.VerifyAsync(check));
        var rows = await check.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
        var expected = each * batch + (writers - 1) * each;
        Assert.Equal(Enumerable.Range(1, expected).Select(i => (long)i), rows.Select(r => r.Sequence));
        Assert.Equal(expected, rows.Select(r => r.Detail).Distinct().Count());
        // A batch lands as consecutive rows, in its order.
        foreach (var g in rows.Where(r => r.Action == "test.batch").GroupBy(r => r.Detail![..r.Detail!.LastIndexOf('/')]))
            Assert.Equal(Enumerable.Range(0, batch).Select(j => g.First().Sequence + j), g.Select(r => r.Sequence));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Append_WithPendingChange_SavesBothTogether(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var clock = new FakeTimeProvider(Start);
        await using (var ctx = db.NewContext())
        {
            var org = new Kizuna.Core.Features.Directory.Organization("AUDIT-TEST", "監査テスト", "Audit test", "operator", clock.GetUtcNow());
            ctx.Organizations.Add(org);
            await new AuditTrail(clock).AppendAsync(ctx, new AuditRecord("organization.created", TargetType: "organization", TargetId: org.Code));
        }
        await using var check = db.NewContext();
        Assert.True(await check.Organizations.AnyAsync(o => o.Code == "AUDIT-TEST"));
        Assert.Equal("AUDIT-TEST", (await check.AuditEntries.SingleAsync()).TargetId);
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Append_DetailLongerThanLimit_IsTruncatedAndChainStaysIntact(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
            await new AuditTrail(new FakeTimeProvider(Start)).AppendAsync(ctx, new AuditRecord("test.long", Detail: new string('x', AuditEntry.MaxDetailLength + 100)));
        await using var check = db.NewContext();
        Assert.Equal(AuditEntry.MaxDetailLength, (await check.AuditEntries.SingleAsync()).Detail!.Length);
        Assert.Null(await AuditTrail.VerifyAsync(check));
    }

    private static async Task AppendAsync(TestDatabase db, FakeTimeProvider clock, int count)
    {
        var trail = new AuditTrail(clock);
        await using var ctx = db.NewContext();
        for (var i = 1; i <= count; i++)
        {
            await trail.AppendAsync(ctx, new AuditRecord("test.appended", Guid.NewGuid(), $"user{i}@test.example", Guid.NewGuid(), "thing", $"id-{i}", $"detail {i}", "192.0.2.1"));
            clock.Advance(TimeSpan.FromSeconds(1));
        }
    }
}
