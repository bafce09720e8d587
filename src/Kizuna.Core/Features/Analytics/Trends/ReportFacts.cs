using System.Text.Json;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Analytics.Trends;

/// <summary>
/// The facts of one submitted report that statistics count, and nothing that names anyone: when it
/// was first submitted, its sector, event and cause types, overall severity, when it was detected,
/// and (when asked for) when service recovered as its latest submission says (<c>recoveredAt</c>).
/// </summary>
public sealed record ReportFact(DateTimeOffset SubmittedAt, string Sector, IReadOnlyList<string> EventTypes, IReadOnlyList<string> CauseTypes, int Severity,
    DateTimeOffset? OccurredAt, DateTimeOffset? DetectedAt, DateTimeOffset? RecoveredAt);

/// <summary>A filter on the reports counted: one sector, event type, cause type or severity level.</summary>
public sealed record ReportFactFilter(string? Sector = null, string? EventType = null, string? CauseType = null, int? Severity = null);

internal static class ReportFacts
{
    /// <summary>Reports first submitted in [<paramref name="from"/>, <paramref name="to"/>) within the scope, streamed.</summary>
    public static async Task<List<ReportFact>> LoadAsync(KizunaDb db, StatisticsScope scope, DateTimeOffset from, DateTimeOffset to, ReportFactFilter filter,
        bool withRecovery, CancellationToken ct)
    {
        var q = AnalyticsSource.Reports(db, scope).Where(r => r.FirstSubmittedAt >= from && r.FirstSubmittedAt < to);
        if (!string.IsNullOrEmpty(filter.Sector)) q = q.Where(r => r.SectorCode == filter.Sector);
        if (!string.IsNullOrEmpty(filter.EventType)) q = q.Where(r => r.EventTypes.Contains(filter.EventType));
        if (!string.IsNullOrEmpty(filter.CauseType)) q = q.Where(r => r.CauseTypes.Contains(filter.CauseType));
        if (filter.Severity is { } severity) q = q.Where(r => r.Severity == severity);
        var facts = new List<ReportFact>();
        if (!withRecovery)
        {
            await foreach (var r in q.Select(r => new { r.FirstSubmittedAt, r.SectorCode, r.EventTypes, r.CauseTypes, r.Severity, r.OccurredAt, r.DetectedAt })
                               .AsAsyncEnumerable().WithCancellation(ct))
                facts.Add(new ReportFact(r.FirstSubmittedAt!.Value, r.SectorCode, r.EventTypes, r.CauseTypes, r.Severity, r.OccurredAt, r.DetectedAt, null));
            return facts;
        }
        // Recovery is not denormalized on the report: it is read from the latest submission's content, one report at a time.
        await foreach (var r in q.Select(r => new
                           {
                               r.FirstSubmittedAt, r.SectorCode, r.EventTypes, r.CauseTypes, r.Severity, r.OccurredAt, r.DetectedAt,
                               Latest = db.ReportSubmissions.Where(s => s.ReportId == r.Id && s.Number == r.SubmissionCount).Select(s => s.ContentJson).FirstOrDefault(),
                           })
                           .AsAsyncEnumerable().WithCancellation(ct))
            facts.Add(new ReportFact(r.FirstSubmittedAt!.Value, r.SectorCode, r.EventTypes, r.CauseTypes, r.Severity, r.OccurredAt, r.DetectedAt, RecoveredAtOf(r.Latest)));
        return facts;
    }

    /// <summary>The top-level <c>recoveredAt</c> of a report content snapshot, or null.</summary>
    internal static DateTimeOffset? RecoveredAtOf(string? contentJson)
    {
        if (string.IsNullOrEmpty(contentJson)) return null;
        try
        {
            using var doc = JsonDocument.Parse(contentJson);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                   && doc.RootElement.TryGetProperty("recoveredAt", out var value)
                   && value.ValueKind == JsonValueKind.String
                   && value.TryGetDateTimeOffset(out var at)
                ? at
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
