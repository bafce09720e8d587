using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Liaison;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Exercises.Evaluation;

/// <summary>
/// Computes an exercise's evaluation from the records its injects created, all marked with the
/// exercise's id: alert acknowledgements, advisory deliveries (acknowledged, relayed), crisis status
/// requests (answered) and liaison reports (first submitted). A fixed number of queries per exercise,
/// whatever the number of participants or injects.
/// Times are scenario minutes: (t − inject.SentAt) × exercise.Speed. The expected organisations of an
/// expectation are the players in the inject's audience (narrowed by the expectation's sector or
/// organisation) that were still registered when it was sent; for <c>acknowledge</c> only those the
/// alert or advisory reached, for <c>relay</c> only those that relay it, for <c>answer-status</c> only
/// those asked. A liaison report counts for its organisation only where the viewer may see the report
/// and know who filed it (<see cref="DisclosurePolicy.ReportView(Guid, string, Guid, string, IReadOnlyCollection{Guid})"/>):
/// an anonymized reporter is never named, so to such a viewer its report simply does not count.
/// </summary>
public sealed class ExerciseEvaluator(KizunaDb db, ExerciseEvaluationAccess access, ExerciseAccess exercises, TimeProvider clock)
{
    private sealed record Player(Guid OrganizationId, string Code, string NameJa, string NameEn, string Kind, IReadOnlyList<string> Sectors,
        string Role, int People, DateTimeOffset? RemovedAt)
    {
        public string? Sector => Sectors.Count > 0 ? Sectors[0] : null;
        public bool Counts(DateTimeOffset? at) => at is { } t && (RemovedAt is null || t <= RemovedAt);
    }

    private sealed record Measure(Guid OrganizationId, string Kind, double Minutes);

    public async Task<ExerciseEvaluation> EvaluateAsync(Guid exerciseId, Viewer viewer, ExerciseEvaluationView view, CancellationToken ct = default)
    {
        var (exercise, sight) = await access.FindAsync(exerciseId, viewer, view, ct);
        return await EvaluateAsync(exercise, sight, viewer, ct);
    }

    /// <summary>The evaluation of an exercise the caller has already admitted the viewer to with <paramref name="sight"/>.</summary>
    public async Task<ExerciseEvaluation> EvaluateAsync(Exercise exercise, ExerciseSight sight, Viewer viewer, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var id = exercise.Id;
        var rows = await db.ExerciseParticipants.AsNoTracking().Where(p => p.ExerciseId == id)
            .Join(db.Organizations.AsNoTracking(), p => p.OrganizationId, o => o.Id, (p, o) => new
            {
                p.OrganizationId, o.Code, o.NameJa, o.NameEn, o.Kind, p.Role, p.People, p.RemovedAt,
                Sectors = o.Sectors.OrderBy(s => s.SortOrder).Select(s => s.Code).ToList(),
            })
            .ToListAsync(ct);
        var participants = rows.OrderBy(r => r.Code, StringComparer.Ordinal)
            .Select(r => new Player(r.OrganizationId, r.Code, r.NameJa, r.NameEn, r.Kind, r.Sectors, r.Role, r.People, r.RemovedAt)).ToList();
        var byOrg = participants.ToDictionary(p => p.OrganizationId);
        var players = participants.Where(p => p.Role == ExerciseRoles.Player).ToList();
        var injects = await db.ExerciseInjects.AsNoTracking().Where(i => i.ExerciseId == id).OrderBy(i => i.Number).ToListAsync(ct);
        var sectorNames = await db.Sectors.AsNoTracking().Select(s => new { s.Code, s.NameJa, s.NameEn }).ToDictionaryAsync(s => s.Code, ct);

        var alertIds = ItemsOf(injects, "alert");
        var advisoryIds = ItemsOf(injects, "advisory");
        var crisisIds = ItemsOf(injects, "crisis");
        var acks = alertIds.Count == 0 ? [] : await db.AlertAcknowledgements.AsNoTracking().Where(a => alertIds.Contains(a.AlertId))
            .Select(a => new { a.AlertId, a.OrganizationId, a.AcknowledgedAt }).ToListAsync(ct);
        var deliveries = advisoryIds.Count == 0 ? [] : await db.AdvisoryDeliveries.AsNoTracking().Where(d => advisoryIds.Contains(d.AdvisoryId))
            .Select(d => new { d.AdvisoryId, d.OrganizationId, d.Hop, d.Relays, d.ReceivedAt, d.AcknowledgedAt, d.RelayedAt }).ToListAsync(ct);
        var asked = crisisIds.Count == 0 ? [] : await db.CrisisRecipients.AsNoTracking().Where(r => crisisIds.Contains(r.CrisisId))
            .Select(r => new { r.CrisisId, r.OrganizationId, r.FirstAnsweredAt }).ToListAsync(ct);
        // Reports: only those the viewer may see, and of those only the ones whose reporter it may know.
        var reports = await DisclosurePolicy.Visible(db.Reports.AsNoTracking().OfExercise(id), viewer)
            .Where(r => r.FirstSubmittedAt != null)
            .Select(r => new { r.ReporterOrganizationId, r.IdentityDisclosure, r.SectorCode, r.FirstSubmittedAt })
            .ToListAsync(ct);
        var ministries = reports.Count == 0 ? [] : await LiaisonDirectory.MinistriesBySectorAsync(db, now, ct);
        var attributable = reports
            .Where(r => viewer.IsSystem || DisclosurePolicy.ReportView(viewer.OrganizationId, viewer.OrganizationKind, r.ReporterOrganizationId, r.IdentityDisclosure,
                ministries.TryGetValue(r.SectorCode, out var m) ? m : []) == ReportViewLevel.Full)
            .GroupBy(r => r.ReporterOrganizationId)
            .ToDictionary(g => g.Key, g => g.Select(r => r.FirstSubmittedAt!.Value).Order().ToList());

        var ackOf = acks.ToDictionary(a => (a.AlertId, a.OrganizationId), a => a.AcknowledgedAt);
        var deliveryOf = deliveries.GroupBy(d => (d.AdvisoryId, d.OrganizationId)).ToDictionary(g => g.Key, g => g.OrderBy(d => d.Hop).First());
        var askedOf = asked.ToDictionary(a => (a.CrisisId, a.OrganizationId), a => a.FirstAnsweredAt);

        double Minutes(DateTimeOffset from, DateTimeOffset to) => Math.Max(0, (to - from).TotalMinutes * exercise.Speed);

        var measures = new List<Measure>();
        var outcomes = new List<(Guid OrganizationId, string Outcome)>();
        var evaluated = new List<InjectEvaluation>();
        foreach (var inject in injects)
        {
            var expectations = inject.Expectations;
            var audience = inject.Audience;
            var list = new List<ExpectationEvaluation>();
            if (inject.Status != InjectStates.Sent || inject.SentAt is not { } sent)
            {
                list.AddRange(expectations.Select((e, n) => new ExpectationEvaluation(n + 1, e.Kind, e.WithinMinutes, e.Sector, e.OrganizationCode, null, 0, 0, 0, 0, [])));
                evaluated.Add(Describe(inject, list));
                continue;
            }
            var reached = players.Where(p => (p.RemovedAt is null || p.RemovedAt > sent) && audience.Any(a => InAudience(a, p))).ToList();
            var item = inject.ItemId ?? Guid.Empty;

            // The measurements of this inject, whatever its expectations.
            foreach (var p in reached)
            {
                DateTimeOffset? ack = inject.ItemKind switch
                {
                    "alert" => ackOf.GetValueOrDefault((item, p.OrganizationId)),
                    "advisory" => deliveryOf.GetValueOrDefault((item, p.OrganizationId))?.AcknowledgedAt,
                    _ => null,
                };
                if (p.Counts(ack)) measures.Add(new Measure(p.OrganizationId, "acknowledge", Minutes(sent, ack!.Value)));
                if (inject.ItemKind == "crisis" && askedOf.GetValueOrDefault((item, p.OrganizationId)) is { } answered && p.Counts(answered))
                    measures.Add(new Measure(p.OrganizationId, "answer", Minutes(sent, answered)));
                if (inject.ItemKind == "advisory" && deliveryOf.GetValueOrDefault((item, p.OrganizationId)) is { Relays: true, ReceivedAt: { } received, RelayedAt: { } relayed }
                    && p.Counts(relayed))
                    measures.Add(new Measure(p.OrganizationId, "relay", Minutes(received, relayed)));
            }
            var reportMeasured = new HashSet<Guid>();

            foreach (var (e, n) in expectations.Select((e, n) => (e, n)))
            {
                var deadline = sent + TimeSpan.FromTicks((long)(TimeSpan.FromMinutes(e.WithinMinutes).Ticks / exercise.Speed));
                var targets = reached.Where(p => (e.Sector is null || p.Sectors.Contains(e.Sector))
                                                 && (e.OrganizationCode is null || string.Equals(p.Code, e.OrganizationCode, StringComparison.OrdinalIgnoreCase)));
                var results = new List<OrganizationOutcome>();
                foreach (var p in targets)
                {
                    DateTimeOffset? at;
                    switch (e.Kind)
                    {
                        case ExpectedResponseKinds.Acknowledge when inject.ItemKind == "alert":
                            if (!ackOf.TryGetValue((item, p.OrganizationId), out at)) continue;
                            break;
                        case ExpectedResponseKinds.Acknowledge when inject.ItemKind == "advisory":
                            if (deliveryOf.GetValueOrDefault((item, p.OrganizationId)) is not { } d) continue;
                            at = d.AcknowledgedAt;
                            break;
                        case ExpectedResponseKinds.Relay when inject.ItemKind == "advisory":
                            if (deliveryOf.GetValueOrDefault((item, p.OrganizationId)) is not { Relays: true } r) continue;
                            at = r.RelayedAt;
                            break;
                        case ExpectedResponseKinds.AnswerStatus when inject.ItemKind == "crisis":
                            if (!askedOf.TryGetValue((item, p.OrganizationId), out at)) continue;
                            break;
                        case ExpectedResponseKinds.Report:
                            at = attributable.TryGetValue(p.OrganizationId, out var times) ? times.Where(t => t >= sent).Select(t => (DateTimeOffset?)t).FirstOrDefault() : null;
                            break;
                        default:
                            continue;
                    }
                    if (!p.Counts(at)) at = null;
                    var minutes = at is { } t ? Minutes(sent, t) : (double?)null;
                    string outcome;
                    if (minutes is { } m) outcome = m <= e.WithinMinutes ? ExpectationOutcomes.Met : ExpectationOutcomes.Missed;
                    else if (p.RemovedAt is { } removed && removed < deadline) outcome = ExpectationOutcomes.Removed;
                    else if (now >= deadline) outcome = ExpectationOutcomes.Missed;
                    else if (exercise.EndedAt is not null) outcome = ExpectationOutcomes.Missed;
                    else outcome = ExpectationOutcomes.Pending;
                    if (e.Kind == ExpectedResponseKinds.Report && minutes is { } reported && reportMeasured.Add(p.OrganizationId))
                        measures.Add(new Measure(p.OrganizationId, "report", reported));
                    results.Add(new OrganizationOutcome(p.OrganizationId, p.Code, p.NameJa, p.NameEn, p.Sector, outcome, at,
                        minutes is { } x ? TimeStats.Round(x) : null, p.RemovedAt is not null));
                    outcomes.Add((p.OrganizationId, outcome));
                }
                var score = ExpectationScore.Of(results.Select(r => r.Outcome));
                list.Add(new ExpectationEvaluation(n + 1, e.Kind, e.WithinMinutes, e.Sector, e.OrganizationCode, deadline,
                    score.Met, score.Missed, score.Pending, score.Removed, results));
            }
            evaluated.Add(Describe(inject, list));
        }

        // Relays per hop, over the participants' deliveries of the exercise's advisories.
        var hops = deliveries.Where(d => d.Relays && byOrg.ContainsKey(d.OrganizationId)).GroupBy(d => d.Hop).OrderBy(g => g.Key)
            .Select(g => new RelayHopEvaluation(g.Key, g.Count(), g.Count(d => d.RelayedAt is not null && byOrg[d.OrganizationId].Counts(d.RelayedAt)),
                TimeStats.Of(g.Where(d => d.ReceivedAt is not null && d.RelayedAt is not null && byOrg[d.OrganizationId].Counts(d.RelayedAt))
                    .Select(d => Minutes(d.ReceivedAt!.Value, d.RelayedAt!.Value)))))
            .ToList();

        ResponseTimes TimesOf(Func<Measure, bool> which)
        {
            var m = measures.Where(which).ToList();
            return new ResponseTimes(TimeStats.Of(m.Where(x => x.Kind == "acknowledge").Select(x => x.Minutes)),
                TimeStats.Of(m.Where(x => x.Kind == "report").Select(x => x.Minutes)),
                TimeStats.Of(m.Where(x => x.Kind == "relay").Select(x => x.Minutes)),
                TimeStats.Of(m.Where(x => x.Kind == "answer").Select(x => x.Minutes)));
        }
        ExpectationScore ScoreOf(IReadOnlySet<Guid> orgs) => ExpectationScore.Of(outcomes.Where(o => orgs.Contains(o.OrganizationId)).Select(o => o.Outcome));

        var participantResults = participants.Select(p => new ParticipantEvaluation(p.OrganizationId, p.Code, p.NameJa, p.NameEn, p.Kind, p.Sector, p.Role, p.People,
            p.RemovedAt, TimesOf(m => m.OrganizationId == p.OrganizationId), ScoreOf(new HashSet<Guid> { p.OrganizationId }))).ToList();
        var sectorResults = players.GroupBy(p => p.Sector ?? "-").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var orgs = g.Select(p => p.OrganizationId).ToHashSet();
            var names = sectorNames.GetValueOrDefault(g.Key);
            return new SectorEvaluation(g.Key, names?.NameJa ?? "分野なし", names?.NameEn ?? "No sector", g.Count(), g.Sum(p => p.People),
                TimesOf(m => orgs.Contains(m.OrganizationId)), ScoreOf(orgs));
        }).ToList();

        var scenarioMinutes = TimeStats.Round(exercise.ScenarioElapsed(exercise.EndedAt is { } ended && ended < now ? ended : now).TotalMinutes);
        var full = new ExerciseEvaluation(exercise.Id, exercise.Title, exercise.Status, exercise.Speed, exercise.StartedAt, exercise.EndedAt, now, scenarioMinutes,
            ExerciseSights.Name(sight),
            injects.Count(i => i.Status == InjectStates.Sent), injects.Count(i => i.Status == InjectStates.Pending), injects.Count(i => i.Status == InjectStates.Skipped),
            evaluated, participantResults, sectorResults, hops, TimesOf(_ => true), ExpectationScore.Of(outcomes.Select(o => o.Outcome)));
        // Which injects, and whose words, the viewer sees: the exercise's one inject rule (ExerciseAccess.Shows, ShowsWords).
        var level = await exercises.LevelOfAsync(exercise, viewer, ct) ?? ExerciseAccessLevels.Play;
        if (level == ExerciseAccessLevels.Manage && sight != ExerciseSight.Own) return full;
        var filed = await exercises.FiledByAsync(injects, viewer.OrganizationId, ct);
        InjectEvaluation Words(ExerciseInject i, InjectEvaluation e)
            => e with { Title = ExerciseAccess.ShowsWords(level, i, i.ItemId is { } r && filed.Contains(r)) ? e.Title : null, Note = null };
        if (sight == ExerciseSight.Own) return OwnOnly(full, viewer.OrganizationId, injects, byOrg, Words);
        var shown = injects.Zip(full.Injects).Where(x => ExerciseAccess.Shows(level, x.First, false)).Select(x => Words(x.First, x.Second)).ToList();
        return full with { Injects = shown, InjectsPending = 0, InjectsSkipped = 0 };
    }

    /// <summary>
    /// A player's slice: its own participant row and outcomes, and only the injects already sent to it
    /// (the rest of the scenario, the controllers' notes and every other organisation stay hidden).
    /// </summary>
    private static ExerciseEvaluation OwnOnly(ExerciseEvaluation full, Guid organizationId, IReadOnlyList<ExerciseInject> injects, IReadOnlyDictionary<Guid, Player> byOrg,
        Func<ExerciseInject, InjectEvaluation, InjectEvaluation> words)
    {
        var me = byOrg.GetValueOrDefault(organizationId);
        var mine = full.Participants.Where(p => p.OrganizationId == organizationId).ToList();
        var shown = new List<InjectEvaluation>();
        foreach (var (inject, evaluation) in injects.Zip(full.Injects))
        {
            if (me is null || inject.Status != InjectStates.Sent || inject.SentAt is not { } sent) continue;
            if (me.RemovedAt is { } removed && removed <= sent) continue;
            if (!inject.Audience.Any(a => InAudience(a, me))) continue;
            var expectations = evaluation.Expectations
                .Select(e => (e, own: e.Outcomes.Where(o => o.OrganizationId == organizationId).ToList()))
                .Where(x => x.own.Count > 0)
                .Select(x =>
                {
                    var s = ExpectationScore.Of(x.own.Select(o => o.Outcome));
                    return x.e with { Met = s.Met, Missed = s.Missed, Pending = s.Pending, Removed = s.Removed, Outcomes = x.own };
                }).ToList();
            shown.Add(words(inject, evaluation) with { Expectations = expectations });
        }
        var own = mine.FirstOrDefault();
        var empty = new ResponseTimes(TimeStats.Empty, TimeStats.Empty, TimeStats.Empty, TimeStats.Empty);
        return full with
        {
            InjectsSent = shown.Count, InjectsPending = 0, InjectsSkipped = 0,
            Injects = shown, Participants = mine, Sectors = [], RelayHops = [],
            Times = own?.Times ?? empty, Score = own?.Score ?? ExpectationScore.Zero,
        };
    }

    private static InjectEvaluation Describe(ExerciseInject i, IReadOnlyList<ExpectationEvaluation> expectations)
        => new(i.Id, i.Number, i.Kind, i.Title, i.Status, TimeStats.Round(i.Offset.TotalMinutes), i.DueAt, i.SentAt, i.ItemKind, i.ItemId, i.Note, expectations);

    private static List<Guid> ItemsOf(IEnumerable<ExerciseInject> injects, string kind)
        => injects.Where(i => i.Status == InjectStates.Sent && i.ItemKind == kind && i.ItemId is not null).Select(i => i.ItemId!.Value).Distinct().ToList();

    /// <summary>Whether a participant is in an inject's audience: by organisation code, by sector, or every player.</summary>
    private static bool InAudience(InjectAudience a, Player p) => a.Kind switch
    {
        InjectAudienceKinds.Organization => string.Equals(a.Value, p.Code, StringComparison.OrdinalIgnoreCase),
        InjectAudienceKinds.Sector => a.Value is not null && p.Sectors.Contains(a.Value),
        InjectAudienceKinds.Players => p.Role == ExerciseRoles.Player,
        _ => false,
    };
}
