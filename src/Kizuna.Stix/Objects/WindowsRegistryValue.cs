namespace Kizuna.Stix.Objects;

/// <summary>A value under a Windows registry key (STIX 2.1 §6.17.2).</summary>
public sealed record WindowsRegistryValue : StixNode
{
    /// <summary>The value's name (empty for the default value).</summary>
    public string? Name { get; init; }
    /// <summary>The data.</summary>
    public string? Data { get; init; }
    /// <summary>The data type (windows-registry-datatype-enum, e.g. <c>REG_SZ</c>).</summary>
    public string? DataType { get; init; }
}
