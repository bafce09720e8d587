using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kizuna.Server.Tests.Support;

/// <summary>
/// Keeps every log line the server writes at <see cref="MinimumLevel"/> or above (message and
/// exception), so a test can assert what never reaches the logs. Add it with a configure hook:
/// <c>b => b.Logging.AddProvider(provider)</c>, and set <c>Logging:LogLevel:Default</c> low enough.
/// </summary>
public sealed class CapturingLoggerProvider(LogLevel minimumLevel = LogLevel.Information) : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLine> _lines = new();

    public LogLevel MinimumLevel { get; } = minimumLevel;

    public IReadOnlyList<CapturedLine> Lines => [.. _lines];

    public void Clear() => _lines.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    public sealed record CapturedLine(LogLevel Level, string Category, string Text);

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.MinimumLevel && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var text = formatter(state, exception);
            // Structured values too: a template may not print every property.
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                text += " " + string.Join(" ", values.Select(v => $"{v.Key}={v.Value}"));
            if (exception is not null) text += Environment.NewLine + exception;
            owner._lines.Enqueue(new CapturedLine(logLevel, category, text));
        }
    }
}
