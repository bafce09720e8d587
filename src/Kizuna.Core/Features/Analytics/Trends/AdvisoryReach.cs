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

    public static async Task<AdvisoryReach> CountAsync(KizunaDb db, Viewer viewer, StatisticsScope scope, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var advisories = AnalyticsSource.Advisories(db, viewer).Where(a => a.PublishedAt >= from && a.PublishedAt < to);
        var ids = advisories.Select(a => a.Id);
        var deliveries = db.AdvisoryDeliveries.AsNoTracking().Where(d => ids.Contains(d.AdvisoryId));
        if (scope.Sectors is { } sectors)
        {
            var codes = sectors.ToList();
            deliveries = deliveries.Where(d => d.SectorCode != null && codes.Contains(d.SectorCode));
        }
        var advisoryCount = await advisories.CountAsync(ct);
        var recipients = await deliveries.CountAsync(ct);
        var received = await deliveries.CountAsync(d => d.ReceivedAt != null, ct);
        var opened = await deliveries.CountAsync(d => d.OpenedAt != null, ct);
        var acknowledged = await deliveries.CountAsync(d => d.AcknowledgedAt != null, ct);
        var answers = await db.AdvisoryFeedback.AsNoTracking().Where(f => ids.Contains(f.AdvisoryId)).Select(f => new { f.Kind, f.SectorCodes }).ToListAsync(ct);
        var inScope = answers.Where(a => scope.AllSectors || (a.SectorCodes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Any(scope.Includes)).ToList();
        var feedback = FeedbackKinds.All.Select(k => new StatRow(k, FeedbackNames[k].Ja, FeedbackNames[k].En, scope.Cell(inScope.Count(a => a.Kind == k)))).ToList();
        return new AdvisoryReach(scope.Cell(advisoryCount), scope.Cell(recipients), scope.Cell(received), scope.Cell(opened), scope.Cell(acknowledged), feedback);
    }
}
