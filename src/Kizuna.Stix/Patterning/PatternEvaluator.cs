using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kizuna.Stix.Patterning;

/// <summary>
/// Matches a pattern against observations. Each sub-expression yields the set of its matches, a match
/// being a set of distinct observations; operators and qualifiers combine and filter those sets. The work
/// is bounded by <see cref="StixPatternLimits.MaxCandidateMatches"/> and <see cref="StixPatternLimits.MaxEvaluationSteps"/>.
/// </summary>
internal sealed class PatternEvaluator
{
    private readonly IReadOnlyList<StixObservation> _observations;
    private readonly Dictionary<string, JsonObject>[] _byId;
    private readonly Dictionary<string, Regex> _regexes = new(StringComparer.Ordinal);
    private long _steps;

    internal PatternEvaluator(IReadOnlyList<StixObservation> observations)
    {
        _observations = observations;
        _byId = new Dictionary<string, JsonObject>[observations.Count];
        for (var i = 0; i < observations.Count; i++)
        {
            var map = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var o in observations[i].Objects)
            {
                if (StringOf(o["id"]) is { } id)
                {
                    map.TryAdd(id, o);
                }
            }
            _byId[i] = map;
        }
    }

    internal bool Matches(ObservationExpression root) => Evaluate(root).Count > 0;

    private sealed class Match(int[] indices, DateTimeOffset first, DateTimeOffset last)
    {
        internal int[] Indices { get; } = indices;
        internal DateTimeOffset First { get; } = first;
        internal DateTimeOffset Last { get; } = last;
    }

    private sealed class IndicesComparer : IEqualityComparer<Match>
    {
        internal static readonly IndicesComparer Instance = new();

        public bool Equals(Match? x, Match? y) => x!.Indices.AsSpan().SequenceEqual(y!.Indices);

        public int GetHashCode(Match m)
        {
            var hash = new HashCode();
            foreach (var i in m.Indices)
            {
                hash.Add(i);
            }
            return hash.ToHashCode();
        }
    }

    private HashSet<Match> NewSet() => new(IndicesComparer.Instance);

    private void Add(HashSet<Match> set, Match match)
    {
        set.Add(match);
        if (set.Count > StixPatternLimits.MaxCandidateMatches)
        {
            throw new StixPatternEvaluationException(
                $"matching needs more than {StixPatternLimits.MaxCandidateMatches} candidate matches for one sub-expression; give fewer observations");
        }
    }

    private void Step()
    {
        if (++_steps > StixPatternLimits.MaxEvaluationSteps)
        {
            throw new StixPatternEvaluationException(
                $"matching takes more than {StixPatternLimits.MaxEvaluationSteps} steps; give fewer observations");
        }
    }

    private static Match Merge(Match a, Match b)
    {
        var indices = a.Indices.Concat(b.Indices).Order().ToArray();
        return new Match(indices, a.First < b.First ? a.First : b.First, a.Last > b.Last ? a.Last : b.Last);
    }

    private static bool Disjoint(Match a, Match b)
    {
        int i = 0, j = 0;
        while (i < a.Indices.Length && j < b.Indices.Length)
        {
            if (a.Indices[i] == b.Indices[j])
            {
                return false;
            }
            if (a.Indices[i] < b.Indices[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return true;
    }

    private HashSet<Match> Evaluate(ObservationExpression expression)
    {
        switch (expression)
        {
            case SimpleObservation simple:
            {
                var set = NewSet();
                for (var i = 0; i < _observations.Count; i++)
                {
                    var observation = _observations[i];
                    foreach (var o in observation.Objects)
                    {
                        Step();
                        if (Holds(simple.Comparison, o, i))
                        {
                            Add(set, new Match([i], observation.FirstObserved, observation.LastObserved));
                            break;
                        }
                    }
                }
                return set;
            }
            case CompositeObservation { Operator: ObservationOperator.Or } or:
            {
                var set = NewSet();
                foreach (var operand in or.Operands)
                {
                    foreach (var m in Evaluate(operand))
                    {
                        Add(set, m);
                    }
                }
                return set;
            }
            case CompositeObservation composite:
            {
                var followedBy = composite.Operator == ObservationOperator.FollowedBy;
                var acc = Evaluate(composite.Operands[0]);
                foreach (var operand in composite.Operands.Skip(1))
                {
                    if (acc.Count == 0)
                    {
                        return acc;
                    }
                    var right = Evaluate(operand);
                    var next = NewSet();
                    foreach (var l in acc)
                    {
                        foreach (var r in right)
                        {
                            Step();
                            if (Disjoint(l, r) && (!followedBy || l.Last <= r.First))
                            {
                                Add(next, Merge(l, r));
                            }
                        }
                    }
                    acc = next;
                }
                return acc;
            }
            case QualifiedObservation { Qualifier: WithinQualifier within } q:
            {
                // Compared in seconds: the window may be far longer than any TimeSpan (up to decimal.MaxValue).
                var set = Evaluate(q.Expression);
                set.RemoveWhere(m => (decimal)(m.Last - m.First).Ticks / TimeSpan.TicksPerSecond > within.Seconds);
                return set;
            }
            case QualifiedObservation { Qualifier: StartStopQualifier startStop } q:
            {
                var set = Evaluate(q.Expression);
                set.RemoveWhere(m => m.First < startStop.Start.Value || m.Last >= startStop.Stop.Value);
                return set;
            }
            case QualifiedObservation { Qualifier: RepeatsQualifier repeats } q:
                return Repeat([.. Evaluate(q.Expression).OrderBy(m => m.First)], repeats.Times);
            default:
                throw new ArgumentException($"Unknown observation expression {expression.GetType().Name}.", nameof(expression));
        }
    }

    /// <summary>Every union of <paramref name="times"/> pairwise-disjoint matches.</summary>
    private HashSet<Match> Repeat(Match[] matches, int times)
    {
        var result = NewSet();
        if (times == 1)
        {
            foreach (var m in matches)
            {
                Add(result, m);
            }
            return result;
        }
        if (matches.Length < times)
        {
            return result;
        }
        var chosen = new Stack<Match>();
        void Choose(int from, Match? union)
        {
            if (chosen.Count == times)
            {
                Add(result, union!);
                return;
            }
            for (var i = from; i <= matches.Length - (times - chosen.Count); i++)
            {
                Step();
                var candidate = matches[i];
                if (union is not null && !Disjoint(union, candidate))
                {
                    continue;
                }
                chosen.Push(candidate);
                Choose(i + 1, union is null ? candidate : Merge(union, candidate));
                chosen.Pop();
            }
        }
        Choose(0, null);
        return result;
    }

    private bool Holds(ComparisonExpression expression, JsonObject obj, int observation) => expression switch
    {
        CompositeComparison { Operator: BooleanOperator.And } and => and.Operands.All(o => Holds(o, obj, observation)),
        CompositeComparison or => or.Operands.Any(o => Holds(o, obj, observation)),
        ExistsComparison exists => IsType(obj, exists.Path.ObjectType) && Resolve(exists.Path, obj, observation).Any(),
        PropertyComparison comparison => IsType(obj, comparison.Path.ObjectType)
            && Resolve(comparison.Path, obj, observation).Any(v => Test(comparison, v.Node, v.Name)),
        _ => throw new ArgumentException($"Unknown comparison expression {expression.GetType().Name}.", nameof(expression)),
    };

    private static bool IsType(JsonObject obj, string type) => StringOf(obj["type"]) == type;

    private static string? StringOf(JsonNode? node)
        => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>The values the path reaches, each with the name of the property it came from.</summary>
    private IEnumerable<(JsonNode Node, string Name)> Resolve(ObjectPath path, JsonObject root, int observation)
    {
        IEnumerable<(JsonNode Node, string Name)> current = [(root, "")];
        current = current.SelectMany(c => Property(c, path.Property, observation)).ToList();
        foreach (var step in path.Steps)
        {
            Step();
            current = step switch
            {
                PropertyStep p => current.SelectMany(c => Property(c, p.Name, observation)).ToList(),
                IndexStep { Index: null } => current.SelectMany(c => c.Node is JsonArray a
                    ? a.Where(e => e is not null).Select(e => (e!, c.Name))
                    : []).ToList(),
                IndexStep { Index: { } i } => current.SelectMany(c => c.Node is JsonArray a && i < a.Count && a[i] is { } e
                    ? [(e, c.Name)]
                    : Array.Empty<(JsonNode, string)>()).ToList(),
                _ => [],
            };
        }
        return current;
    }

    private IEnumerable<(JsonNode Node, string Name)> Property((JsonNode Node, string Name) from, string name, int observation)
    {
        var node = from.Node;
        // A reference (x_ref, or an element of x_refs) is followed to the object it names in the same observation.
        if ((from.Name.EndsWith("_ref", StringComparison.Ordinal) || from.Name.EndsWith("_refs", StringComparison.Ordinal))
            && StringOf(node) is { } id && _byId[observation].TryGetValue(id, out var target))
        {
            node = target;
        }
        if (node is not JsonObject obj)
        {
            yield break;
        }
        if (obj.TryGetPropertyValue(name, out var value))
        {
            if (value is not null)
            {
                yield return (value, name);
            }
            yield break;
        }
        // Hash algorithm names are matched without regard to case (MD5 and md5, SHA-256 and sha-256).
        if (from.Name == "hashes")
        {
            foreach (var (key, v) in obj)
            {
                if (v is not null && string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    yield return (v, name);
                    yield break;
                }
            }
        }
    }

    private bool Test(PropertyComparison comparison, JsonNode node, string name)
    {
        bool? result = comparison.Operator switch
        {
            ComparisonOperator.Equal => Equal(comparison.Value, node, name),
            ComparisonOperator.NotEqual => !Equal(comparison.Value, node, name),
            ComparisonOperator.GreaterThan => Order(comparison.Value, node, name) is { } c ? c > 0 : null,
            ComparisonOperator.LessThan => Order(comparison.Value, node, name) is { } c ? c < 0 : null,
            ComparisonOperator.GreaterThanOrEqual => Order(comparison.Value, node, name) is { } c ? c >= 0 : null,
            ComparisonOperator.LessThanOrEqual => Order(comparison.Value, node, name) is { } c ? c <= 0 : null,
            ComparisonOperator.In => In((SetLiteral)comparison.Value, node, name),
            ComparisonOperator.Like => StringOf(node) is { } s ? IsMatch(LikeRegex(((StringLiteral)comparison.Value).Value), s) : null,
            ComparisonOperator.Matches => MatchText(node, name) is { } text ? IsMatch(CachedRegex(((StringLiteral)comparison.Value).Value), text) : null,
            ComparisonOperator.IsSubset => Network(node) is { } n && Cidr.TryParse(((StringLiteral)comparison.Value).Value, out var outer) ? outer.Contains(n) : null,
            ComparisonOperator.IsSuperset => Network(node) is { } n && Cidr.TryParse(((StringLiteral)comparison.Value).Value, out var inner) ? n.Contains(inner) : null,
            _ => null,
        };
        // A value of another type (or none) never matches, with or without NOT.
        return result is { } r && r != comparison.Negated;
    }

    private bool? In(SetLiteral set, JsonNode node, string name)
    {
        bool? result = null;
        foreach (var value in set.Values)
        {
            switch (Equal(value, node, name))
            {
                case true:
                    return true;
                case false:
                    result = false;
                    break;
            }
        }
        return result;
    }

    private static Cidr? Network(JsonNode node) => StringOf(node) is { } s && Cidr.TryParse(s, out var c) ? c : null;

    private static bool? Equal(PatternLiteral literal, JsonNode node, string name) => literal switch
    {
        BooleanLiteral b => node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? v.GetValue<bool>() == b.Value
            : null,
        _ => Order(literal, node, name) is { } c ? c == 0 : null,
    };

    /// <summary>Compares the value with the literal (value minus literal); null when their types differ.</summary>
    private static int? Order(PatternLiteral literal, JsonNode node, string name)
    {
        if (node is not JsonValue value)
        {
            return null;
        }
        var kind = value.GetValueKind();
        switch (literal)
        {
            case StringLiteral s when kind == JsonValueKind.String:
                return Math.Sign(string.CompareOrdinal(value.GetValue<string>(), s.Value));
            case IntegerLiteral i when kind == JsonValueKind.Number:
                return CompareNumber(value, i.Value);
            case FloatLiteral f when kind == JsonValueKind.Number:
                return CompareNumber(value, f.Value);
            case TimestampLiteral t when kind == JsonValueKind.String:
                return Rfc3339.TryParse(value.GetValue<string>(), requireUtc: false, out var instant) ? instant.CompareTo(t.Value) : null;
            case HexLiteral h when kind == JsonValueKind.String:
                return Bytes(value.GetValue<string>(), name) is { } hb ? Math.Sign(hb.AsSpan().SequenceCompareTo([.. h.Bytes])) : null;
            case BinaryLiteral b when kind == JsonValueKind.String:
                return Bytes(value.GetValue<string>(), name) is { } bb ? Math.Sign(bb.AsSpan().SequenceCompareTo([.. b.Bytes])) : null;
            default:
                return null;
        }
    }

    private static int? CompareNumber(JsonValue value, decimal literal)
    {
        var text = value.ToJsonString();
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d.CompareTo(literal);
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)
            ? x.CompareTo((double)literal)
            : null;
    }

    /// <summary>The bytes of a binary property: base64 for <c>*_bin</c>, hex for <c>*_hex</c>; null otherwise.</summary>
    private static byte[]? Bytes(string text, string name)
    {
        try
        {
            if (name.EndsWith("_bin", StringComparison.Ordinal))
            {
                return Convert.FromBase64String(text);
            }
            if (name.EndsWith("_hex", StringComparison.Ordinal))
            {
                return Convert.FromHexString(text);
            }
        }
        catch (FormatException)
        {
        }
        return null;
    }

    /// <summary>The text a regular expression runs on: the string, or the bytes of a binary property one character per byte.</summary>
    private static string? MatchText(JsonNode node, string name)
    {
        if (StringOf(node) is not { } s)
        {
            return null;
        }
        if (name.EndsWith("_bin", StringComparison.Ordinal) || name.EndsWith("_hex", StringComparison.Ordinal))
        {
            return Bytes(s, name) is { } bytes ? Encoding.Latin1.GetString(bytes) : null;
        }
        return s;
    }

    private Regex CachedRegex(string pattern)
    {
        if (!_regexes.TryGetValue(pattern, out var regex))
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, StixPatternLimits.RegexTimeout);
            _regexes[pattern] = regex;
        }
        return regex;
    }

    private Regex LikeRegex(string like)
    {
        var key = "\0LIKE\0" + like;
        if (!_regexes.TryGetValue(key, out var regex))
        {
            var sb = new StringBuilder("^");
            foreach (var c in like)
            {
                sb.Append(c switch
                {
                    '%' => ".*",
                    '_' => ".",
                    _ => Regex.Escape(c.ToString()),
                });
            }
            sb.Append('$');
            regex = new Regex(sb.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline, StixPatternLimits.RegexTimeout);
            _regexes[key] = regex;
        }
        return regex;
    }

    private bool IsMatch(Regex regex, string text)
    {
        Step();
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException e)
        {
            throw new StixPatternEvaluationException(
                $"a regular expression ran longer than {StixPatternLimits.RegexTimeout.TotalMilliseconds} ms on one value", e);
        }
    }
}
