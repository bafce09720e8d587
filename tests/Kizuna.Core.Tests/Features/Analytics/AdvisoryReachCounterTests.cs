using System.Data.Common;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Analytics.Trends;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kizuna.Core.Tests.Features.Analytics;

/// <summary>Advisory reach is counted in two round trips (advisories with their deliveries, then the answers), whatever the scope.</summary>
public sealed class AdvisoryReachCounterTests
{
    private sealed class CommandCounter : DbCommandInterceptor
    {
        public int Readers;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Readers);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Count_NoAdvisories_ZerosInTwoRoundTrips(DatabaseKind kind)
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        var counter = new CommandCounter();
        await using var db = new KizunaDb(new DbContextOptionsBuilder<KizunaDb>(KizunaDbSetup.Build(database.Options)).AddInterceptors(counter).Options);
        var from = new DateTimeOffset(2026, 4, 1, 0, 0, 0, Jst.Offset);
        foreach (var scope in new[] { new StatisticsScope(null, false, 3), new StatisticsScope(new HashSet<string> { "finance" }, true, 3) })
        {
            var before = counter.Readers;
            var reach = await AdvisoryReachCounter.CountAsync(db, Viewer.System, scope, from, from.AddYears(1), TestContext.Current.CancellationToken);
            Assert.Equal(2, counter.Readers - before);
            Assert.All(new[] { reach.Advisories, reach.Recipients, reach.Received, reach.Opened, reach.Acknowledged }.Concat(reach.Feedback.Select(f => f.Count)),
                c => Assert.Equal("0", c.Display));
        }
    }
}
