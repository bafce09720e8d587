namespace Kizuna.Stix.Objects;

/// <summary>The categories of top-level STIX objects; validation rules and reference constraints depend on them.</summary>
public enum StixObjectKind
{
    /// <summary>A type this library does not model (custom object or one from an extension definition).</summary>
    Custom = 0,
    /// <summary>STIX Domain Object.</summary>
    Domain,
    /// <summary>STIX Relationship Object (relationship, sighting).</summary>
    Relationship,
    /// <summary>STIX Cyber-observable Object.</summary>
    CyberObservable,
    /// <summary>Marking definition.</summary>
    MarkingDefinition,
    /// <summary>Language content.</summary>
    LanguageContent,
    /// <summary>Extension definition.</summary>
    ExtensionDefinition,
    /// <summary>Bundle.</summary>
    Bundle,
}
