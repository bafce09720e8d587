using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Exercises;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Hotline;

/// <summary>My organisation's part of an alert it received.</summary>
public sealed record MyAcknowledgement(DateTimeOffset? AcknowledgedAt, string? Via, int EscalationLevel);

/// <summary>An alert as a viewer sees it in a list or the stream; <see cref="Direction"/> is <c>down</c> (an alert) or <c>up</c> (a direct urgent report to the coordinator).</summary>
/// <remarks><see cref="Exercise"/>: the exercise the alert belongs to (a 演習/EXERCISE badge, the prefix on its banner); null for real alerts.</remarks>
public sealed record AlertSummary(Guid Id, long Sequence, string Class, int Severity, string Tlp, string Title, string SenderCode,
    DateTimeOffset CreatedAt, bool SentByMyOrganization, MyAcknowledgement? Mine, string Direction, ExerciseRef? Exercise = null);

/// <summary>
/// One alert with its message and what the viewer may do. <see cref="LinkedReportId"/>: the liaison
/// report a direct urgent report refers to (opening it goes through the report's own access rules).
/// </summary>
public sealed record AlertDetail(AlertSummary Alert, string Message, string SenderNameJa, string SenderNameEn, int Recipients, int Acknowledged,
    bool CanAcknowledge, bool CanSeeBoard, Guid? LinkedReportId);

/// <summary>One recipient organisation on the sender's board.</summary>
public sealed record BoardRow(string Code, string NameJa, string NameEn, string? SectorCode, DateTimeOffset? AcknowledgedAt, string? Via,
    double? SecondsToAcknowledge, int EscalationLevel, DateTimeOffset? Level1At, DateTimeOffset? Level2At, DateTimeOffset? Level3At, bool Flagged);

/// <summary>Counts per sector (null: organisations without a sector); the mean time to acknowledge over those who did.</summary>
public sealed record BoardSector(string? SectorCode, int Recipients, int Acknowledged, int Escalated, int Flagged, double? MeanSecondsToAcknowledge);

/// <summary>The sender's board: who has acknowledged, who is escalated, and how fast, per organisation and per sector.</summary>
public sealed record AlertBoard(Guid AlertId, long Sequence, DateTimeOffset CreatedAt, int Recipients, int Acknowledged, int Flagged,
    IReadOnlyList<BoardSector> Sectors, IReadOnlyList<BoardRow> Organizations);

/// <summary>Reads alerts through the disclosure policy: a viewer sees those its organisation sent or was sent.</summary>
public sealed class HotlineQueries(KizunaDb db)
{
    public const int MaxList = 200;

    /// <summary>Alerts my organisation sent or received that I may see, newest first; <paramref name="exercise"/> is an <see cref="ExerciseFilter"/> (include by default).</summary>
    public async Task<IReadOnlyList<AlertSummary>> ListAsync(Viewer viewer, string? exercise = null, CancellationToken ct = default)
    {
        var alerts = await ExerciseFilter.Apply(Mine(viewer), exercise).OrderByDescending(a => a.Sequence).Take(MaxList).ToListAsync(ct);
        return await SummariesAsync(viewer, alerts, ct);
    }

    /// <summary>Alerts addressed to my organisation after a sequence number, oldest first (the live stream and its replay).</summary>
    public async Task<IReadOnlyList<AlertSummary>> AddressedAfterAsync(Viewer viewer, long after, int take, CancellationToken ct = default)
    {
        var org = viewer.OrganizationId;
        var alerts = await DisclosurePolicy.Visible(db.HotlineAlerts.AsNoTracking(), viewer)
            .Where(a => a.Sequence > after && db.AlertAcknowledgements.Any(k => k.AlertId == a.Id && k.OrganizationId == org))
            .OrderBy(a => a.Sequence).Take(take).ToListAsync(ct);
        return await SummariesAsync(viewer, alerts, ct);
    }

    /// <summary>
    /// Alerts addressed to my organisation that it has not acknowledged yet, newest first, at most
    /// <paramref name="take"/>: the banners at the top of every page until someone of the organisation acknowledges.
    /// </summary>
    public async Task<IReadOnlyList<AlertSummary>> AwaitingAsync(Viewer viewer, int take, CancellationToken ct = default)
    {
        var org = viewer.OrganizationId;
        var alerts = await DisclosurePolicy.Visible(db.HotlineAlerts.AsNoTracking(), viewer)
            .Where(a => db.AlertAcknowledgements.Any(k => k.AlertId == a.Id && k.OrganizationId == org && k.AcknowledgedAt == null))
            .OrderByDescending(a => a.Sequence).Take(take).ToListAsync(ct);
        // Every page of every member asks this: the usual answer (nothing waiting) costs one query.
        return alerts.Count == 0 ? [] : await SummariesAsync(viewer, alerts, ct);
    }

    /// <summary>The sequence number of the latest alert sent to anyone (where a new stream subscription starts); never sent to a client as such.</summary>
    public async Task<long> LatestSequenceAsync(CancellationToken ct = default)
        => await db.HotlineAlerts.MaxAsync(a => (long?)a.Sequence, ct) ?? 0;

    /// <summary>The messages of alerts the viewer may see (for the live channels), by alert id; alerts it may not see are absent.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> MessagesAsync(Viewer viewer, IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
        => ids.Count == 0
            ? new Dictionary<Guid, string>()
            : await Mine(viewer).Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Message, ct);

    public async Task<AlertDetail> GetAsync(Viewer viewer, Guid id, CancellationToken ct = default)
    {
        var alert = await Mine(viewer).FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException("No such alert.");
        var summary = (await SummariesAsync(viewer, [alert], ct))[0];
        var sender = await db.Organizations.AsNoTracking().Where(o => o.Id == alert.Distribution.OwnerOrganizationId).Select(o => new { o.NameJa, o.NameEn }).FirstAsync(ct);
        var isSender = summary.SentByMyOrganization;
        var recipients = isSender ? await db.AlertAcknowledgements.CountAsync(a => a.AlertId == id, ct) : 0;
        var acknowledged = isSender ? await db.AlertAcknowledgements.CountAsync(a => a.AlertId == id && a.AcknowledgedAt != null, ct) : 0;
        return new AlertDetail(summary, alert.Message, sender.NameJa, sender.NameEn, recipients, acknowledged,
            summary.Mine is { AcknowledgedAt: null }, isSender, alert.LinkedReportId);
    }

    /// <summary>The board, for the sending organisation only.</summary>
    public async Task<AlertBoard> BoardAsync(Viewer viewer, Guid id, CancellationToken ct = default)
    {
        var alert = await Mine(viewer).FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException("No such alert.");
        if (alert.Distribution.OwnerOrganizationId != viewer.OrganizationId) throw new ForbiddenException("Only the sending organisation sees the board.");
        var rows = await (from a in db.AlertAcknowledgements.AsNoTracking()
                          join o in db.Organizations.AsNoTracking() on a.OrganizationId equals o.Id
                          where a.AlertId == id
                          select new { o.Code, o.NameJa, o.NameEn, a.SectorCode, a.AcknowledgedAt, a.AcknowledgedVia, a.EscalationLevel, a.Level1At, a.Level2At, a.Level3At })
            .ToListAsync(ct);
        var board = rows
            .Select(r => new BoardRow(r.Code, r.NameJa, r.NameEn, r.SectorCode, r.AcknowledgedAt, r.AcknowledgedVia,
                r.AcknowledgedAt is { } at ? Math.Round((at - alert.CreatedAt).TotalSeconds, 1) : null,
                r.EscalationLevel, r.Level1At, r.Level2At, r.Level3At, r.EscalationLevel >= AlertAcknowledgement.MaxLevel && r.AcknowledgedAt is null))
            // The flagged first, then the most escalated, then those still waiting.
            .OrderByDescending(r => r.Flagged).ThenBy(r => r.AcknowledgedAt is not null).ThenByDescending(r => r.EscalationLevel).ThenBy(r => r.Code, StringComparer.Ordinal)
            .ToList();
        var sectors = board.GroupBy(r => r.SectorCode)
            .Select(g => new BoardSector(g.Key, g.Count(), g.Count(r => r.AcknowledgedAt is not null), g.Count(r => r.EscalationLevel > 0), g.Count(r => r.Flagged),
                MeanSeconds(g)))
            .OrderBy(s => s.SectorCode ?? "~", StringComparer.Ordinal).ToList();
        return new AlertBoard(alert.Id, alert.Sequence, alert.CreatedAt, board.Count, board.Count(r => r.AcknowledgedAt is not null), board.Count(r => r.Flagged), sectors, board);
    }

    private static double? MeanSeconds(IEnumerable<BoardRow> rows)
    {
        var seconds = rows.Where(r => r.SecondsToAcknowledge is not null).Select(r => r.SecondsToAcknowledge!.Value).ToList();
        return seconds.Count == 0 ? null : Math.Round(seconds.Average(), 1);
    }

    /// <summary>Alerts the viewer may see that its organisation sent or was sent.</summary>
    private IQueryable<HotlineAlert> Mine(Viewer viewer)
    {
        var org = viewer.OrganizationId;
        return DisclosurePolicy.Visible(db.HotlineAlerts.AsNoTracking(), viewer)
            .Where(a => a.Distribution.OwnerOrganizationId == org || db.AlertAcknowledgements.Any(k => k.AlertId == a.Id && k.OrganizationId == org));
    }

    private async Task<IReadOnlyList<AlertSummary>> SummariesAsync(Viewer viewer, List<HotlineAlert> alerts, CancellationToken ct)
    {
        var ids = alerts.Select(a => a.Id).ToList();
        var senders = alerts.Select(a => a.Distribution.OwnerOrganizationId).Distinct().ToList();
        var codes = await db.Organizations.AsNoTracking().Where(o => senders.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Code, ct);
        var org = viewer.OrganizationId;
        var mine = await db.AlertAcknowledgements.AsNoTracking().Where(a => ids.Contains(a.AlertId) && a.OrganizationId == org)
            .ToDictionaryAsync(a => a.AlertId, a => new MyAcknowledgement(a.AcknowledgedAt, a.AcknowledgedVia, a.EscalationLevel), ct);
        var exercises = await ExerciseMarks.OfAsync(db, alerts.Select(a => a.ExerciseId), ct);
        return alerts.Select(a => new AlertSummary(a.Id, a.Sequence, a.Class, a.Severity, TlpMarkings.Label(a.Distribution.Tlp), a.Title,
            codes.GetValueOrDefault(a.Distribution.OwnerOrganizationId, "?"), a.CreatedAt, a.Distribution.OwnerOrganizationId == org, mine.GetValueOrDefault(a.Id),
            a.Direction, a.ExerciseId is { } e ? exercises.GetValueOrDefault(e) : null)).ToList();
    }
}
