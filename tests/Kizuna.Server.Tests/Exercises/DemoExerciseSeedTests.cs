using System.Net;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Exercises.Drills;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Server.Tests.Exercises;

/// <summary>
/// The demo's exercise and drill (<see cref="SeedDemoExercisesHandler"/>): a draft exercise that created
/// no item, a closed drill whose chain is consistent, and the exercise pages linking each part to the
/// live board and after-action report it may see (and nobody else to anything).
/// </summary>
public sealed class DemoExerciseSeedTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static string Nisc => DemoUsers.All.First(u => u.Org == "NISC" && !u.PlatformAdmin).Email;

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Seed_DraftExerciseWithoutItems_AndClosedDrillWithAConsistentChain(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        await using var db = server.NewContext();
        var exercise = await db.Exercises.AsNoTracking().SingleAsync(e => e.Title == SeedDemoExercisesHandler.ExerciseTitle);
        Assert.Equal(ExerciseStates.Draft, exercise.Status);
        Assert.Null(exercise.StartedAt);
        Assert.Equal("NISC", await db.Organizations.Where(o => o.Id == exercise.OrganizationId).Select(o => o.Code).SingleAsync());
        var roles = await (from p in db.ExerciseParticipants.AsNoTracking() join o in db.Organizations on p.OrganizationId equals o.Id
                           where p.ExerciseId == exercise.Id select new { o.Code, p.Role }).ToListAsync();
        Assert.Equal(["METI"], roles.Where(r => r.Role == ExerciseRoles.Controller).Select(r => r.Code));
        Assert.Equal(["MIC"], roles.Where(r => r.Role == ExerciseRoles.Observer).Select(r => r.Code));
        Assert.True(roles.Count(r => r.Role == ExerciseRoles.Player) >= 3);
        var injects = await db.ExerciseInjects.AsNoTracking().Where(i => i.ExerciseId == exercise.Id).ToListAsync();
        Assert.InRange(injects.Count, 4, 6);
        Assert.Equal(injects.Count, injects.Select(i => i.Kind).Distinct().Count());
        Assert.All(injects, i => Assert.Equal((InjectStates.Pending, (Guid?)null, (DateTimeOffset?)null), (i.Status, i.ItemId, i.DueAt)));
        var expectations = injects.SelectMany(i => i.Expectations).ToList();
        Assert.Contains(expectations, e => e is { Kind: ExpectedResponseKinds.Relay, OrganizationCode: "SEC-ELECTRICITY" });
        Assert.Contains(expectations, e => e.Kind == ExpectedResponseKinds.Acknowledge);
        Assert.Contains(expectations, e => e.Kind == ExpectedResponseKinds.AnswerStatus);
        // A draft creates nothing: no item anywhere is marked with any exercise.
        Assert.False(await db.Reports.AnyAsync(r => r.ExerciseId != null));
        Assert.False(await db.Advisories.AnyAsync(a => a.ExerciseId != null));
        Assert.False(await db.HotlineAlerts.AnyAsync(a => a.ExerciseId != null));
        Assert.False(await db.Notices.AnyAsync(n => n.ExerciseId != null));
        Assert.False(await db.CrisisDeclarations.AnyAsync(c => c.ExerciseId != null));

        var drill = await db.Set<Drill>().AsNoTracking().SingleAsync(d => d.Title == SeedDemoExercisesHandler.DrillTitle);
        Assert.Equal(DrillStates.Closed, drill.Status);
        Assert.True(drill.StartedAt < drill.ClosesAt && drill.ClosedAt <= DateTimeOffset.UtcNow);
        var chain = await db.Set<DrillRecipient>().AsNoTracking().Where(r => r.DrillId == drill.Id).ToListAsync();
        Assert.Contains(chain, r => r.IsAcknowledged);
        Assert.Contains(chain, r => r.ReceivedAt is not null && !r.IsAcknowledged);
        Assert.True(chain.Max(r => r.Hop) >= 3, "The demo drill runs down three hops (ministries, CEPTOARs, operators).");
        var byOrg = chain.ToDictionary(r => r.OrganizationId);
        foreach (var r in chain)
        {
            // Never acknowledged before it arrived or after the close; reached only through a parent that relayed.
            if (r.AcknowledgedAt is { } ack) Assert.True(r.ReceivedAt <= ack && ack <= drill.ClosesAt);
            if (r.Hop > 1) Assert.Equal(byOrg[r.ParentOrganizationId].RelayedAt, r.ReceivedAt);
            Assert.Equal(r.Relays && r.IsAcknowledged, r.RelayedAt is not null);
        }
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task ExercisePages_LinkBoardAndReport_AsEachPartMaySee(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        Guid id;
        await using (var db = server.NewContext())
            id = await db.Exercises.Where(e => e.Title == SeedDemoExercisesHandler.ExerciseTitle).Select(e => e.Id).SingleAsync();

        // (user, board link, report link, sight)
        foreach (var (email, board, report, sight) in new[]
        {
            (Nisc, true, true, "full"),
            (DemoUsers.Of("METI", "analyst"), true, true, "full"),
            (DemoUsers.Of("MIC", "analyst"), true, false, "board"),
            (DemoUsers.Of("HIKARI-BANK", "reporter"), true, true, "own"),
        })
        {
            using var session = await server.SignInAsync(email);
            foreach (var path in new[] { $"/exercises/{id}", "/exercises" })
            {
                var html = WebUtility.HtmlDecode(await session.GetStringAsync(path));
                Assert.Contains($"data-exercise=\"{id}\" data-sight=\"{sight}\"", html);
                Assert.Equal(board, html.Contains($"href=\"/exercises/{id}/board\"", StringComparison.Ordinal));
                Assert.Equal(report, html.Contains($"href=\"/exercises/{id}/report\"", StringComparison.Ordinal));
            }
            // Every link shown opens; the board links to the report only for those who may read it.
            var boardPage = await session.GetAsync($"/exercises/{id}/board");
            Assert.Equal(HttpStatusCode.OK, boardPage.StatusCode);
            Assert.Equal(report, Html.HasElement(await boardPage.Content.ReadAsStringAsync(), "report-link"));
            if (report) Assert.Equal(HttpStatusCode.OK, (await session.GetAsync($"/exercises/{id}/report")).StatusCode);
        }

        // An organisation outside the exercise sees no link, no row, and 404 on the page.
        using var fsa = await server.SignInAsync(DemoUsers.Of("FSA", "analyst"));
        Assert.DoesNotContain(id.ToString(), await fsa.GetStringAsync("/exercises"));
        var page = await fsa.GetAsync($"/exercises/{id}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain($"/exercises/{id}/board", await page.Content.ReadAsStringAsync());
    }
}
