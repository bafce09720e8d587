using System.Text.Json;

namespace Kizuna.Stix.Objects;

/// <summary>観測データ Observed data: SCOs that were observed, with when and how often (§4.14).</summary>
public sealed record ObservedData : StixDomainObject
{
    /// <summary>The type name, <c>observed-data</c>.</summary>
    public override string Type => "observed-data";

    /// <summary>Start of the observation window; required.</summary>
    public StixTimestamp? FirstObserved { get; init; }

    /// <summary>End of the observation window; required, not before <see cref="FirstObserved"/>.</summary>
    public StixTimestamp? LastObserved { get; init; }

    /// <summary>How many times the data was observed (1–999,999,999); required.</summary>
    public int? NumberObserved { get; init; }

    /// <summary>Deprecated embedded observables (a dictionary); exclusive with <see cref="ObjectRefs"/>.</summary>
    public StixMap<JsonElement>? Objects { get; init; }

    /// <summary>The observed SCOs (and SROs between them).</summary>
    public StixList<string>? ObjectRefs { get; init; }
}
