namespace Kizuna.Core.Disclosure;

/// <summary>How far a viewer enters a crisis room (<see cref="DisclosurePolicy.CrisisRoom"/>).</summary>
public enum CrisisRoomAccess
{
    /// <summary>The crisis does not exist for this viewer (404).</summary>
    None = 0,
    /// <summary>An operator asked for its status: the declaration and its own answers, not the board.</summary>
    OwnAnswers = 1,
    /// <summary>The declaration, the board, the timeline and the summary.</summary>
    Board = 2,
}
