using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Kizuna.Stix.Patterning;

namespace Kizuna.Stix.Tests.Patterning;

/// <summary>
/// Property tests: random syntax trees print and parse back to themselves, and random or mutated text never
/// makes the parser (or the evaluator) fail with anything but its own exceptions, nor run long.
/// Findings are recorded in docs/stix-patterning.md.
/// </summary>
public sealed class StixPatternPropertyTests
{
    private static readonly Gen<string> ObjectType = Gen.OneOf("file", "ipv4-addr", "x-usb-device", "network-traffic", "email-message", "x509-certificate");

    private static readonly Gen<string> PropertyName = Gen.Frequency(
        (6, Gen.OneOf("name", "size", "value", "hashes", "to_refs", "x_custom_1", "_private")),
        (3, Gen.OneOf("SHA-256", "Accept-Encoding", "AND", "true", "a b", "it's", @"back\slash", "日本語", "x-y-z", "*/", "0lead")),
        (1, Gen.String[Gen.Char['!', '~'], 1, 6]));

    private static readonly Gen<PathStep> Step = Gen.Frequency(
        (3, PropertyName.Select(n => (PathStep)new PropertyStep(n))),
        (1, Gen.Int[0, 1000].Select(i => (PathStep)new IndexStep(i))),
        (1, Gen.Const((PathStep)IndexStep.Any)));

    private static Gen<ObjectPath> Path(string type) =>
        from property in PropertyName
        from steps in Step.Array[0, 3]
        select new ObjectPath(type, property, steps);

    private static readonly Gen<DateTime> Instant = Gen.DateTime[new DateTime(1, 1, 1), new DateTime(9999, 12, 31)];

    private static readonly Gen<PatternLiteral> Orderable = Gen.OneOf(
        Gen.String.Select(s => (PatternLiteral)new StringLiteral(s)),
        Gen.Long.Select(l => (PatternLiteral)new IntegerLiteral(l)),
        Gen.Decimal.Select(d => (PatternLiteral)new FloatLiteral(d)),
        Gen.Int.Select(i => (PatternLiteral)new FloatLiteral(i / 1000m)),
        Instant.Select(t => (PatternLiteral)new TimestampLiteral(new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)))),
        Gen.Byte.Array[0, 8].Select(b => (PatternLiteral)new HexLiteral(b)),
        Gen.Byte.Array[1, 8].Select(b => (PatternLiteral)new BinaryLiteral(b)));

    private static readonly Gen<PatternLiteral> Scalar = Gen.Frequency(
        (6, Orderable),
        (1, Gen.Bool.Select(b => (PatternLiteral)new BooleanLiteral(b))));

    private static readonly Gen<string> Regexes = Gen.OneOf("^a.*b$", @"\d+", "(?i)report", @"\\x41", "[a-z]{2,3}", "", "a|b");
    private static readonly Gen<string> Networks = Gen.OneOf("198.51.100.0/24", "10.0.0.1", "0.0.0.0/0", "2001:db8::/32", "::1", "192.168.0.1/24");

    private static Gen<ComparisonExpression> Leaf(string type) => Gen.Frequency(
        (1, Path(type).Select(p => (ComparisonExpression)new ExistsComparison(p))),
        (8, from path in Path(type)
            from negated in Gen.Bool
            from op in Gen.Enum<ComparisonOperator>()
            from value in op switch
            {
                ComparisonOperator.Equal or ComparisonOperator.NotEqual => Scalar,
                ComparisonOperator.In => Scalar.Array[0, 4].Select(v => (PatternLiteral)new SetLiteral(v)),
                ComparisonOperator.Like => Gen.String.Select(s => (PatternLiteral)new StringLiteral(s)),
                ComparisonOperator.Matches => Regexes.Select(s => (PatternLiteral)new StringLiteral(s)),
                ComparisonOperator.IsSubset or ComparisonOperator.IsSuperset => Networks.Select(s => (PatternLiteral)new StringLiteral(s)),
                _ => Orderable,
            }
            select (ComparisonExpression)new PropertyComparison(path, op, value, negated)));

    private static Gen<ComparisonExpression> Comparison(string type, int depth) => depth == 0
        ? Leaf(type)
        : Gen.Frequency(
            (2, Leaf(type)),
            (1, from op in Gen.Enum<BooleanOperator>()
                from operands in Comparison(type, depth - 1).Array[2, 3]
                select (ComparisonExpression)new CompositeComparison(op, operands)));

    private static readonly Gen<PatternQualifier> Qualifier = Gen.OneOf(
        Gen.Int[1, 100_000].Select(i => (PatternQualifier)new WithinQualifier(i)),
        Gen.Int[1, 1000].Select(i => (PatternQualifier)new WithinQualifier(i / 10m)),
        Gen.Int[1, 50].Select(i => (PatternQualifier)new RepeatsQualifier(i)),
        from a in Instant
        from b in Instant
        where a != b
        select (PatternQualifier)new StartStopQualifier(
            new TimestampLiteral(new DateTimeOffset(DateTime.SpecifyKind(a < b ? a : b, DateTimeKind.Utc))),
            new TimestampLiteral(new DateTimeOffset(DateTime.SpecifyKind(a < b ? b : a, DateTimeKind.Utc)))));

    private static Gen<ObservationExpression> Observation(int depth)
    {
        var simple = from type in ObjectType
                     from comparison in Comparison(type, 2)
                     select (ObservationExpression)new SimpleObservation(comparison);
        if (depth == 0)
        {
            return simple;
        }
        return Gen.Frequency(
            (2, simple),
            (2, from op in Gen.Enum<ObservationOperator>()
                from operands in Observation(depth - 1).Array[2, 3]
                select (ObservationExpression)new CompositeObservation(op, operands)),
            (1, from inner in Observation(depth - 1)
                from qualifier in Qualifier
                select Qualify(inner, qualifier)));
    }

    /// <summary>Adds the qualifier unless the chain already has one of its kind (the spec's rule).</summary>
    private static ObservationExpression Qualify(ObservationExpression inner, PatternQualifier qualifier)
    {
        for (var e = inner; e is QualifiedObservation q; e = q.Expression)
        {
            if (q.Qualifier.GetType() == qualifier.GetType())
            {
                return inner;
            }
        }
        return new QualifiedObservation(inner, qualifier);
    }

    [Fact]
    public void PrintThenParse_RandomSyntaxTree_GivesTheSameTree()
    {
        Observation(4).Sample(root =>
        {
            var pattern = new StixPattern(root);
            var text = pattern.ToString();
            var parsed = StixPattern.Parse(text);
            Assert.Equal(pattern, parsed);
            Assert.Equal(pattern.GetHashCode(), parsed.GetHashCode());
            Assert.Equal(text, parsed.ToString());
        }, iter: 3_000);
    }

    private static readonly string[] Fragments =
    [
        "[", "]", "(", ")", "'", "\\", ":", ".", ",", "*", "=", "!=", "<", ">=", "-", "+", " ", "\n", "/*", "*/", "//",
        "t'", "h'", "b'", "AND", "OR", "NOT", "FOLLOWEDBY", "LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET", "EXISTS", "IN",
        "WITHIN", "SECONDS", "REPEATS", "TIMES", "START", "STOP", "true", "0", "-1", "9999999999999999999999999999999", "79228162514264337593543950335.0", " WITHIN 7922816251426433759354395033.5 SECONDS",
        ".5", "2016-06-01T01:30:00Z", "file", "x-y", "_refs", "[*]", "[0]", "'SHA-256'", "(?<", "\u0000", "\uD800", "日",
    ];

    private static string Mutate(string text, Random random, int mutations)
    {
        var sb = new StringBuilder(text);
        for (var i = 0; i < mutations; i++)
        {
            var at = sb.Length == 0 ? 0 : random.Next(sb.Length + 1);
            switch (random.Next(5))
            {
                case 0 when sb.Length > 0:
                    var length = Math.Min(random.Next(1, 6), sb.Length - Math.Min(at, sb.Length - 1));
                    sb.Remove(Math.Min(at, sb.Length - 1), length);
                    break;
                case 1:
                    sb.Insert(at, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 2 when sb.Length > 0:
                    var from = random.Next(sb.Length);
                    var slice = sb.ToString(from, Math.Min(random.Next(1, 30), sb.Length - from));
                    sb.Insert(at, slice);
                    break;
                case 3 when sb.Length > 0:
                    sb[Math.Min(at, sb.Length - 1)] = (char)random.Next(0, 0x3100);
                    break;
                default:
                    sb.Insert(at, (char)random.Next(32, 127));
                    break;
            }
        }
        return sb.ToString();
    }

    private static readonly StixObservation[] SomeObservations =
    [
        new(DateTimeOffset.UnixEpoch, [JsonNode.Parse("""{"type":"file","id":"file--1","name":"foo.dll","size":1280,"hashes":{"SHA-256":"aec0","MD5":"cead"},"parent_directory_ref":"directory--1"}""")!.AsObject(),
                                        JsonNode.Parse("""{"type":"directory","id":"directory--1","path":"C:\\Windows\\System32"}""")!.AsObject()]),
        new(DateTimeOffset.UnixEpoch.AddSeconds(30), [JsonNode.Parse("""{"type":"ipv4-addr","value":"198.51.100.1"}""")!.AsObject()]),
        new(DateTimeOffset.UnixEpoch.AddSeconds(60), [JsonNode.Parse("""{"type":"user-account","account_type":"unix","user_id":"1007","account_login":"Peter","value":"Peter"}""")!.AsObject()]),
    ];

    /// <summary>Parses (and, when valid, prints, re-parses and evaluates) one input; only the library's own exceptions may escape, and quickly.</summary>
    private static void Exercise(string input)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<StixPatternError> errors = StixPattern.Validate(input);
        StixPattern? pattern = null;
        try
        {
            pattern = StixPattern.Parse(input);
            Assert.Empty(errors);
        }
        catch (StixPatternException e)
        {
            Assert.Equal(errors, e.Errors);
            Assert.All(errors, error =>
            {
                Assert.InRange(error.Offset, 0, input.Length);
                Assert.True(error.Line >= 1 && error.Column >= 1);
                Assert.False(string.IsNullOrWhiteSpace(error.Message));
            });
        }
        if (pattern is not null)
        {
            Assert.Equal(pattern, StixPattern.Parse(pattern.ToString()));
            try
            {
                _ = pattern.Matches(SomeObservations);
            }
            catch (StixPatternEvaluationException)
            {
            }
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed} on {input}");
    }

    [Fact]
    public void Parse_MutatedSpecExamples_FailOnlyWithStixPatternException()
    {
        var examples = SpecExamples.Valid;
        Gen.Select(Gen.Int[0, examples.Length - 1], Gen.Int[1, 8], Gen.Int)
            .Select((index, mutations, seed) => Mutate(examples[index], new Random(seed), mutations))
            .Sample(Exercise, iter: 20_000);
    }

    [Fact]
    public void Parse_RandomText_FailsOnlyWithStixPatternException()
    {
        Gen.String.Sample(Exercise, iter: 5_000);
        Gen.Byte.Array[0, 200].Select(bytes => Encoding.UTF8.GetString(bytes)).Sample(Exercise, iter: 5_000);
        Gen.Select(Gen.Int[0, Fragments.Length - 1].Array[0, 40], Gen.Bool)
            .Select((picks, spaced) => string.Join(spaced ? " " : "", picks.Select(i => Fragments[i])))
            .Sample(Exercise, iter: 20_000);
    }

    [Fact]
    public void Parse_PrintedRandomTrees_EvaluateWithoutUnexpectedExceptions()
    {
        Observation(3).Sample(root => Exercise(new StixPattern(root).ToString()), iter: 2_000);
    }
}
