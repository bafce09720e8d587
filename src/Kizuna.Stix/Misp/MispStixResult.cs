using System.Text.Json.Nodes;

namespace Kizuna.Stix.Misp;

/// <summary>
/// The STIX objects one MISP attribute, object or galaxy list maps to, and which of them the event's
/// report lists in its <c>object_refs</c> (indicators, observed data, notes, attack patterns —
/// the cyber observables are reached through their observed data).
/// </summary>
public sealed record MispStixResult(IReadOnlyList<JsonObject> Objects, IReadOnlyList<string> Refs)
{
    public static readonly MispStixResult Empty = new([], []);
}
