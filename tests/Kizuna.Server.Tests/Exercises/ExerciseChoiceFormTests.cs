using System.Net;
using Kizuna.Core.Features.Exercises;
using Kizuna.Server.Tests.Support;
using Kizuna.TestKit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Server.Tests.Exercises;

/// <summary>
/// Players act as for real: the hotline's urgent report (上り) and alert forms and the advisory draft form
/// offer the running exercises the organisation is a member of, and file the item in the one chosen;
/// a non-member is offered nothing, and a value that names no exercise is refused with nothing stored.
/// </summary>
public sealed class ExerciseChoiceFormTests(ExerciseDataFixture fixture) : IClassFixture<ExerciseDataFixture>
{
    private static string Nisc => DemoUsers.All.First(u => u.Org == "NISC" && !u.PlatformAdmin).Email;
    private static string BankReporter => DemoUsers.Of("HIKARI-BANK", "reporter");
    private static string PowerReporter => DemoUsers.Of("AKEBONO-POWER", "reporter");

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task HotlineUrgentReport_ExerciseChosen_IsFiledInTheExercise_NonMembersAreOfferedNothing(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var tag = Guid.NewGuid().ToString("N")[..10];
        var exerciseId = await RunningExerciseAsync(server, tag);
        using var bank = await server.SignInAsync(BankReporter);
        var form = WebUtility.HtmlDecode(await bank.GetStringAsync("/hotline"));
        Assert.True(Html.HasElement(form, "report-exercise"), "The urgent report form offers no exercise to a player.");
        Assert.Contains($"value=\"{exerciseId}\"", form);
        using (var power = await server.SignInAsync(PowerReporter))
        {
            var other = await power.GetStringAsync("/hotline");
            Assert.DoesNotContain(exerciseId.ToString(), other);
            Assert.False(Html.HasElement(other, "report-exercise"));
        }

        Dictionary<string, string> Fields(string title, string exercise) => new()
        {
            ["Report.Class"] = "cyber", ["Report.Severity"] = "3", ["Report.Title"] = title, ["Report.Message"] = "Simulated outage.",
            ["Report.Tlp"] = "AMBER", ["Report.ExerciseId"] = exercise,
        };
        var posted = await KizunaTestServer.PostFormAsync(bank, "/hotline", "raise-report", Fields($"Exercise urgent {tag}", exerciseId.ToString()));
        Assert.True((int)posted.StatusCode < 400, $"{(int)posted.StatusCode} {await posted.Content.ReadAsStringAsync()}");
        // A value that names no exercise: a readable error on the page, nothing stored.
        var refused = await KizunaTestServer.PostFormAsync(bank, "/hotline", "raise-report", Fields($"Bad exercise {tag}", "not-an-exercise"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("exercise", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.OrdinalIgnoreCase);
        // A real one: no exercise.
        var real = await KizunaTestServer.PostFormAsync(bank, "/hotline", "raise-report", Fields($"Real urgent {tag}", ""));
        Assert.True((int)real.StatusCode < 400);
        await using var db = server.NewContext();
        Assert.Equal(exerciseId, (await db.HotlineAlerts.SingleAsync(a => a.Title == $"Exercise urgent {tag}")).ExerciseId);
        Assert.Null((await db.HotlineAlerts.SingleAsync(a => a.Title == $"Real urgent {tag}")).ExerciseId);
        Assert.False(await db.HotlineAlerts.AnyAsync(a => a.Title == $"Bad exercise {tag}"));
    }

    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task AdvisoryDraftForm_ExerciseChosen_DraftBelongsToTheExercise_AndKeepsIt(DatabaseKind kind)
    {
        var server = await fixture.ServerAsync(kind);
        var tag = Guid.NewGuid().ToString("N")[..10];
        var exerciseId = await RunningExerciseAsync(server, tag);
        using var nisc = await server.SignInAsync(Nisc);
        var form = WebUtility.HtmlDecode(await nisc.GetStringAsync("/advisories/new"));
        Assert.True(Html.HasElement(form, "exercise"), "The advisory form offers no exercise to the running organisation.");
        Assert.Contains($"value=\"{exerciseId}\"", form);
        using (var fsa = await server.SignInAsync(DemoUsers.Of("FSA", "analyst")))
            Assert.DoesNotContain(exerciseId.ToString(), await fsa.GetStringAsync("/advisories/new"));

        var posted = await KizunaTestServer.PostFormAsync(nisc, "/advisories/new", "advisory", new Dictionary<string, string>
        {
            ["Input.Title"] = $"Exercise advisory {tag}", ["Input.Summary"] = "Check remote access.", ["Input.Body"] = "Close unused paths.",
            ["Input.Severity"] = "2", ["Input.Language"] = "ja", ["Input.Tlp"] = "GREEN", ["Input.Sectors"] = "finance", ["Input.ExerciseId"] = exerciseId.ToString(),
        });
        Assert.True((int)posted.StatusCode < 400, $"{(int)posted.StatusCode} {await posted.Content.ReadAsStringAsync()}");
        Guid advisoryId;
        await using (var db = server.NewContext())
        {
            var advisory = await db.Advisories.SingleOrDefaultAsync(a => a.ExerciseId == exerciseId);
            Assert.True(advisory is not null, $"No exercise advisory stored: {(int)posted.StatusCode} {posted.Headers.Location} {await posted.Content.ReadAsStringAsync()}");
            advisoryId = advisory.Id;
        }
        // Editing the draft shows the exercise banner and offers no other exercise: the draft keeps its own.
        var edit = WebUtility.HtmlDecode(await nisc.GetStringAsync($"/advisories/{advisoryId}/edit"));
        Assert.True(Html.HasElement(edit, "exercise-banner"));
        Assert.False(Html.HasElement(edit, "exercise"));
    }

    /// <summary>A running exercise of the coordinator with the bank and its CEPTOAR as players (written straight in: the fixture's runner is off).</summary>
    private static async Task<Guid> RunningExerciseAsync(KizunaTestServer server, string tag)
    {
        await using var db = server.NewContext();
        var now = DateTimeOffset.UtcNow;
        var nisc = await db.Organizations.SingleAsync(o => o.Code == "NISC");
        var user = await db.Users.Where(u => u.Email == Nisc).Select(u => u.Id).SingleAsync();
        var exercise = new Exercise($"Form exercise {tag}", null, 60, null, nisc.Id, user, now);
        exercise.Start(now);
        db.Exercises.Add(exercise);
        foreach (var id in await db.Organizations.Where(o => o.Code == "HIKARI-BANK" || o.Code == "SEC-FIN-BANK").Select(o => o.Id).ToListAsync())
            db.ExerciseParticipants.Add(new ExerciseParticipant(exercise.Id, id, ExerciseRoles.Player, 2, now));
        await db.SaveChangesAsync();
        return exercise.Id;
    }
}
