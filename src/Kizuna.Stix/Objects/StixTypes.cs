using System.Collections.Frozen;

namespace Kizuna.Stix.Objects;

/// <summary>The STIX type names this library models, with their C# types and kinds.</summary>
public static class StixTypes
{
    private static readonly FrozenDictionary<string, (Type ClrType, StixObjectKind Kind)> Known = new Dictionary<string, (Type, StixObjectKind)>
    {
        ["attack-pattern"] = (typeof(AttackPattern), StixObjectKind.Domain),
        ["campaign"] = (typeof(Campaign), StixObjectKind.Domain),
        ["course-of-action"] = (typeof(CourseOfAction), StixObjectKind.Domain),
        ["grouping"] = (typeof(Grouping), StixObjectKind.Domain),
        ["identity"] = (typeof(Identity), StixObjectKind.Domain),
        ["incident"] = (typeof(Incident), StixObjectKind.Domain),
        ["indicator"] = (typeof(Indicator), StixObjectKind.Domain),
        ["infrastructure"] = (typeof(Infrastructure), StixObjectKind.Domain),
        ["intrusion-set"] = (typeof(IntrusionSet), StixObjectKind.Domain),
        ["location"] = (typeof(Location), StixObjectKind.Domain),
        ["malware"] = (typeof(Malware), StixObjectKind.Domain),
        ["malware-analysis"] = (typeof(MalwareAnalysis), StixObjectKind.Domain),
        ["note"] = (typeof(Note), StixObjectKind.Domain),
        ["observed-data"] = (typeof(ObservedData), StixObjectKind.Domain),
        ["opinion"] = (typeof(Opinion), StixObjectKind.Domain),
        ["report"] = (typeof(Report), StixObjectKind.Domain),
        ["threat-actor"] = (typeof(ThreatActor), StixObjectKind.Domain),
        ["tool"] = (typeof(Tool), StixObjectKind.Domain),
        ["vulnerability"] = (typeof(Vulnerability), StixObjectKind.Domain),
        ["relationship"] = (typeof(Relationship), StixObjectKind.Relationship),
        ["sighting"] = (typeof(Sighting), StixObjectKind.Relationship),
        ["artifact"] = (typeof(Artifact), StixObjectKind.CyberObservable),
        ["autonomous-system"] = (typeof(AutonomousSystem), StixObjectKind.CyberObservable),
        ["directory"] = (typeof(StixDirectory), StixObjectKind.CyberObservable),
        ["domain-name"] = (typeof(DomainName), StixObjectKind.CyberObservable),
        ["email-addr"] = (typeof(EmailAddress), StixObjectKind.CyberObservable),
        ["email-message"] = (typeof(EmailMessage), StixObjectKind.CyberObservable),
        ["file"] = (typeof(StixFile), StixObjectKind.CyberObservable),
        ["ipv4-addr"] = (typeof(Ipv4Address), StixObjectKind.CyberObservable),
        ["ipv6-addr"] = (typeof(Ipv6Address), StixObjectKind.CyberObservable),
        ["mac-addr"] = (typeof(MacAddress), StixObjectKind.CyberObservable),
        ["mutex"] = (typeof(StixMutex), StixObjectKind.CyberObservable),
        ["network-traffic"] = (typeof(NetworkTraffic), StixObjectKind.CyberObservable),
        ["process"] = (typeof(StixProcess), StixObjectKind.CyberObservable),
        ["software"] = (typeof(Software), StixObjectKind.CyberObservable),
        ["url"] = (typeof(Url), StixObjectKind.CyberObservable),
        ["user-account"] = (typeof(UserAccount), StixObjectKind.CyberObservable),
        ["windows-registry-key"] = (typeof(WindowsRegistryKey), StixObjectKind.CyberObservable),
        ["x509-certificate"] = (typeof(X509Certificate), StixObjectKind.CyberObservable),
        ["marking-definition"] = (typeof(MarkingDefinition), StixObjectKind.MarkingDefinition),
        ["language-content"] = (typeof(LanguageContent), StixObjectKind.LanguageContent),
        ["extension-definition"] = (typeof(ExtensionDefinition), StixObjectKind.ExtensionDefinition),
        ["bundle"] = (typeof(StixBundle), StixObjectKind.Bundle),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every modelled type name.</summary>
    public static IEnumerable<string> All => Known.Keys;

    /// <summary>The kind of a type name (<see cref="StixObjectKind.Custom"/> when not modelled).</summary>
    public static StixObjectKind KindOf(string type) => Known.TryGetValue(type, out var k) ? k.Kind : StixObjectKind.Custom;

    /// <summary>The C# type of a type name (<see cref="CustomObject"/> when not modelled).</summary>
    public static Type ClrTypeOf(string type) => Known.TryGetValue(type, out var k) ? k.ClrType : typeof(CustomObject);

    /// <summary>Whether the type name is modelled by this library.</summary>
    public static bool IsKnown(string type) => Known.ContainsKey(type);
}
