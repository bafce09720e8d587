namespace Kizuna.Stix.Objects;

/// <summary>ミューテックス Mutual-exclusion object (§6.11). Named <c>StixMutex</c> to avoid <see cref="System.Threading.Mutex"/>.</summary>
public sealed record StixMutex : StixCyberObservable
{
    /// <summary>The type name, <c>mutex</c>.</summary>
    public override string Type => "mutex";

    /// <summary>The mutex name; required.</summary>
    public string? Name { get; init; }
}
