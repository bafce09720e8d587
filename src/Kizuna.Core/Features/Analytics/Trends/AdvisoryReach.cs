using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Provision;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Analytics.Trends;

/// <summary>
/// How far the advisories (情報提供) published in a period went, counted over the recipient
/// organisations in the viewer's statistics scope: recipients planned, reached, opened and
/// acknowledged, and the recipients' answers by kind (RespondToAdvisory). Only advisories the viewer
/// may see are counted.
/// </summary>
public sealed record AdvisoryReach(StatCell Advisories, StatCell Recipients, StatCell Received, StatCell Opened, StatCell Acknowledged, IReadOnlyList<StatRow> Feedback);

internal static class AdvisoryReachCounter
{
    private static readonly IReadOnlyDictionary<string, (string Ja, string En)> FeedbackNames = new Dictionary<string, (string, string)>
    {
        [FeedbackKinds.Applied] = ("対策済み", "Applied"),
        [FeedbackKinds.NotApplicable] = ("該当なし", "Not applicable"),
        [FeedbackKinds.FalsePositive] = ("誤検知", "False positive"),
        [FeedbackKinds.Seen] = ("自組織でも確認", "Seen in our environment"),
    };

    /// <summary>Two round trips: the advisories with their deliveries in scope (one grouped row), and the answers grouped by kind and sectors.</summary>
    public static async Task<AdvisoryReach> CountAsync(KizunaDb db, Viewer viewer, StatisticsScope scope, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var advisories = AnalyticsSource.Advisories(db, viewer).Where(a => a.PublishedAt >= from && a.PublishedAt < to);
        var deliveries = db.AdvisoryDeliveries.AsNoTracking();
        if (scope.Sectors is { } sectors)
        {
            var codes = sectors.ToList();
            deliveries = deliveries.Where(d => d.SectorCode != null && codes.Contains(d.SectorCode));
        }
        // Every advisory once, with each of its deliveries in scope (or none): counted in one grouped row.
        var counts = await (from a in advisories
                            join d in deliveries on a.Id equals d.AdvisoryId into ds
                            from d in ds.DefaultIfEmpty()
                            select new
                            {
                                a.Id,
                                Delivery = d == null ? (Guid?)null : d.Id,
                                ReceivedAt = d == null ? null : d.ReceivedAt,
                                OpenedAt = d == null ? null : d.OpenedAt,
                                AcknowledgedAt = d == null ? null : d.AcknowledgedAt,
                            })
            .GroupBy(x => 1)
            .Select(g => new
            {
                Advisories = g.Select(x => x.Id).Distinct().Count(),
                Recipients = g.Count(x => x.Delivery != null),
                Received = g.Count(x => x.ReceivedAt != null),
                Opened = g.Count(x => x.OpenedAt != null),
                Acknowledged = g.Count(x => x.AcknowledgedAt != null),
            })
            .FirstOrDefaultAsync(ct);
        var ids = advisories.Select(a => a.Id);
        var answers = await db.AdvisoryFeedback.AsNoTracking().Where(f => ids.Contains(f.AdvisoryId))
            .GroupBy(f => new { f.Kind, f.SectorCodes }).Select(g => new { g.Key.Kind, g.Key.SectorCodes, Count = g.Count() }).ToListAsync(ct);
        var inScope = answers.Where(a => scope.AllSectors || (a.SectorCodes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Any(scope.Includes)).ToList();
        var feedback = FeedbackKinds.All.Select(k => new StatRow(k, FeedbackNames[k].Ja, FeedbackNames[k].En, scope.Cell(inScope.Where(a => a.Kind == k).Sum(a => a.Count)))).ToList();
        return new AdvisoryReach(scope.Cell(counts?.Advisories ?? 0), scope.Cell(counts?.Recipients ?? 0), scope.Cell(counts?.Received ?? 0),
            scope.Cell(counts?.Opened ?? 0), scope.Cell(counts?.Acknowledged ?? 0), feedback);
    }
}
