using System.Text.Json;

namespace Kizuna.Stix.Objects;

/// <summary>ネットワークトラフィック Network traffic between two hosts (§6.12): needs <c>src_ref</c> or <c>dst_ref</c>.</summary>
public sealed record NetworkTraffic : StixCyberObservable
{
    /// <summary>The type name, <c>network-traffic</c>.</summary>
    public override string Type => "network-traffic";

    /// <summary>When the traffic started.</summary>
    public StixTimestamp? Start { get; init; }

    /// <summary>When it ended.</summary>
    public StixTimestamp? End { get; init; }

    /// <summary>Whether it is still ongoing.</summary>
    public bool? IsActive { get; init; }

    /// <summary>The source (ipv4-addr, ipv6-addr, mac-addr or domain-name id).</summary>
    public string? SrcRef { get; init; }

    /// <summary>The destination (ipv4-addr, ipv6-addr, mac-addr or domain-name id).</summary>
    public string? DstRef { get; init; }

    /// <summary>The source port (0–65535).</summary>
    public int? SrcPort { get; init; }

    /// <summary>The destination port (0–65535).</summary>
    public int? DstPort { get; init; }

    /// <summary>The protocols, outermost first (e.g. ipv4, tcp, http); required.</summary>
    public StixList<string>? Protocols { get; init; }

    /// <summary>Bytes sent from the source.</summary>
    public long? SrcByteCount { get; init; }

    /// <summary>Bytes sent from the destination.</summary>
    public long? DstByteCount { get; init; }

    /// <summary>Packets sent from the source.</summary>
    public long? SrcPackets { get; init; }

    /// <summary>Packets sent from the destination.</summary>
    public long? DstPackets { get; init; }

    /// <summary>IPFIX data.</summary>
    public StixMap<JsonElement>? Ipfix { get; init; }

    /// <summary>The source payload (artifact id).</summary>
    public string? SrcPayloadRef { get; init; }

    /// <summary>The destination payload (artifact id).</summary>
    public string? DstPayloadRef { get; init; }

    /// <summary>Traffic encapsulated by this one.</summary>
    public StixList<string>? EncapsulatesRefs { get; init; }

    /// <summary>Traffic that encapsulates this one.</summary>
    public string? EncapsulatedByRef { get; init; }
}
