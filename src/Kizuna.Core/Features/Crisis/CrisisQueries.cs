using System.Globalization;
using System.Text;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Hotline;
using Kizuna.Core.Features.Liaison;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Crisis;

/// <summary>A crisis in a list.</summary>
/// <remarks><see cref="Exercise"/>: the exercise the crisis is simulated in (a 演習/EXERCISE badge); null for a real crisis.</remarks>
public sealed record CrisisSummaryRow(Guid Id, string Status, string Cause, IReadOnlyList<string> Sectors, IReadOnlyList<string> Regions,
    DateTimeOffset DeclaredAt, DateTimeOffset? StoodDownAt, string Access, ExerciseRef? Exercise = null);

/// <summary>The latest status an operator gave for one of its services (null: not answered yet).</summary>
public sealed record MyServiceStatus(string SectorCode, string ServiceCode, string NameJa, string NameEn, string? Status,
    DateTimeOffset? ExpectedRecovery, string? Needs, DateTimeOffset? AnsweredAt, int Versions);

/// <summary>
/// One crisis as the viewer may see it. <see cref="Access"/> is <c>board</c> or <c>own-answers</c>;
/// the counts are there for board readers only, <see cref="Mine"/> for an operator that was asked.
/// </summary>
public sealed record CrisisDetail(Guid Id, string Status, string Cause, IReadOnlyList<string> Sectors, IReadOnlyList<string> Regions,
    DateTimeOffset DeclaredAt, string DeclaredBy, DateTimeOffset? StoodDownAt, string Access, bool CanManage, bool CanAnswer,
    int? Operators, int? Answered, IReadOnlyList<MyServiceStatus>? Mine,
    /// <summary>The exercise the crisis is simulated in (its page shows the exercise banner); null for a real crisis.</summary>
    ExerciseRef? Exercise = null);

/// <summary>One cell of the board: a critical service, counted over the latest answers of the sector's operators.</summary>
public sealed record CrisisBoardCell(string ServiceCode, string NameJa, string NameEn, int Normal, int Degraded, int Down, int Unknown, int NotAnswered, string Colour);

/// <summary>One sector row of the board.</summary>
public sealed record CrisisBoardSector(string SectorCode, string NameJa, string NameEn, int Operators, int Answered, IReadOnlyList<CrisisBoardCell> Services);

/// <summary>An operator that has not answered yet, with its escalation (0–3, the time of each level; flagged at 3).</summary>
public sealed record CrisisNonResponder(string Code, string NameJa, string NameEn, string SectorCode, int Reminders, DateTimeOffset? LastRemindedAt,
    int EscalationLevel, DateTimeOffset? Level1At, DateTimeOffset? Level2At, DateTimeOffset? Level3At, bool Flagged);

/// <summary>
/// One event of the crisis timeline: <c>declared</c>, <c>alert</c>, <c>report</c> (a liaison report
/// sent under the crisis's direct route: the reporter's code only for full-view readers, the detail
/// is the pseudonym and the title at the viewer's level), <c>answer</c>, <c>reminder</c> or <c>stood-down</c>.
/// </summary>
public sealed record CrisisTimelineEntry(DateTimeOffset At, string Kind, string? OrganizationCode, string? SectorCode, string Detail);

/// <summary>The crisis board (状況ボード): sector × critical service matrix, counts, non-responders (and how many are flagged) and the timeline.</summary>
public sealed record CrisisBoard(Guid CrisisId, string Status, int Operators, int Answered, int NotAnswered, int ReminderRounds,
    IReadOnlyList<CrisisBoardSector> Sectors, IReadOnlyList<CrisisNonResponder> NonResponders, IReadOnlyList<CrisisTimelineEntry> Timeline, int Flagged)
{
    /// <summary>他分野への波及: services at risk downstream of the services reported down or degraded.</summary>
    public CrisisDownstream Downstream { get; init; } = CrisisDownstream.None;
}

/// <summary>Reach and response time of one sector in the after-action summary.</summary>
public sealed record CrisisSummarySector(string SectorCode, int Operators, int Answered, double? MedianSecondsToFirstAnswer);

/// <summary>One operator in the after-action summary; <see cref="WorstStatus"/> is the worst of its latest answers.</summary>
public sealed record CrisisSummaryOperator(string Code, string SectorCode, DateTimeOffset RequestedAt, DateTimeOffset? FirstAnsweredAt,
    double? SecondsToFirstAnswer, int Reminders, string? WorstStatus);

/// <summary>The after-action summary (事後報告): timeline, response times and reach. <see cref="Final"/> once stood down.</summary>
public sealed record CrisisAfterAction(Guid CrisisId, string Cause, IReadOnlyList<string> Sectors, IReadOnlyList<string> Regions,
    DateTimeOffset DeclaredAt, DateTimeOffset? StoodDownAt, bool Final, int Operators, int Answered, double ReachPercent,
    double? MedianSecondsToFirstAnswer, IReadOnlyList<CrisisSummarySector> SectorStats, IReadOnlyList<CrisisSummaryOperator> OperatorStats,
    IReadOnlyList<CrisisTimelineEntry> Timeline)
{
    /// <summary>他分野への波及 at the time of the summary (from the latest answers).</summary>
    public CrisisDownstream Downstream { get; init; } = CrisisDownstream.None;
}

/// <summary>Reads crises through <see cref="DisclosurePolicy.CrisisRoom"/> (via <see cref="CrisisRoomGate"/>).</summary>
public sealed class CrisisQueries(KizunaDb db, ReportQueries reports, TimeProvider clock)
{
    /// <param name="exercise"><see cref="ExerciseFilter"/>: include (default), exclude or only exercise crises.</param>
    public async Task<IReadOnlyList<CrisisSummaryRow>> ListAsync(Viewer viewer, string? exercise = null, CancellationToken ct = default)
    {
        var mode = string.IsNullOrEmpty(exercise) ? ExerciseFilter.Include : exercise;
        if (!ExerciseFilter.All.Contains(mode)) throw new InputException("exercise", $"Unknown exercise filter '{exercise}'; use {string.Join(", ", ExerciseFilter.All)}.");
        var rooms = (await CrisisRoomGate.ListAsync(db, viewer, clock.GetUtcNow(), ct))
            .Where(x => mode == ExerciseFilter.Include || (mode == ExerciseFilter.Only) == (x.Crisis.ExerciseId is not null)).ToList();
        var exercises = await ExerciseMarks.OfAsync(db, rooms.Select(x => x.Crisis.ExerciseId), ct);
        return rooms.Select(x => new CrisisSummaryRow(x.Crisis.Id, x.Crisis.Status, x.Crisis.Cause, x.Crisis.Sectors, x.Crisis.Regions, x.Crisis.DeclaredAt,
                x.Crisis.StoodDownAt, AccessName(x.Access), x.Crisis.ExerciseId is { } e ? exercises.GetValueOrDefault(e) : null)).ToList();
    }

    public async Task<CrisisDetail> GetAsync(Viewer viewer, Guid id, CancellationToken ct = default)
    {
        var entry = await CrisisRoomGate.EnterAsync(db, viewer, id, clock.GetUtcNow(), track: false, ct);
        var c = entry.Crisis;
        var declaredBy = await db.Organizations.AsNoTracking().Where(o => o.Id == c.DeclaredByOrganizationId).Select(o => o.Code).FirstOrDefaultAsync(ct) ?? "?";
        int? operators = null, answered = null;
        if (entry.Access == CrisisRoomAccess.Board)
        {
            operators = await db.CrisisRecipients.CountAsync(r => r.CrisisId == id, ct);
            answered = await db.CrisisRecipients.CountAsync(r => r.CrisisId == id && r.FirstAnsweredAt != null, ct);
        }
        var mine = entry.Recipient is null ? null : await MineAsync(viewer, c, ct);
        return new CrisisDetail(c.Id, c.Status, c.Cause, c.Sectors, c.Regions, c.DeclaredAt, declaredBy, c.StoodDownAt, AccessName(entry.Access),
            DeclareCrisisHandler.MayManage(viewer), entry.Recipient is not null && c.IsActive && AnswerCrisisStatusHandler.MayAnswer(viewer),
            operators, answered, mine, await ExerciseMarks.OfAsync(db, c.ExerciseId, ct));
    }

    public async Task<CrisisBoard> BoardAsync(Viewer viewer, Guid id, CancellationToken ct = default)
    {
        var c = await BoardEntryAsync(viewer, id, ct);
        var recipients = await RecipientsAsync(id, ct);
        var latest = await LatestAnswersAsync(id, ct);
        var sectorNames = await db.Sectors.AsNoTracking().Where(s => c.Sectors.Contains(s.Code)).ToDictionaryAsync(s => s.Code, s => (s.NameJa, s.NameEn), ct);
        var services = await db.CriticalServices.AsNoTracking().Where(s => c.Sectors.Contains(s.Sector!.Code))
            .Select(s => new { s.Code, Sector = s.Sector!.Code, s.NameJa, s.NameEn }).ToListAsync(ct);
        var sectors = c.Sectors.Select(code =>
        {
            var inSector = recipients.Where(r => r.SectorCode == code).ToList();
            var cells = services.Where(s => s.Sector == code).OrderBy(s => s.Code, StringComparer.Ordinal).Select(s =>
            {
                var answers = latest.Where(a => a.ServiceCode == s.Code).ToList();
                int Count(string status) => answers.Count(a => a.Status == status);
                var cell = new CrisisBoardCell(s.Code, s.NameJa, s.NameEn, Count(ServiceStatuses.Normal), Count(ServiceStatuses.Degraded), Count(ServiceStatuses.Down),
                    Count(ServiceStatuses.Unknown), Math.Max(0, inSector.Count - answers.Select(a => a.OrganizationId).Distinct().Count()), "");
                return cell with { Colour = Colour(cell) };
            }).ToList();
            var names = sectorNames.TryGetValue(code, out var n) ? n : (NameJa: code, NameEn: code);
            return new CrisisBoardSector(code, names.NameJa, names.NameEn, inSector.Count, inSector.Count(r => r.FirstAnsweredAt is not null), cells);
        }).ToList();
        var nonResponders = recipients.Where(r => r.FirstAnsweredAt is null)
            .Select(r => new CrisisNonResponder(r.Code, r.NameJa, r.NameEn, r.SectorCode, r.Reminders, r.LastRemindedAt,
                r.EscalationLevel, r.Level1At, r.Level2At, r.Level3At, r.EscalationLevel >= Escalator.MaxLevel))
            // The flagged first, then the most escalated.
            .OrderByDescending(r => r.EscalationLevel).ThenBy(r => r.SectorCode, StringComparer.Ordinal).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
        var rounds = await db.CrisisReminders.CountAsync(r => r.CrisisId == id, ct);
        var answered = recipients.Count(r => r.FirstAnsweredAt is not null);
        return new CrisisBoard(c.Id, c.Status, recipients.Count, answered, recipients.Count - answered, rounds, sectors, nonResponders,
            await TimelineAsync(viewer, c, ct), nonResponders.Count(r => r.Flagged)) { Downstream = await CrisisDownstreamAnalysis.ComputeAsync(db, latest, ct) };
    }

    public async Task<CrisisAfterAction> SummaryAsync(Viewer viewer, Guid id, CancellationToken ct = default)
    {
        var c = await BoardEntryAsync(viewer, id, ct);
        var recipients = await RecipientsAsync(id, ct);
        var latest = await LatestAnswersAsync(id, ct);
        var operators = recipients.Select(r => new CrisisSummaryOperator(r.Code, r.SectorCode, r.RequestedAt, r.FirstAnsweredAt,
                r.FirstAnsweredAt is { } at ? Math.Round((at - r.RequestedAt).TotalSeconds, 1) : null, r.Reminders,
                Worst(latest.Where(a => a.OrganizationId == r.OrganizationId).Select(a => a.Status))))
            .OrderBy(o => o.SectorCode, StringComparer.Ordinal).ThenBy(o => o.Code, StringComparer.Ordinal).ToList();
        var sectors = c.Sectors.Select(code =>
        {
            var inSector = operators.Where(o => o.SectorCode == code).ToList();
            return new CrisisSummarySector(code, inSector.Count, inSector.Count(o => o.FirstAnsweredAt is not null), Median(inSector.Select(o => o.SecondsToFirstAnswer)));
        }).ToList();
        var answered = operators.Count(o => o.FirstAnsweredAt is not null);
        return new CrisisAfterAction(c.Id, c.Cause, c.Sectors, c.Regions, c.DeclaredAt, c.StoodDownAt, !c.IsActive, operators.Count, answered,
            operators.Count == 0 ? 0 : Math.Round(100.0 * answered / operators.Count, 1), Median(operators.Select(o => o.SecondsToFirstAnswer)),
            sectors, operators, await TimelineAsync(viewer, c, ct)) { Downstream = await CrisisDownstreamAnalysis.ComputeAsync(db, latest, ct) };
    }

    /// <summary>The after-action summary as CSV (RFC 4180, UTF-8): one row per sector, then one per operator.</summary>
    public async Task<string> SummaryCsvAsync(Viewer viewer, Guid id, CancellationToken ct = default)
    {
        var s = await SummaryAsync(viewer, id, ct);
        var sb = new StringBuilder();
        sb.Append("record,sector,organization,operators,answered,requested_at,first_answer_at,seconds_to_first_answer,median_seconds_to_first_answer,reminders,worst_status\r\n");
        static string N(double? v) => v is null ? "" : v.Value.ToString("0.#", CultureInfo.InvariantCulture);
        static string T(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "";
        foreach (var x in s.SectorStats)
            Row(sb, "sector", x.SectorCode, "", x.Operators.ToString(CultureInfo.InvariantCulture), x.Answered.ToString(CultureInfo.InvariantCulture), "", "", "", N(x.MedianSecondsToFirstAnswer), "", "");
        foreach (var o in s.OperatorStats)
            Row(sb, "operator", o.SectorCode, o.Code, "", "", T(o.RequestedAt), T(o.FirstAnsweredAt), N(o.SecondsToFirstAnswer), "", o.Reminders.ToString(CultureInfo.InvariantCulture), o.WorstStatus ?? "");
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, params string[] cells) => sb.Append(Csv.Line(cells));

    /// <summary>Whether the viewer reads the crisis board (<see cref="CrisisRoomAccess.Board"/>); false for a crisis it may not enter or only answers.</summary>
    public async Task<bool> ReadsBoardAsync(Viewer viewer, Guid id, CancellationToken ct = default)
    {
        try
        {
            return (await CrisisRoomGate.EnterAsync(db, viewer, id, clock.GetUtcNow(), track: false, ct)).Access == CrisisRoomAccess.Board;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    private async Task<CrisisDeclaration> BoardEntryAsync(Viewer viewer, Guid id, CancellationToken ct)
    {
        var entry = await CrisisRoomGate.EnterAsync(db, viewer, id, clock.GetUtcNow(), track: false, ct);
        if (entry.Access != CrisisRoomAccess.Board) throw new ForbiddenException("The board and the summary are for the coordinator, the responsible ministries and the parties the cause adds.");
        return entry.Crisis;
    }

    private sealed record RecipientRow(Guid OrganizationId, string Code, string NameJa, string NameEn, string SectorCode, DateTimeOffset RequestedAt,
        DateTimeOffset? FirstAnsweredAt, int Reminders, DateTimeOffset? LastRemindedAt, int EscalationLevel, DateTimeOffset? Level1At, DateTimeOffset? Level2At,
        DateTimeOffset? Level3At);

    private async Task<List<RecipientRow>> RecipientsAsync(Guid id, CancellationToken ct)
        => await (from r in db.CrisisRecipients.AsNoTracking()
                  join o in db.Organizations.AsNoTracking() on r.OrganizationId equals o.Id
                  where r.CrisisId == id
                  select new RecipientRow(r.OrganizationId, o.Code, o.NameJa, o.NameEn, r.SectorCode, r.RequestedAt, r.FirstAnsweredAt, r.Reminders, r.LastRemindedAt,
                      r.EscalationLevel, r.Level1At, r.Level2At, r.Level3At))
            .ToListAsync(ct);

    /// <summary>The latest answer per operator and service.</summary>
    private async Task<List<CrisisStatusAnswer>> LatestAnswersAsync(Guid id, CancellationToken ct)
        => (await db.CrisisStatusAnswers.AsNoTracking().Where(a => a.CrisisId == id).ToListAsync(ct))
            .GroupBy(a => (a.OrganizationId, a.ServiceCode)).Select(g => g.MaxBy(a => a.Version)!).ToList();

    private async Task<IReadOnlyList<MyServiceStatus>> MineAsync(Viewer viewer, CrisisDeclaration c, CancellationToken ct)
    {
        var org = viewer.OrganizationId;
        var mySectors = await db.Organizations.AsNoTracking().Where(o => o.Id == org).SelectMany(o => o.Sectors.Select(s => s.Code)).ToListAsync(ct);
        var sectors = mySectors.Where(c.Sectors.Contains).ToList();
        var services = await db.CriticalServices.AsNoTracking().Where(s => sectors.Contains(s.Sector!.Code))
            .Select(s => new { s.Code, Sector = s.Sector!.Code, s.NameJa, s.NameEn }).ToListAsync(ct);
        var answers = await db.CrisisStatusAnswers.AsNoTracking().Where(a => a.CrisisId == c.Id && a.OrganizationId == org).ToListAsync(ct);
        return services.OrderBy(s => s.Sector, StringComparer.Ordinal).ThenBy(s => s.Code, StringComparer.Ordinal).Select(s =>
        {
            var mine = answers.Where(a => a.ServiceCode == s.Code).ToList();
            var last = mine.MaxBy(a => a.Version);
            return new MyServiceStatus(s.Sector, s.Code, s.NameJa, s.NameEn, last?.Status, last?.ExpectedRecovery, last?.Needs, last?.AnsweredAt, mine.Count);
        }).ToList();
    }

    /// <summary>
    /// Declaration, the hotline alerts sent during the crisis to organisations of its sectors (only
    /// those the viewer may see, through <see cref="DisclosurePolicy.Visible{T}"/>), the liaison
    /// reports sent under its direct reporting route (through the report rules, at the viewer's
    /// view level: a sanitized-view reader gets the pseudonym and the sanitized title, never the
    /// reporter), answers, reminders and the stand-down; oldest first.
    /// </summary>
    private async Task<IReadOnlyList<CrisisTimelineEntry>> TimelineAsync(Viewer viewer, CrisisDeclaration c, CancellationToken ct)
    {
        var list = new List<CrisisTimelineEntry>
        {
            new(c.DeclaredAt, "declared", null, null, $"{c.Cause}: {string.Join(", ", c.Sectors)}{(c.Regions.Count > 0 ? " / " + string.Join(", ", c.Regions) : "")}"),
        };
        var from = c.DeclaredAt;
        var sectors = c.Sectors;
        // A real crisis's timeline shows real alerts only; an exercise crisis's only its exercise's.
        var exerciseId = c.ExerciseId;
        var during = DisclosurePolicy.Visible(db.HotlineAlerts.AsNoTracking(), viewer)
            .Where(a => a.ExerciseId == exerciseId)
            .Where(a => a.CreatedAt >= from && db.AlertAcknowledgements.Any(k => k.AlertId == a.Id && k.SectorCode != null && sectors.Contains(k.SectorCode)));
        if (c.StoodDownAt is { } end) during = during.Where(a => a.CreatedAt <= end);
        var alerts = await during.Select(a => new { a.CreatedAt, a.Sequence, a.Class, a.Title }).ToListAsync(ct);
        list.AddRange(alerts.Select(a => new CrisisTimelineEntry(a.CreatedAt, "alert", null, null, $"#{a.Sequence} {a.Class}: {a.Title}")));
        list.AddRange((await reports.UnderCrisisAsync(viewer, c.Id, CrisisLimits.MaxList, ct))
            .Select(r => new CrisisTimelineEntry(r.FirstSubmittedAt!.Value, "report", r.ReporterCode, r.SectorCode, $"{r.Pseudonym}: {r.Title}")));
        var answers = await (from a in db.CrisisStatusAnswers.AsNoTracking()
                             join o in db.Organizations.AsNoTracking() on a.OrganizationId equals o.Id
                             where a.CrisisId == c.Id
                             select new { o.Code, a.SectorCode, a.AnsweredAt, a.ServiceCode, a.Status }).ToListAsync(ct);
        list.AddRange(answers.GroupBy(a => (a.Code, a.SectorCode, a.AnsweredAt)).Select(g => new CrisisTimelineEntry(g.Key.AnsweredAt, "answer", g.Key.Code, g.Key.SectorCode,
            string.Join(", ", g.OrderBy(a => a.ServiceCode, StringComparer.Ordinal).Select(a => $"{a.ServiceCode}={a.Status}")))));
        var reminders = await db.CrisisReminders.AsNoTracking().Where(r => r.CrisisId == c.Id).ToListAsync(ct);
        list.AddRange(reminders.Select(r => new CrisisTimelineEntry(r.SentAt, "reminder", null, null, $"round {r.Round}: {r.Sent}")));
        if (c.StoodDownAt is { } down) list.Add(new CrisisTimelineEntry(down, "stood-down", null, null, string.Join(", ", c.Sectors)));
        return list.OrderBy(e => e.At).ThenBy(e => KindOrder(e.Kind)).ToList();
    }

    private static int KindOrder(string kind) => kind switch { "declared" => 0, "stood-down" => 9, _ => 5 };

    private static string AccessName(CrisisRoomAccess access) => access == CrisisRoomAccess.Board ? "board" : "own-answers";

    /// <summary>The worst status present: down, then degraded, then unknown, then normal; <c>none</c> when nobody answered.</summary>
    public static string Colour(CrisisBoardCell cell)
        => cell.Down > 0 ? ServiceStatuses.Down
            : cell.Degraded > 0 ? ServiceStatuses.Degraded
            : cell.Unknown > 0 ? ServiceStatuses.Unknown
            : cell.Normal > 0 ? ServiceStatuses.Normal
            : "none";

    private static string? Worst(IEnumerable<string> statuses)
    {
        var set = statuses.ToHashSet();
        return set.Count == 0 ? null
            : set.Contains(ServiceStatuses.Down) ? ServiceStatuses.Down
            : set.Contains(ServiceStatuses.Degraded) ? ServiceStatuses.Degraded
            : set.Contains(ServiceStatuses.Unknown) ? ServiceStatuses.Unknown
            : ServiceStatuses.Normal;
    }

    /// <summary>The median of the values present (null when none).</summary>
    public static double? Median(IEnumerable<double?> values)
    {
        var v = values.Where(x => x is not null).Select(x => x!.Value).Order().ToList();
        if (v.Count == 0) return null;
        var mid = v.Count / 2;
        return Math.Round(v.Count % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2, 1);
    }
}
