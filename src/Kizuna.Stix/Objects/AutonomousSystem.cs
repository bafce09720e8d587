namespace Kizuna.Stix.Objects;

/// <summary>自律システム Autonomous system (§6.2).</summary>
public sealed record AutonomousSystem : StixCyberObservable
{
    /// <summary>The type name, <c>autonomous-system</c>.</summary>
    public override string Type => "autonomous-system";

    /// <summary>The AS number; required.</summary>
    public long? Number { get; init; }

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>The regional Internet registry that assigned the number.</summary>
    public string? Rir { get; init; }
}
