using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Exercises;

/// <summary>An exercise in a list, with the viewer's access (<see cref="ExerciseAccessLevels"/>) and its organisation's role, if registered.</summary>
public sealed record ExerciseSummary(Guid Id, string Title, string Status, double Speed, DateTimeOffset? ScheduledStartAt, DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt, string OrganizationCode, string Access, string? MyRole, int Injects, int Sent);

/// <summary>One exercise: its header and, for those who manage or observe it, the participants.</summary>
public sealed record ExerciseDetail(Guid Id, string Title, string? Description, string Status, double Speed, DateTimeOffset? ScheduledStartAt,
    DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string OrganizationCode, string Access, string? MyRole, int Injects, int Sent,
    IReadOnlyList<ParticipantView>? Participants);

public sealed record ParticipantView(string OrganizationCode, string OrganizationNameJa, string OrganizationNameEn, string OrganizationKind, string Role, int People,
    DateTimeOffset RegisteredAt, DateTimeOffset? RemovedAt);

/// <summary>
/// One inject as the viewer may see it. Managers see everything; observers and players see only injects
/// already sent (players: sent to their organisation), without the audience and expectations, and a
/// simulated liaison report's content only by the organisation that filed it (the others reach the report
/// through its own page, as the sanitized view they are entitled to).
/// </summary>
public sealed record InjectView(int Number, double OffsetMinutes, string Kind, string? Title, string? Body,
    IReadOnlyList<InjectAudience>? Audience, IReadOnlyList<ExpectedResponse>? Expectations, string Status,
    DateTimeOffset? DueAt, DateTimeOffset? SentAt, double? LatenessSeconds, string? ItemKind, Guid? ItemId, string? ItemPath, string? Note);

/// <summary>The inject timeline: each inject with its due and sent times and lateness, and the worst lateness so far.</summary>
public sealed record InjectTimeline(Guid ExerciseId, string Status, double Speed, DateTimeOffset? StartedAt, IReadOnlyList<InjectView> Injects,
    double? MaxLatenessSeconds);

/// <summary>Reads exercises as the viewer may see them (<see cref="ExerciseAccess"/>).</summary>
public sealed class ExerciseQueries(KizunaDb db, ExerciseAccess access)
{
    public const int MaxListed = 200;

    public async Task<IReadOnlyList<ExerciseSummary>> ListAsync(Viewer viewer, CancellationToken ct = default)
    {
        var rows = await access.Visible(viewer).AsNoTracking().OrderByDescending(e => e.CreatedAt).Take(MaxListed).ToListAsync(ct);
        var ids = rows.Select(e => e.Id).ToList();
        var own = await db.ExerciseParticipants.AsNoTracking().Where(p => ids.Contains(p.ExerciseId) && p.OrganizationId == viewer.OrganizationId).ToListAsync(ct);
        var counts = await db.ExerciseInjects.AsNoTracking().Where(i => ids.Contains(i.ExerciseId)).GroupBy(i => i.ExerciseId)
            .Select(g => new { g.Key, All = g.Count(), Sent = g.Count(i => i.Status == InjectStates.Sent) }).ToListAsync(ct);
        var codes = await OrganizationCodesAsync(rows.Select(e => e.OrganizationId), ct);
        var result = new List<ExerciseSummary>();
        foreach (var e in rows)
        {
            var mine = own.FirstOrDefault(p => p.ExerciseId == e.Id);
            if (ExerciseAccess.LevelOf(e, mine, viewer) is not { } level) continue;
            var c = counts.FirstOrDefault(x => x.Key == e.Id);
            result.Add(new ExerciseSummary(e.Id, e.Title, e.Status, e.Speed, e.ScheduledStartAt, e.StartedAt, e.EndedAt, codes[e.OrganizationId], level,
                mine?.Role, level == ExerciseAccessLevels.Manage ? c?.All ?? 0 : 0, c?.Sent ?? 0));
        }
        return result;
    }

    public async Task<ExerciseDetail> GetAsync(Guid id, Viewer viewer, CancellationToken ct = default)
    {
        var (e, level) = await access.FindAsync(id, viewer, ct);
        var mine = await db.ExerciseParticipants.AsNoTracking().FirstOrDefaultAsync(p => p.ExerciseId == id && p.OrganizationId == viewer.OrganizationId, ct);
        var all = await db.ExerciseInjects.CountAsync(i => i.ExerciseId == id, ct);
        var sent = await db.ExerciseInjects.CountAsync(i => i.ExerciseId == id && i.Status == InjectStates.Sent, ct);
        var codes = await OrganizationCodesAsync([e.OrganizationId], ct);
        var participants = level == ExerciseAccessLevels.Play ? null : await ParticipantsOfAsync(id, ct);
        return new ExerciseDetail(e.Id, e.Title, e.Description, e.Status, e.Speed, e.ScheduledStartAt, e.StartedAt, e.EndedAt, codes[e.OrganizationId],
            level, mine?.Role, level == ExerciseAccessLevels.Manage ? all : 0, sent, participants);
    }

    /// <summary>The participants (managers and observers; players get 403 — they see only the exercise and what reached them).</summary>
    public async Task<IReadOnlyList<ParticipantView>> ParticipantsAsync(Guid id, Viewer viewer, CancellationToken ct = default)
    {
        var (_, level) = await access.FindAsync(id, viewer, ct);
        if (level == ExerciseAccessLevels.Play) throw new Errors.ForbiddenException("Players see the exercise and the injects sent to them, not the list of participants.");
        return await ParticipantsOfAsync(id, ct);
    }

    private async Task<IReadOnlyList<ParticipantView>> ParticipantsOfAsync(Guid id, CancellationToken ct)
        => await (from p in db.ExerciseParticipants.AsNoTracking()
                  join o in db.Organizations.AsNoTracking() on p.OrganizationId equals o.Id
                  where p.ExerciseId == id
                  orderby o.Code
                  select new ParticipantView(o.Code, o.NameJa, o.NameEn, o.Kind, p.Role, p.People, p.RegisteredAt, p.RemovedAt)).ToListAsync(ct);

    /// <summary>The injects the viewer may see, in scenario order.</summary>
    public async Task<IReadOnlyList<InjectView>> InjectsAsync(Guid id, Viewer viewer, CancellationToken ct = default)
    {
        var (_, level) = await access.FindAsync(id, viewer, ct);
        return await VisibleInjectsAsync(id, level, viewer, ct);
    }

    public async Task<InjectView> InjectAsync(Guid id, int number, Viewer viewer, CancellationToken ct = default)
    {
        var (_, level) = await access.FindAsync(id, viewer, ct);
        return (await VisibleInjectsAsync(id, level, viewer, ct)).FirstOrDefault(i => i.Number == number)
            ?? throw new Errors.NotFoundException($"No inject {number} in this exercise.");
    }

    public async Task<InjectTimeline> TimelineAsync(Guid id, Viewer viewer, CancellationToken ct = default)
    {
        var (e, level) = await access.FindAsync(id, viewer, ct);
        var injects = (await VisibleInjectsAsync(id, level, viewer, ct)).OrderBy(i => i.DueAt ?? DateTimeOffset.MaxValue).ThenBy(i => i.Number).ToList();
        var late = injects.Where(i => i.LatenessSeconds is not null).Select(i => i.LatenessSeconds!.Value).DefaultIfEmpty().Max();
        return new InjectTimeline(e.Id, e.Status, e.Speed, e.StartedAt, injects, injects.Any(i => i.LatenessSeconds is not null) ? late : null);
    }

    private async Task<IReadOnlyList<InjectView>> VisibleInjectsAsync(Guid id, string level, Viewer viewer, CancellationToken ct)
    {
        // An exercise holds at most ExerciseLimits.MaxInjects injects: read them all and apply the one rule (ExerciseAccess.Shows).
        var reached = level == ExerciseAccessLevels.Play
            ? (await db.ExerciseInjectRecipients.AsNoTracking().Where(r => r.ExerciseId == id && r.OrganizationId == viewer.OrganizationId)
                .Select(r => r.InjectId).ToListAsync(ct)).ToHashSet()
            : [];
        var injects = (await db.ExerciseInjects.AsNoTracking().Where(i => i.ExerciseId == id).OrderBy(i => i.Number).ToListAsync(ct))
            .Where(i => ExerciseAccess.Shows(level, i, reached.Contains(i.Id))).ToList();
        var filedByMe = await access.FiledByAsync(injects, viewer.OrganizationId, ct);
        var manage = level == ExerciseAccessLevels.Manage;
        return injects.Select(i =>
        {
            var words = ExerciseAccess.ShowsWords(level, i, i.ItemId is { } r && filedByMe.Contains(r));
            return new InjectView(i.Number, i.Offset.TotalMinutes, i.Kind, words ? i.Title : null, words ? i.Body : null,
                manage ? i.Audience : null, manage ? i.Expectations : null, i.Status, i.DueAt, i.SentAt,
                i.Status == InjectStates.Sent && i.DueAt is { } due && i.SentAt is { } sent ? Math.Round((sent - due).TotalSeconds, 3) : null,
                i.ItemKind, i.ItemId, PathOf(i.ItemKind, i.ItemId), manage ? i.Note : null);
        }).ToList();
    }

    /// <summary>The page an inject's item opens on (the item's own page decides what the viewer sees of it).</summary>
    public static string? PathOf(string? kind, Guid? id) => id is not { } x ? null : kind switch
    {
        "notice" => $"/notices/{x}",
        "alert" => $"/hotline/{x}",
        "advisory" => $"/advisories/{x}",
        "report" => $"/reports/{x}",
        "crisis" => $"/crises/{x}",
        _ => null,
    };

    private async Task<Dictionary<Guid, string>> OrganizationCodesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Organizations.AsNoTracking().Where(o => list.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Code, ct);
    }
}
