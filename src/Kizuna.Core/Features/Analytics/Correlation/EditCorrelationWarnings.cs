using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Analytics.Correlation;

/// <summary>Adds a value to the warning list (相関除外リスト). <see cref="Type"/> may be omitted to recognise it.</summary>
public sealed record AddCorrelationWarning(string? Type = null, string Value = "", string? Note = null);

/// <summary>
/// Edits the warning list: coordinator administrators only (403 for everyone else). Adding a value removes
/// the occurrences already stored for it, in the same transaction; removing one lets new sightings in
/// (run <c>kizuna analytics rebuild</c> to index the old ones again). Both are audited.
/// </summary>
public sealed class EditCorrelationWarningsHandler(KizunaDb db, AuditTrail audit, TimeProvider clock)
{
    public static bool MayEdit(Viewer viewer) =>
        viewer.IsSystem || viewer.OrganizationKind == OrganizationKinds.Coordinator && viewer.HasRole(OrgRoles.OrgAdmin);

    public async Task<IReadOnlyList<CorrelationWarningView>> ListAsync(CancellationToken ct = default)
        => await db.CorrelationWarnings.AsNoTracking().OrderBy(w => w.Type).ThenBy(w => w.Value)
            .Select(w => new CorrelationWarningView(w.Id, w.Type, w.Value, w.Note, w.AddedBy, w.AddedAt)).ToListAsync(ct);

    public async Task<CorrelationWarningView> AddAsync(AddCorrelationWarning command, Viewer viewer, CancellationToken ct = default)
    {
        Require(viewer);
        if (!ObservableNormalizer.TryNormalize(command.Type, command.Value, out var key, out var error))
            throw new InputException(!string.IsNullOrWhiteSpace(command.Type) && !ObservableTypes.Accepted.Contains(command.Type.Trim().ToLowerInvariant()) ? "type" : "value", error);
        var note = (command.Note ?? "").Trim();
        if (note.Length > CorrelationWarning.MaxNoteLength)
            throw new InputException("note", $"The note is longer than {CorrelationWarning.MaxNoteLength} characters.");
        if (await db.CorrelationWarnings.AnyAsync(w => w.KeyId == key.Id, ct))
            throw new ConflictException($"{key.Key} is already on the warning list.");
        var warning = new CorrelationWarning(key, note, viewer.UserEmail, clock.GetUtcNow());
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.CorrelationWarnings.Add(warning);
        await db.ObservableOccurrences.Where(o => o.KeyId == key.Id).ExecuteDeleteAsync(ct);
        await db.OverCommonObservables.Where(o => o.KeyId == key.Id).ExecuteDeleteAsync(ct);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "correlation.warning.added", "correlation-warning", warning.Id.ToString("D"), key.Key), ct);
        await tx.CommitAsync(ct);
        return new CorrelationWarningView(warning.Id, warning.Type, warning.Value, warning.Note, warning.AddedBy, warning.AddedAt);
    }

    public async Task RemoveAsync(Guid id, Viewer viewer, CancellationToken ct = default)
    {
        Require(viewer);
        var warning = await db.CorrelationWarnings.FirstOrDefaultAsync(w => w.Id == id, ct)
            ?? throw new NotFoundException("No warning-list entry has this id.");
        db.CorrelationWarnings.Remove(warning);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "correlation.warning.removed", "correlation-warning", id.ToString("D"), warning.Type + ":" + warning.Value), ct);
    }

    private static void Require(Viewer viewer)
    {
        if (!MayEdit(viewer)) throw new ForbiddenException("Only the coordinator's administrators edit the correlation warning list.");
    }
}
