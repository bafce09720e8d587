namespace Kizuna.Stix.Misp;

/// <summary>
/// One cluster of a MISP galaxy attached to an event (MISP core format <c>Galaxy[].GalaxyCluster[]</c>),
/// e.g. an ATT&amp;CK technique of the <c>mitre-attack-pattern</c> galaxy.
/// </summary>
/// <param name="GalaxyType">The galaxy's <c>type</c> (<c>mitre-attack-pattern</c>, <c>threat-actor</c>…).</param>
/// <param name="Value">The cluster's <c>value</c> (<c>Spearphishing Attachment - T1566.001</c>).</param>
/// <param name="TagName">The cluster's <c>tag_name</c> (<c>misp-galaxy:mitre-attack-pattern="…"</c>).</param>
/// <param name="Uuid">The cluster's <c>uuid</c>, if given.</param>
/// <param name="ExternalIds">The cluster's <c>meta.external_id</c> values (<c>T1566.001</c>).</param>
/// <param name="Description">The cluster's <c>description</c>, if given.</param>
public sealed record MispGalaxyCluster(string GalaxyType, string Value, string TagName, Guid? Uuid, IReadOnlyList<string> ExternalIds, string? Description = null);
