using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Liaison;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Crisis;

/// <summary>A crisis as one viewer entered it: how far, and (for an operator asked) its status request.</summary>
public sealed record CrisisEntry(CrisisDeclaration Crisis, CrisisRoomAccess Access, CrisisRecipient? Recipient);

/// <summary>
/// Loads what <see cref="DisclosurePolicy.CrisisRoom"/> needs (the responsible ministries today, and
/// whether the viewer's organisation was asked) and applies it. A crisis the viewer may not enter
/// answers 404, as if it did not exist.
/// </summary>
public static class CrisisRoomGate
{
    public static async Task<CrisisEntry> EnterAsync(KizunaDb db, Viewer viewer, Guid id, DateTimeOffset now, bool track, CancellationToken ct)
    {
        var crises = track ? db.CrisisDeclarations : db.CrisisDeclarations.AsNoTracking();
        var crisis = await crises.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundException("No such crisis.");
        var org = viewer.OrganizationId;
        var recipients = track ? db.CrisisRecipients : db.CrisisRecipients.AsNoTracking();
        var recipient = await recipients.FirstOrDefaultAsync(r => r.CrisisId == id && r.OrganizationId == org, ct);
        var ministries = await MinistriesAsync(db, now, ct);
        var outside = crisis.ExerciseId is { } exerciseId && !await ExerciseAccess.VisibleIn(db, viewer).AnyAsync(e => e.Id == exerciseId, ct);
        var access = DisclosurePolicy.CrisisRoom(viewer, crisis.Cause, MinistriesOf(ministries, crisis.Sectors), recipient is not null, outside);
        if (access == CrisisRoomAccess.None) throw new NotFoundException("No such crisis.");
        return new CrisisEntry(crisis, access, recipient);
    }

    /// <summary>The crises the viewer may enter, newest first, with how far.</summary>
    public static async Task<IReadOnlyList<(CrisisDeclaration Crisis, CrisisRoomAccess Access)>> ListAsync(KizunaDb db, Viewer viewer, DateTimeOffset now, CancellationToken ct)
    {
        var org = viewer.OrganizationId;
        var asked = (await db.CrisisRecipients.AsNoTracking().Where(r => r.OrganizationId == org).Select(r => r.CrisisId).ToListAsync(ct)).ToHashSet();
        var ministries = await MinistriesAsync(db, now, ct);
        var all = await db.CrisisDeclarations.AsNoTracking().OrderByDescending(c => c.DeclaredAt).ToListAsync(ct);
        var exercises = all.Any(c => c.ExerciseId is not null) ? (await ExerciseAccess.VisibleIn(db, viewer).Select(e => e.Id).ToListAsync(ct)).ToHashSet() : [];
        return all.Select(c => (c, DisclosurePolicy.CrisisRoom(viewer, c.Cause, MinistriesOf(ministries, c.Sectors), asked.Contains(c.Id),
                c.ExerciseId is { } e && !exercises.Contains(e))))
            .Where(x => x.Item2 != CrisisRoomAccess.None).Take(CrisisLimits.MaxList).ToList();
    }

    private static Task<Dictionary<string, List<Guid>>> MinistriesAsync(KizunaDb db, DateTimeOffset now, CancellationToken ct)
        => LiaisonDirectory.MinistriesBySectorAsync(db, now, ct);

    private static HashSet<Guid> MinistriesOf(Dictionary<string, List<Guid>> ministries, IEnumerable<string> sectors)
        => sectors.SelectMany(s => ministries.GetValueOrDefault(s) ?? []).ToHashSet();
}
