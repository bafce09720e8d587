using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Exercises.Drills;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Kizuna.Server.Tests.Support;

namespace Kizuna.Server.Tests.Drills;

/// <summary>
/// One server per database kind for the drill tests, on a fake clock, with the drill scheduler and the
/// outbox worker off: the tests run scheduler rounds and the drill-notify fan-out themselves, and
/// read the mails and webhook calls as the outbox rows they are.
/// </summary>
public sealed class DrillFixture() : FakeClockServerFixture(Settings)
{
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["Drills:WorkerEnabled"] = "false",
        ["Delivery:WorkerEnabled"] = "false",
        ["Delivery:PublicBaseUrl"] = "https://kizuna.example.jp",
        ["Server:TokenPermitsPerMinute"] = "100000",
    };

    /// <summary>Runs the drill-notify fan-out for the organisations the message has reached so far (what the outbox worker does).</summary>
    public static async Task FanOutAsync(KizunaTestServer server, Guid drillId, string organizationCode)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Kizuna.Core.Data.KizunaDb>();
        var orgId = await db.Organizations.Where(o => o.Code == organizationCode).Select(o => o.Id).SingleAsync();
        var rows = await db.Outbox.Where(m => m.Channel == DrillStarter.NotifyChannel && m.IdempotencyKey == $"drill:{drillId:N}:{orgId:N}").ToListAsync();
        Assert.Single(rows);
        var handler = scope.ServiceProvider.GetServices<IOutboxHandler>().Single(h => h.Channel == DrillStarter.NotifyChannel);
        Assert.Equal(OutboxOutcome.Delivered, (await handler.HandleAsync(rows[0], db, CancellationToken.None)).Outcome);
        await db.SaveChangesAsync();
    }
}
