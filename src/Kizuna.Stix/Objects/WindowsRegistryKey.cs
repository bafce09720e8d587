namespace Kizuna.Stix.Objects;

/// <summary>Windowsレジストリキー Windows registry key (§6.17).</summary>
public sealed record WindowsRegistryKey : StixCyberObservable
{
    /// <summary>The type name, <c>windows-registry-key</c>.</summary>
    public override string Type => "windows-registry-key";

    /// <summary>The full key path, starting with a hive.</summary>
    public string? Key { get; init; }

    /// <summary>The values under the key.</summary>
    public StixList<WindowsRegistryValue>? Values { get; init; }

    /// <summary>When the key was last modified.</summary>
    public StixTimestamp? ModifiedTime { get; init; }

    /// <summary>The user account that created it.</summary>
    public string? CreatorUserRef { get; init; }

    /// <summary>How many subkeys it has.</summary>
    public int? NumberOfSubkeys { get; init; }
}
