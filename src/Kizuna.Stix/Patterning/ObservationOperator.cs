namespace Kizuna.Stix.Patterning;

/// <summary>How observation expressions are joined, from tightest to loosest binding.</summary>
public enum ObservationOperator
{
    /// <summary><c>AND</c>: both are matched, by different observations.</summary>
    And,
    /// <summary><c>OR</c>: either is matched.</summary>
    Or,
    /// <summary><c>FOLLOWEDBY</c>: the left is matched, then the right by later observations.</summary>
    FollowedBy,
}
