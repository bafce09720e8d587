namespace Kizuna.Core.Features.Exercises.Drills;

/// <summary>What a viewer may see of a drill (decided by <see cref="Disclosure.DisclosurePolicy.Drill"/>).</summary>
public enum DrillAccess
{
    /// <summary>Nothing: the drill does not exist for the viewer (404).</summary>
    None,
    /// <summary>Its own message only: a recipient the message has reached.</summary>
    Message,
    /// <summary>The drill and its report: the originating organisation and the coordinator.</summary>
    Report,
}
