using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Delivery;

/// <summary>A platform admin sends a dead message again (再送): pending, due now, attempts reset; audited.</summary>
public sealed class ReplayOutboxMessageHandler(KizunaDb db, AuditTrail audit, TimeProvider clock)
{
    public async Task HandleAsync(Guid id, Viewer viewer, CancellationToken ct = default)
    {
        if (!viewer.IsPlatformAdmin) throw new ForbiddenException("Only platform admins replay outbox messages.");
        var message = await db.Outbox.FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("No such outbox message.");
        message.Replay(clock.GetUtcNow());
        await audit.AppendAsync(db, AuditRecord.By(viewer, "delivery.outbox.replayed", "outbox", message.Id.ToString("D"),
            $"{message.Channel} {message.Topic} {message.IdempotencyKey}; last error: {message.LastError}"), ct);
    }
}
