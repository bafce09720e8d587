using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kizuna.Benchmarks;

/// <summary>
/// Counts the SQL commands EF Core executes in this process, their total time, and the
/// transactions committed, through EF Core's DiagnosticListener (nothing in the product changes).
/// </summary>
public sealed class DbCommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable _subscription;
    private readonly List<IDisposable> _listeners = [];
    private long _commands;
    private long _commandTicks;
    private long _commits;

    public DbCommandCounter() => _subscription = DiagnosticListener.AllListeners.Subscribe(this);

    public (long Commands, TimeSpan Time, long Commits) Snapshot()
        => (Interlocked.Read(ref _commands), TimeSpan.FromTicks(Interlocked.Read(ref _commandTicks)), Interlocked.Read(ref _commits));

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
            lock (_listeners) _listeners.Add(value.Subscribe(this));
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        switch (value.Value)
        {
            case CommandExecutedEventData executed:
                Interlocked.Increment(ref _commands);
                Interlocked.Add(ref _commandTicks, executed.Duration.Ticks);
                break;
            case TransactionEndEventData when value.Key == RelationalEventId.TransactionCommitted.Name:
                Interlocked.Increment(ref _commits);
                break;
        }
    }

    public void OnCompleted() { }

    public void OnError(Exception error) { }

    public void Dispose()
    {
        _subscription.Dispose();
        lock (_listeners) _listeners.ForEach(l => l.Dispose());
    }
}
