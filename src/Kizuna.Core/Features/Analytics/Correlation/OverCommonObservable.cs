namespace Kizuna.Core.Features.Analytics.Correlation;

/// <summary>
/// A value seen in more items than <see cref="CorrelationOptions.MaxOccurrencesPerKey"/> (過多な観測値): it is
/// marked here once, its further sightings are counted in <see cref="Skipped"/> and not stored, and it is
/// reported instead of correlated.
/// </summary>
public sealed class OverCommonObservable
{
    private OverCommonObservable() { }

    public OverCommonObservable(ObservableKey key, DateTimeOffset now)
    {
        KeyId = key.Id;
        Type = key.Type;
        Value = key.Display;
        MarkedAt = now;
    }

    public Guid KeyId { get; private set; }
    public string Type { get; private set; } = "";
    public string Value { get; private set; } = "";
    public DateTimeOffset MarkedAt { get; private set; }
    /// <summary>Sightings not stored since the mark.</summary>
    public long Skipped { get; private set; }

    internal void Skip(int count) => Skipped += count;
}
