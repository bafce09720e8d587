namespace Kizuna.Stix.Misp;

/// <summary>
/// The fields of a MISP event other than its attributes and objects (MISP core format <c>Event</c>):
/// what becomes a STIX report, and what a MISP feed's manifest lists.
/// </summary>
/// <param name="Uuid">The event's <c>uuid</c>.</param>
/// <param name="Info">The event's title (<c>info</c>).</param>
/// <param name="Date">The event's <c>date</c> (<c>YYYY-MM-DD</c>).</param>
/// <param name="ThreatLevelId"><c>threat_level_id</c>: 1 high, 2 medium, 3 low, 4 undefined.</param>
/// <param name="Analysis"><c>analysis</c>: 0 initial, 1 ongoing, 2 completed.</param>
/// <param name="Published">Whether the event is <c>published</c>.</param>
/// <param name="Timestamp">Last change (<c>timestamp</c>), Unix seconds.</param>
/// <param name="PublishTimestamp">Publication (<c>publish_timestamp</c>), Unix seconds.</param>
/// <param name="OrgcName">The creating organisation's name (<c>Orgc.name</c>).</param>
/// <param name="OrgcUuid">The creating organisation's uuid (<c>Orgc.uuid</c>).</param>
/// <param name="Tags">The event's tag names.</param>
/// <param name="Galaxies">The clusters of the event's galaxies.</param>
public sealed record MispEventHeader(Guid Uuid, string Info, DateOnly Date, string ThreatLevelId, string Analysis, bool Published,
    long Timestamp, long PublishTimestamp, string? OrgcName, Guid? OrgcUuid, IReadOnlyList<string> Tags, IReadOnlyList<MispGalaxyCluster> Galaxies)
{
    /// <summary>The event's TLP: the most restrictive <c>tlp:*</c> tag, if any.</summary>
    public Tlp? Tlp => MispTags.Tlp(Tags);
}
