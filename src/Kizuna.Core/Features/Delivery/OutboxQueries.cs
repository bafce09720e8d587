using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Paging;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Delivery;

public sealed record OutboxCount(string Channel, string Status, int Count);

/// <summary>Counts by channel and status, plus the number due now and the oldest pending item's age.</summary>
public sealed record OutboxSummary(IReadOnlyList<OutboxCount> Counts, int DueNow, DateTimeOffset? OldestPendingCreatedAt);

/// <summary>A dead letter as an admin sees it. The payload is not shown (it may carry an advisory's text).</summary>
public sealed record DeadLetterView(Guid Id, string Channel, string Topic, string IdempotencyKey, string? OrganizationCode, string? Destination,
    int Attempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset DueAt);

/// <summary>The outbox for platform admins (配信キュー): counts and dead letters, newest first.</summary>
public sealed class OutboxQueries(KizunaDb db, TimeProvider clock)
{
    public async Task<OutboxSummary> SummaryAsync(Viewer viewer, CancellationToken ct = default)
    {
        Require(viewer);
        var now = clock.GetUtcNow();
        var counts = await db.Outbox.AsNoTracking().GroupBy(m => new { m.Channel, m.Status })
            .Select(g => new { g.Key.Channel, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        var due = await db.Outbox.AsNoTracking().CountAsync(m => m.Status == OutboxStatus.Pending && m.DueAt <= now, ct);
        var oldest = await db.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Pending).OrderBy(m => m.CreatedAt)
            .Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(ct);
        return new OutboxSummary(counts.OrderBy(c => c.Channel, StringComparer.Ordinal).ThenBy(c => c.Status, StringComparer.Ordinal)
            .Select(c => new OutboxCount(c.Channel, c.Status, c.Count)).ToList(), due, oldest);
    }

    public async Task<Paged<DeadLetterView>> DeadAsync(Viewer viewer, PageRequest paging, CancellationToken ct = default)
    {
        Require(viewer);
        var dead = db.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Dead);
        var total = await dead.CountAsync(ct);
        var rows = await dead.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        var orgIds = rows.Where(r => r.OrganizationId is not null).Select(r => r.OrganizationId!.Value).Distinct().ToList();
        var codes = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Code, ct);
        return new Paged<DeadLetterView>(rows.Select(m => new DeadLetterView(m.Id, m.Channel, m.Topic, m.IdempotencyKey,
            m.OrganizationId is { } o ? codes.GetValueOrDefault(o) : null, m.Destination, m.Attempts, m.LastError, m.CreatedAt, m.DueAt)).ToList(),
            paging.Page, paging.PageSize, total);
    }

    private static void Require(Viewer viewer)
    {
        if (!viewer.IsPlatformAdmin) throw new ForbiddenException("Only platform admins see the outbox.");
    }
}
