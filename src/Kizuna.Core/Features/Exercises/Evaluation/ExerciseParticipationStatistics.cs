using Kizuna.Core.Data;
using Kizuna.Core.Features.Analytics.Trends;
using Kizuna.Core.Features.Liaison;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Exercises.Evaluation;

/// <summary>
/// Exercise participation in one fiscal year (演習参加状況): exercises held, participating organisations
/// (each counted once a year however many exercises it joined) and people (summed over the
/// exercises), by role and by quarter. Only running and completed exercises count, in the quarter of
/// their start (the planned start until they start); a draft or cancelled one does not. A participant
/// removed before the start did not take part.
/// </summary>
public sealed record ExerciseParticipation(int FiscalYear, DateOnly From, DateOnly To, int Exercises, int Organizations, int People,
    IReadOnlyList<ParticipationRow> ByRole, IReadOnlyList<ExerciseParticipationQuarter> Quarters);

/// <summary>One fiscal quarter (1 = April–June), with the people by role (players, controllers, observers).</summary>
public sealed record ExerciseParticipationQuarter(int Quarter, int Exercises, int Organizations, int People, int Players, int Controllers, int Observers);

/// <summary>Counts exercise participation per fiscal year: the one place the annual figures and the statistics endpoint read it from.</summary>
public sealed class ExerciseParticipationStatistics(KizunaDb db)
{
    public async Task<ExerciseParticipation> HandleAsync(int fiscalYear, CancellationToken ct = default)
    {
        var first = FiscalCalendar.FirstDay(fiscalYear);
        var last = FiscalCalendar.LastDay(fiscalYear);
        var from = FiscalCalendar.StartOf(first);
        var to = FiscalCalendar.StartOf(last.AddDays(1));
        // Counts only: no exercise title, no organisation leaves this method.
        var exercises = await db.Exercises.AsNoTracking()
            .Where(e => e.Status == ExerciseStates.Running || e.Status == ExerciseStates.Completed)
            .Select(e => new { e.Id, At = e.StartedAt ?? e.ScheduledStartAt })
            .ToListAsync(ct);
        var held = exercises.Where(e => e.At is { } at && at >= from && at < to).ToDictionary(e => e.Id, e => e.At!.Value);
        var ids = held.Keys.ToList();
        var participants = ids.Count == 0 ? [] : await db.ExerciseParticipants.AsNoTracking().Where(p => ids.Contains(p.ExerciseId))
            .Select(p => new { p.ExerciseId, p.OrganizationId, p.Role, p.People, p.RemovedAt })
            .ToListAsync(ct);
        var took = participants.Where(p => p.RemovedAt is null || p.RemovedAt > held[p.ExerciseId])
            .Select(p => (p.OrganizationId, p.Role, p.People, Quarter: FiscalCalendar.Quarter(held[p.ExerciseId]))).ToList();

        var byRole = ExerciseRoles.All.Select(r =>
        {
            var (ja, en) = AfterActionReportHandler.RoleName(r);
            var of = took.Where(t => t.Role == r).ToList();
            return new ParticipationRow(r, ja, en, of.Select(t => t.OrganizationId).Distinct().Count(), of.Sum(t => t.People));
        }).ToList();
        var quarters = Enumerable.Range(1, 4).Select(q => new ExerciseParticipationQuarter(q,
            held.Values.Count(at => FiscalCalendar.Quarter(at) == q),
            took.Where(t => t.Quarter == q).Select(t => t.OrganizationId).Distinct().Count(),
            took.Where(t => t.Quarter == q).Sum(t => t.People),
            took.Where(t => t.Quarter == q && t.Role == ExerciseRoles.Player).Sum(t => t.People),
            took.Where(t => t.Quarter == q && t.Role == ExerciseRoles.Controller).Sum(t => t.People),
            took.Where(t => t.Quarter == q && t.Role == ExerciseRoles.Observer).Sum(t => t.People))).ToList();
        return new ExerciseParticipation(fiscalYear, first, last, held.Count, took.Select(t => t.OrganizationId).Distinct().Count(), took.Sum(t => t.People), byRole, quarters);
    }

    /// <summary>The participation as a table of the annual figures (演習参加状況 Exercise participation): one row per count, by quarter.</summary>
    public static AnnualTable Table(ExerciseParticipation p)
    {
        static StatCell Cell(int n) => new(n, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AnnualRow Row(string key, string ja, string en, Func<ExerciseParticipationQuarter, int> of, int year)
            => new(key, ja, en, p.Quarters.Select(q => Cell(of(q))).ToList(), Cell(year));
        var rows = new List<AnnualRow>
        {
            Row("exercises", "演習実施回数", "Exercises held", q => q.Exercises, p.Exercises),
            Row("organizations", "参加組織数", "Participating organisations", q => q.Organizations, p.Organizations),
            Row("people", "参加人数", "People taking part", q => q.People, p.People),
            Row("people-player", "参加人数（プレイヤー）", "People: players", q => q.Players, p.ByRole.Single(r => r.Key == ExerciseRoles.Player).People),
            Row("people-controller", "参加人数（コントローラー）", "People: controllers", q => q.Controllers, p.ByRole.Single(r => r.Key == ExerciseRoles.Controller).People),
            Row("people-observer", "参加人数（オブザーバー）", "People: observers", q => q.Observers, p.ByRole.Single(r => r.Key == ExerciseRoles.Observer).People),
        };
        return new AnnualTable(AnnualTables.Exercises, "演習参加状況", "Exercise participation", rows, null);
    }
}
