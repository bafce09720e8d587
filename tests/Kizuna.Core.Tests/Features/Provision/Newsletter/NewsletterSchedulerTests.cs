using Kizuna.Core.Features.Provision.Newsletter;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kizuna.Core.Tests.Features.Provision.Newsletter;

public sealed class NewsletterSchedulerTests
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task RunOnce_OnDraftingDay_DraftsThePeriodOnceAcrossNodes(DatabaseKind kind)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 5, 0, Jst));
        await using var host = await CoreHost.CreateAsync(kind, demo: false, clock);
        var scheduler = host.Services.GetRequiredService<NewsletterScheduler>();
        // A second node: its own scheduler over the same database.
        var other = ActivatorUtilities.CreateInstance<NewsletterScheduler>(host.Services);

        Assert.Equal("2026-11-2", await scheduler.RunOnceAsync());
        Assert.Null(await scheduler.RunOnceAsync());
        Assert.Null(await other.RunOnceAsync());

        clock.SetUtcNow(new DateTimeOffset(2026, 12, 15, 23, 59, 0, Jst));
        Assert.Null(await scheduler.RunOnceAsync());

        clock.SetUtcNow(new DateTimeOffset(2026, 12, 16, 0, 0, 30, Jst));
        var results = await Task.WhenAll(scheduler.RunOnceAsync(), other.RunOnceAsync());
        Assert.Equal(["2026-12-1"], results.Where(r => r is not null).ToArray());

        await using var db = host.NewContext();
        var issues = await db.NewsletterIssues.AsNoTracking().OrderBy(i => i.PeriodStart).ToListAsync();
        Assert.Equal(["2026-11-2", "2026-12-1"], issues.Select(i => i.Number).ToArray());
        Assert.All(issues, i => Assert.Equal(NewsletterStatus.Draft, i.Status));
        Assert.All(issues, i => Assert.Null(i.CreatedByUserId));
        Assert.Equal(new DateTimeOffset(2026, 11, 16, 0, 0, 0, Jst), issues[0].PeriodStart);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, Jst), issues[0].PeriodEnd);
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == "newsletter.drafted"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Execute_ClockMovesPastDraftingDay_DraftsOnTheNextCheck(DatabaseKind kind)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 10, 9, 0, 0, Jst));
        await using var host = await CoreHost.CreateAsync(kind, demo: false, clock);
        var scheduler = host.Services.GetRequiredService<NewsletterScheduler>();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await scheduler.StartAsync(stop.Token);
        try
        {
            // The first check runs at once and drafts the period that ended on 1 December.
            await WaitForAsync(host, "2026-11-2", stop.Token);
            clock.SetUtcNow(new DateTimeOffset(2026, 12, 16, 0, 0, 10, Jst));
            // Time passes for the timer too: the next check is one interval later.
            clock.Advance(new NewsletterOptions().CheckInterval);
            await WaitForAsync(host, "2026-12-1", stop.Token);
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }
        await using var db = host.NewContext();
        Assert.Equal(2, await db.NewsletterIssues.CountAsync());
    }

    private static async Task WaitForAsync(CoreHost host, string number, CancellationToken ct)
    {
        while (true)
        {
            await using (var db = host.NewContext())
                if (await db.NewsletterIssues.AnyAsync(i => i.Number == number, ct)) return;
            await Task.Delay(20, ct);
        }
    }
}
