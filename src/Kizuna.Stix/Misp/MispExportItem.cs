namespace Kizuna.Stix.Misp;

/// <summary>What one STIX object becomes in a MISP event: attributes, an object, or a galaxy cluster (one of them).</summary>
public sealed record MispExportItem(IReadOnlyList<MispAttribute> Attributes, MispObject? Object = null, MispGalaxyCluster? Cluster = null);
