using Kizuna.Core.Data;
using Kizuna.Core.Features.Exercises.Drills;
using Kizuna.Core.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Exercises;

/// <summary>
/// The demo's drills and exercises (<c>--demo</c>), added once after the demo community: a draft
/// cross-sector exercise (分野横断的演習) by the coordinator with players, a controller ministry, an
/// observer and five injects of different kinds with their expected responses, never started (a draft
/// creates no item, so no real count changes); and one closed down drill (セプター訓練) over the
/// electricity and finance chains three days ago, in which most organisations acknowledged and a few
/// did not (drill data lives in its own tables). The exercise goes through the authoring use case as
/// the coordinator's analyst, so it obeys every rule a real one does.
/// </summary>
public sealed class SeedDemoExercisesHandler(KizunaDb db, ViewerFactory viewers, AuthorExerciseHandler author, DrillPlanner planner, TimeProvider clock)
{
    public const string ExerciseTitle = "令和8年度 分野横断的演習（デモ） / FY2026 cross-sector exercise (demo)";
    public const string DrillTitle = "令和8年度 第1回 セプター訓練（デモ） / FY2026 CEPTOAR drill no. 1 (demo)";
    /// <summary>The sectors the demo drill ran down.</summary>
    public static readonly IReadOnlyList<string> DrillSectors = ["electricity", "finance"];

    public async Task<bool> HandleAsync(CancellationToken ct = default)
    {
        if (await db.Exercises.AnyAsync(ct) || await db.Set<Drill>().AnyAsync(ct)) return false;
        var analyst = await db.Users.AsNoTracking().Where(u => u.Email == Interop.SeedDemoIntelHandler.AnalystEmail).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        if (analyst is null || await viewers.ForUserAsync(analyst.Value, ct) is not { } viewer) return false;
        await AddExerciseAsync(viewer, ct);
        await AddDrillAsync(viewer.OrganizationId, viewer.UserId, ct);
        return true;
    }

    private async Task AddExerciseAsync(Disclosure.Viewer viewer, CancellationToken ct)
    {
        var exercise = await author.CreateAsync(new ExerciseInput(ExerciseTitle,
            "電力制御系へのサイバー攻撃を起点に、金融・水道へ波及する想定の分野横断的演習です（架空のシナリオ）。6倍速で約20分。\n"
            + "A cross-sector exercise: a cyber attack on power control systems spreading to finance and water (a fictitious scenario). 6× speed, about 20 minutes.",
            6, null), viewer, ct);
        foreach (var (code, role, people) in new (string, string, int)[]
        {
            ("AKEBONO-POWER", ExerciseRoles.Player, 4), ("SEC-ELECTRICITY", ExerciseRoles.Player, 2), ("HIKARI-BANK", ExerciseRoles.Player, 3),
            ("SEC-FIN-BANK", ExerciseRoles.Player, 2), ("KIYORA-WATER", ExerciseRoles.Player, 2),
            ("METI", ExerciseRoles.Controller, 2), ("MIC", ExerciseRoles.Observer, 1),
        })
            await author.AddParticipantAsync(exercise.Id, new ParticipantInput(code, role, people), viewer, ct);

        InjectAudience[] players = [new(InjectAudienceKinds.Players)];
        foreach (var inject in new InjectInput[]
        {
            new(0, InjectKinds.Alert, "【状況付与】電力制御系への不審な通信 / Suspicious traffic to power control systems",
                "複数の電力事業者の制御系ネットワークで外部への不審な通信が観測されました。受領を確認し、自組織の状況を確認してください。\n"
                + "Suspicious outbound traffic has been seen in the control networks of several power utilities. Acknowledge, and check your own systems.",
                players, [new(ExpectedResponseKinds.Acknowledge, 30)]),
            new(10, InjectKinds.Advisory, "注意喚起: 制御系の遠隔保守経路の点検 / Check remote maintenance paths to control systems",
                "遠隔保守用の接続経路を点検し、不要な経路を遮断してください。電力セプターは傘下の事業者へ速やかに展開してください。\n"
                + "Check remote maintenance connections and close the ones not needed. The electricity CEPTOAR relays this to its operators at once.",
                [new(InjectAudienceKinds.Sector, "electricity")],
                [new(ExpectedResponseKinds.Relay, 30, OrganizationCode: "SEC-ELECTRICITY"), new(ExpectedResponseKinds.Acknowledge, 60)]),
            new(20, InjectKinds.LiaisonReport, "変電所監視端末の異常動作 / Substation monitoring terminals misbehaving",
                "変電所の監視端末が意図しない再起動を繰り返しています（演習の想定）。\nSubstation monitoring terminals keep restarting (exercise scenario).",
                [new(InjectAudienceKinds.Organization, "AKEBONO-POWER")], []),
            new(30, InjectKinds.Message, "状況付与: 金融機関の勘定系に遅延 / Delays in banks' core systems",
                "停電の影響で一部金融機関の勘定系処理に遅延が出ています。影響を受けた金融機関は情報連絡を行ってください。\n"
                + "The outage delays some banks' core processing. Affected banks file a liaison report.",
                [new(InjectAudienceKinds.Sector, "finance")], [new(ExpectedResponseKinds.Report, 60, Sector: "finance")]),
            new(60, InjectKinds.StatusRequest, "サービス提供状況の報告依頼 / Report your service status",
                "各事業者は現在のサービス提供状況を報告してください。\nEach operator reports the current status of its services.",
                players, [new(ExpectedResponseKinds.AnswerStatus, 60)]),
        })
            await author.AddInjectAsync(exercise.Id, inject, viewer, ct);
    }

    /// <summary>
    /// A closed down drill, written as its run left it: the chain planned as for a real drill, every
    /// ministry and CEPTOAR relaying within minutes, a few operators never acknowledging (so the report
    /// has non-responders), acknowledgements through the UI by organisations with users and through the
    /// mail link by the others.
    /// </summary>
    private async Task AddDrillAsync(Guid coordinator, Guid userId, CancellationToken ct)
    {
        var start = clock.GetUtcNow().AddDays(-3);
        var duration = TimeSpan.FromHours(2);
        var drill = new Drill(DrillDirections.Down, DrillTitle,
            "【訓練】これは訓練です。受信したら受領確認してください（中継する組織は傘下へ展開してください）。\n"
            + "[DRILL] This is a drill. Acknowledge on receipt (relays pass it on to their members).",
            DrillSectors, null, start, duration, coordinator, userId, start.AddDays(-1));
        db.Set<Drill>().Add(drill);
        await db.SaveChangesAsync(ct);
        var hops = (await planner.PlanAsync(drill, ct)).OrderBy(h => h.Hop).ToList();
        var users = (await db.Users.AsNoTracking().Select(u => new { u.OrganizationId, u.Id, u.Email }).ToListAsync(ct))
            .GroupBy(u => u.OrganizationId).ToDictionary(g => g.Key, g => g.OrderBy(u => u.Email, StringComparer.Ordinal).First().Id);

        var reached = new Dictionary<Guid, DateTimeOffset> { [coordinator] = start };
        var acks = new List<(Guid Organization, DateTimeOffset At, bool Relays)>();
        var recipients = new List<DrillRecipient>();
        for (var i = 0; i < hops.Count; i++)
        {
            var h = hops[i];
            DateTimeOffset? received = h.Hop == 1 ? start : reached.TryGetValue(h.ParentOrganizationId, out var r) && h.ParentOrganizationId != coordinator ? r : null;
            recipients.Add(new DrillRecipient(drill.Id, h.OrganizationId, h.Hop, h.ParentOrganizationId, h.SectorCode, h.Relays, received));
            // Relays always pass it on; every fourth operator never answers.
            if (received is not { } got || (!h.Relays && i % 4 == 3)) continue;
            var at = got.AddMinutes(2 + i * 7 % 30);
            acks.Add((h.OrganizationId, at, h.Relays));
            if (h.Relays) reached[h.OrganizationId] = at;
        }
        db.Set<DrillRecipient>().AddRange(recipients);
        await db.SaveChangesAsync(ct);
        foreach (var (org, at, relays) in acks)
        {
            var user = users.TryGetValue(org, out var u) ? u : (Guid?)null;
            var via = user is null ? DrillChannels.Mail : DrillChannels.Ui;
            DateTimeOffset? relayedAt = relays ? at : null;
            await db.Set<DrillRecipient>().Where(x => x.DrillId == drill.Id && x.OrganizationId == org)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.AcknowledgedAt, at).SetProperty(x => x.AcknowledgedVia, via)
                    .SetProperty(x => x.AcknowledgedByUserId, user).SetProperty(x => x.RelayedAt, relayedAt), ct);
        }
        await db.Set<Drill>().Where(d => d.Id == drill.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DrillStates.Closed)
            .SetProperty(d => d.StartedAt, start).SetProperty(d => d.ClosesAt, start + duration).SetProperty(d => d.ClosedAt, start + duration), ct);
        db.ChangeTracker.Clear();
    }
}
