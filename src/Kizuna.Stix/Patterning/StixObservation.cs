using System.Text.Json.Nodes;

namespace Kizuna.Stix.Patterning;

/// <summary>
/// One observation to match a pattern against: the cyber-observable objects (SCOs) seen together, and when.
/// Typically built from an observed-data object (its <c>first_observed</c> and <c>last_observed</c>) and the
/// SCOs it refers to. Each SCO is a JSON object with at least <c>type</c>; <c>*_ref</c> and <c>*_refs</c>
/// properties are followed to other objects of the same observation by their <c>id</c>.
/// The objects are read, never changed.
/// </summary>
public sealed class StixObservation
{
    /// <summary>An observation made at one instant.</summary>
    public StixObservation(DateTimeOffset observedAt, IEnumerable<JsonObject> objects)
        : this(observedAt, observedAt, objects)
    {
    }

    /// <summary>An observation made over a time span; <paramref name="lastObserved"/> is not before <paramref name="firstObserved"/>.</summary>
    public StixObservation(DateTimeOffset firstObserved, DateTimeOffset lastObserved, IEnumerable<JsonObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        if (lastObserved < firstObserved)
        {
            throw new ArgumentException("last_observed cannot be before first_observed.", nameof(lastObserved));
        }
        FirstObserved = firstObserved.ToUniversalTime();
        LastObserved = lastObserved.ToUniversalTime();
        Objects = [.. objects];
        if (Objects.Any(o => o is null))
        {
            throw new ArgumentException("An observed object cannot be null.", nameof(objects));
        }
    }

    /// <summary>Start of the observation (UTC).</summary>
    public DateTimeOffset FirstObserved { get; }

    /// <summary>End of the observation (UTC); equal to <see cref="FirstObserved"/> for a single instant.</summary>
    public DateTimeOffset LastObserved { get; }

    /// <summary>The observed objects.</summary>
    public IReadOnlyList<JsonObject> Objects { get; }
}
