namespace Kizuna.Stix.Misp;

/// <summary>Receives a MISP document's events one piece at a time from <see cref="MispEventReader"/>.</summary>
public interface IMispEventHandler
{
    /// <summary>An event starts; its header (tags, galaxies, creator) is complete, wherever those fields stood in the JSON.</summary>
    ValueTask BeginEventAsync(MispEventHeader header, CancellationToken ct);

    /// <summary>One attribute of the current event (not inside an object).</summary>
    ValueTask AttributeAsync(MispAttribute attribute, CancellationToken ct);

    /// <summary>One object of the current event, with its attributes.</summary>
    ValueTask ObjectAsync(MispObject obj, CancellationToken ct);

    /// <summary>An element of the current event that could not be read (e.g. an attribute without a uuid); reading goes on.</summary>
    ValueTask RejectedAsync(string what, string reason, CancellationToken ct);

    /// <summary>The current event ends.</summary>
    ValueTask EndEventAsync(MispEventHeader header, CancellationToken ct);
}
