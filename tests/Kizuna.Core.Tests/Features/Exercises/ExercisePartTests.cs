using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Exercises.Evaluation;
using Kizuna.Core.Features.Identity;

namespace Kizuna.Core.Tests.Features.Exercises;

/// <summary>
/// The two exercise access rules (authoring/running and evaluation) agree on who is runner, controller,
/// observer or player: both derive from <see cref="ExerciseAccess.PartOf"/>.
/// </summary>
public sealed class ExercisePartTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Runner = Guid.NewGuid();
    private static readonly Exercise Exercise = new("Demo", null, 1, null, Runner, Guid.NewGuid(), Now);

    private static Viewer Of(Guid org, string role, string kind = OrganizationKinds.Operator)
        => new(Guid.NewGuid(), "u@test.example", org, "ORG", kind, [], null, [role], false);

    private static ExerciseParticipant Participant(Guid org, string role, bool removed)
    {
        var p = new ExerciseParticipant(Exercise.Id, org, role, 1, Now);
        if (removed) p.Remove(Now.AddMinutes(5));
        return p;
    }

    public static TheoryData<string, bool, string, ExercisePart, string, ExerciseSight> Rows() => new()
    {
        // participant role, removed, viewer's role → part, CRUD level, evaluation sight
        { ExerciseRoles.Controller, false, OrgRoles.Analyst, ExercisePart.Controller, ExerciseAccessLevels.Manage, ExerciseSight.Full },
        { ExerciseRoles.Controller, false, OrgRoles.Viewer, ExercisePart.Controller, ExerciseAccessLevels.Observe, ExerciseSight.Full },
        { ExerciseRoles.Observer, false, OrgRoles.Analyst, ExercisePart.Observer, ExerciseAccessLevels.Observe, ExerciseSight.Board },
        { ExerciseRoles.Player, false, OrgRoles.Analyst, ExercisePart.Player, ExerciseAccessLevels.Play, ExerciseSight.Own },
        { ExerciseRoles.Player, true, OrgRoles.Reporter, ExercisePart.Player, ExerciseAccessLevels.Play, ExerciseSight.Own },
        // Removed controllers and observers keep only what reached them, in both rules.
        { ExerciseRoles.Controller, true, OrgRoles.Analyst, ExercisePart.Player, ExerciseAccessLevels.Play, ExerciseSight.Own },
        { ExerciseRoles.Observer, true, OrgRoles.Analyst, ExercisePart.Player, ExerciseAccessLevels.Play, ExerciseSight.Own },
    };

    [Theory, MemberData(nameof(Rows))]
    public void PartOf_Participant_BothRulesAgree(string role, bool removed, string viewerRole, ExercisePart part, string level, ExerciseSight sight)
    {
        var org = Guid.NewGuid();
        var viewer = Of(org, viewerRole);
        var own = Participant(org, role, removed);
        Assert.Equal(part, ExerciseAccess.PartOf(Exercise, own, viewer));
        Assert.Equal(level, ExerciseAccess.LevelOf(Exercise, own, viewer));
        Assert.Equal(sight, ExerciseEvaluationAccess.SightOf(Exercise, own, viewer));
    }

    [Fact]
    public void PartOf_RunnerSystemAndOutsider_RunnerOrNothing()
    {
        var runnerViewer = Of(Runner, OrgRoles.Viewer, OrganizationKinds.Coordinator);
        Assert.Equal(ExercisePart.Runner, ExerciseAccess.PartOf(Exercise, null, runnerViewer));
        Assert.Equal(ExerciseAccessLevels.Observe, ExerciseAccess.LevelOf(Exercise, null, runnerViewer));
        Assert.Equal(ExerciseSight.Full, ExerciseEvaluationAccess.SightOf(Exercise, null, runnerViewer));
        Assert.Equal(ExerciseAccessLevels.Manage, ExerciseAccess.LevelOf(Exercise, null, Of(Runner, OrgRoles.Analyst, OrganizationKinds.Coordinator)));
        Assert.Equal(ExerciseAccessLevels.Manage, ExerciseAccess.LevelOf(Exercise, null, Viewer.System));
        Assert.Equal(ExerciseSight.Full, ExerciseEvaluationAccess.SightOf(Exercise, null, Viewer.System));

        var outsider = Of(Guid.NewGuid(), OrgRoles.Analyst);
        Assert.Null(ExerciseAccess.PartOf(Exercise, null, outsider));
        Assert.Null(ExerciseAccess.LevelOf(Exercise, null, outsider));
        Assert.Null(ExerciseEvaluationAccess.SightOf(Exercise, null, outsider));
        // Another organisation's participant row never admits the viewer.
        var stranger = Participant(Guid.NewGuid(), ExerciseRoles.Controller, removed: false);
        Assert.Null(ExerciseAccess.LevelOf(Exercise, stranger, outsider));
        Assert.Null(ExerciseEvaluationAccess.SightOf(Exercise, stranger, outsider));
    }
}
