namespace Kizuna.Stix.Patterning;

/// <summary>The operator of a <see cref="PropertyComparison"/> (spec 2.1 §9.5, comparison operators).</summary>
public enum ComparisonOperator
{
    /// <summary><c>=</c> (also written <c>==</c>).</summary>
    Equal,
    /// <summary><c>!=</c> (also written <c>&lt;&gt;</c>).</summary>
    NotEqual,
    /// <summary><c>&gt;</c>.</summary>
    GreaterThan,
    /// <summary><c>&lt;</c>.</summary>
    LessThan,
    /// <summary><c>&gt;=</c>.</summary>
    GreaterThanOrEqual,
    /// <summary><c>&lt;=</c>.</summary>
    LessThanOrEqual,
    /// <summary><c>IN (…)</c>: equal to one of a set.</summary>
    In,
    /// <summary><c>LIKE</c>: SQL-style match, <c>%</c> any run of characters, <c>_</c> one character.</summary>
    Like,
    /// <summary><c>MATCHES</c>: regular expression search.</summary>
    Matches,
    /// <summary><c>ISSUBSET</c>: the address or network lies inside the CIDR block given.</summary>
    IsSubset,
    /// <summary><c>ISSUPERSET</c>: the network contains the CIDR block given.</summary>
    IsSuperset,
}
