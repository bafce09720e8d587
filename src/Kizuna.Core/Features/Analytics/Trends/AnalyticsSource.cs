using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Provision;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Analytics.Trends;

/// <summary>
/// The rows every trend and annual figure counts, and the one place that says which rows are real:
/// submitted liaison reports and published advisories, never exercise data: the "real data only"
/// filter (<see cref="ExerciseIsolation.RealOnly{T}"/>) is applied in <see cref="Reports"/> and
/// <see cref="Advisories"/> and nowhere else, so no statistic can mix exercise data with real data.
/// </summary>
public static class AnalyticsSource
{
    /// <summary>Submitted liaison reports (a draft is no report yet), limited to the sectors of the scope.</summary>
    public static IQueryable<IncidentReport> Reports(KizunaDb db, StatisticsScope scope)
    {
        var query = db.Reports.AsNoTracking().RealOnly().Where(r => r.FirstSubmittedAt != null);
        if (scope.Sectors is { } sectors)
        {
            var codes = sectors.ToList();
            query = query.Where(r => codes.Contains(r.SectorCode));
        }
        return query;
    }

    /// <summary>Published advisories (withdrawn ones included: they were issued) the viewer may see, through the disclosure policy.</summary>
    public static IQueryable<Advisory> Advisories(KizunaDb db, Viewer viewer)
        => DisclosurePolicy.Visible(db.Advisories.AsNoTracking().RealOnly(), viewer).Where(a => a.PublishedAt != null);
}
