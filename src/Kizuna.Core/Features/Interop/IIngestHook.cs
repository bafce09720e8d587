namespace Kizuna.Core.Features.Interop;

/// <summary>
/// A step that runs after <see cref="AddStixObjectsHandler"/> has saved new records, inside the same
/// transaction (the automation rules are one). It may add rows and save; an exception rolls the
/// whole envelope back.
/// </summary>
public interface IIngestHook
{
    Task AfterStoredAsync(IReadOnlyList<StixObjectRecord> added, CancellationToken ct);
}
