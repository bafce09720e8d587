using Kizuna.Core.Data;
using Kizuna.Core.Features.Crisis;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Hotline;
using Kizuna.Server.Features.Hotline;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Server.Features.Crisis;

/// <summary>
/// Delivers the crisis board's live pushes (<see cref="CrisisLiveEvent"/>): <c>crisisUpdated</c>
/// <c>{crisisId}</c> to the hub's group <c>crisis:{id:N}</c>, which only connections the crisis room
/// rule lets read the board have joined (<see cref="HotlineHub.WatchCrisis"/>). The push names the
/// crisis and nothing else; the pages read the board again through the disclosure policy. Runs
/// from the outbox like <see cref="HotlineLiveHandler"/>, and like it waits while the backplane is
/// unreachable (<see cref="HotlineLiveHandler.WaitForBackplane"/>).
/// </summary>
public sealed class CrisisLiveHandler(IHubContext<HotlineHub> hub, IHotlineWake wake) : IOutboxHandler
{
    public string Channel => CrisisLiveEvent.Channel;

    public async Task<OutboxResult> HandleAsync(OutboxMessage message, KizunaDb db, CancellationToken ct)
    {
        if (HotlineLiveHandler.WaitForBackplane(wake) is { } postponed) return postponed;
        var e = message.ReadPayload<CrisisLiveEvent>();
        var crisis = await db.CrisisDeclarations.AsNoTracking().Where(c => c.Id == e.CrisisId).Select(c => new { c.ExerciseId }).FirstOrDefaultAsync(ct);
        if (crisis is null) return OutboxResult.Permanent("The crisis no longer exists.");
        await hub.Clients.Group(HotlineHub.CrisisGroup(e.CrisisId)).SendAsync(HotlineHub.CrisisUpdatedMethod,
            new LiveCrisisUpdate(e.CrisisId, await ExerciseMarks.OfAsync(db, crisis.ExerciseId, ct)), ct);
        return OutboxResult.Delivered;
    }
}
