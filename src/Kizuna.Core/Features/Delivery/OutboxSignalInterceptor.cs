using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kizuna.Core.Features.Delivery;

/// <summary>
/// Wakes the local <see cref="OutboxWorker"/> when a save that added outbox messages is committed:
/// at once for a save in its own transaction, at the commit for a save inside an explicit one, and
/// never for a transaction that rolls back (the worker would find nothing anyway).
/// </summary>
public sealed class OutboxSignalInterceptor(OutboxSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, StrongBox<bool>> Pending = new();

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Note(DbContext? context)
    {
        if (context is null) return;
        if (context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State is EntityState.Added or EntityState.Modified))
            Pending.AddOrUpdate(context, new StrongBox<bool>(true));
    }

    private void Saved(DbContext? context)
    {
        if (context is null || !Pending.TryGetValue(context, out var box) || !box.Value) return;
        if (context.Database.CurrentTransaction is not null) return; // wait for the commit
        Pending.Remove(context);
        signal.Notify();
    }

    private void Committed(DbContext? context)
    {
        if (context is null || !Pending.TryGetValue(context, out var box) || !box.Value) return;
        Pending.Remove(context);
        signal.Notify();
    }

    private static void Forget(DbContext? context)
    {
        if (context is not null) Pending.Remove(context);
    }
}
