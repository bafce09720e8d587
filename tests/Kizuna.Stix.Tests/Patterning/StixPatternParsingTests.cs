using Kizuna.Stix.Patterning;

namespace Kizuna.Stix.Tests.Patterning;

public sealed class StixPatternParsingTests
{
    public static TheoryData<string> Examples => new(SpecExamples.Valid);

    [Theory, MemberData(nameof(Examples))]
    public void Parse_SpecExample_IsValidAndRoundTrips(string text)
    {
        Assert.Empty(StixPattern.Validate(text));
        var pattern = StixPattern.Parse(text);
        var printed = pattern.ToString();
        var reparsed = StixPattern.Parse(printed);
        Assert.Equal(pattern, reparsed);
        Assert.Equal(printed, reparsed.ToString());
    }

    [Fact]
    public void Parse_ObservationOperators_FollowSpecPrecedence()
    {
        // FOLLOWEDBY binds loosest, then OR, then AND; qualifiers bind tightest.
        var pattern = StixPattern.Parse("[a-a:x = 1] AND [b-b:x = 2] OR [c-c:x = 3] FOLLOWEDBY [d-d:x = 4] WITHIN 5 SECONDS");
        var followedBy = Assert.IsType<CompositeObservation>(pattern.Root);
        Assert.Equal(ObservationOperator.FollowedBy, followedBy.Operator);
        var or = Assert.IsType<CompositeObservation>(followedBy.Operands[0]);
        Assert.Equal(ObservationOperator.Or, or.Operator);
        Assert.Equal(ObservationOperator.And, Assert.IsType<CompositeObservation>(or.Operands[0]).Operator);
        var within = Assert.IsType<QualifiedObservation>(followedBy.Operands[1]);
        Assert.Equal(5m, Assert.IsType<WithinQualifier>(within.Qualifier).Seconds);
        Assert.IsType<SimpleObservation>(within.Expression);
    }

    [Fact]
    public void Parse_ComparisonAndBindsTighterThanOr()
    {
        var pattern = StixPattern.Parse("[file:name = 'a' OR file:name = 'b' AND file:size = 1]");
        var or = Assert.IsType<CompositeComparison>(Assert.IsType<SimpleObservation>(pattern.Root).Comparison);
        Assert.Equal(BooleanOperator.Or, or.Operator);
        Assert.IsType<PropertyComparison>(or.Operands[0]);
        Assert.Equal(BooleanOperator.And, Assert.IsType<CompositeComparison>(or.Operands[1]).Operator);
    }

    [Fact]
    public void Parse_ParenthesesOverridePrecedence_AndPrintKeepsThem()
    {
        var pattern = StixPattern.Parse("[file:name = 'a'] AND ([file:name = 'b'] OR [file:name = 'c'])");
        var and = Assert.IsType<CompositeObservation>(pattern.Root);
        Assert.Equal(ObservationOperator.And, and.Operator);
        Assert.Equal(ObservationOperator.Or, Assert.IsType<CompositeObservation>(and.Operands[1]).Operator);
        Assert.Equal("[file:name = 'a'] AND ([file:name = 'b'] OR [file:name = 'c'])", pattern.ToString());
    }

    [Fact]
    public void Parse_ObjectPath_ReadsQuotedKeysIndexesAndRefs()
    {
        var pattern = StixPattern.Parse("[network-traffic:extensions.'http-request-ext'.request_header.'Accept-Encoding' = 'gzip' AND network-traffic:x_list[2].y[*].z_ref.value = 'v']");
        var and = (CompositeComparison)((SimpleObservation)pattern.Root).Comparison;
        var first = ((PropertyComparison)and.Operands[0]).Path;
        Assert.Equal("network-traffic", first.ObjectType);
        Assert.Equal("extensions", first.Property);
        Assert.Equal([new PropertyStep("http-request-ext"), new PropertyStep("request_header"), new PropertyStep("Accept-Encoding")], first.Steps);
        var second = ((PropertyComparison)and.Operands[1]).Path;
        Assert.Equal([new IndexStep(2), new PropertyStep("y"), IndexStep.Any, new PropertyStep("z_ref"), new PropertyStep("value")], second.Steps);
    }

    [Fact]
    public void Parse_Literals_AreReadWithTheirValues()
    {
        var pattern = StixPattern.Parse(
            @"[x-thing:a = 'it\'s \\ here' AND x-thing:b = -42 AND x-thing:c = .5 AND x-thing:d = true AND x-thing:e = t'2020-02-29T23:59:60.123456789Z' AND x-thing:f = h'FFd8' AND x-thing:g = b'AAEC' AND x-thing:h IN ()]");
        var values = ((CompositeComparison)((SimpleObservation)pattern.Root).Comparison).Operands
            .Cast<PropertyComparison>().Select(c => c.Value).ToList();
        Assert.Equal(new StringLiteral(@"it's \ here"), values[0]);
        Assert.Equal(new IntegerLiteral(-42), values[1]);
        Assert.Equal(new FloatLiteral(0.5m), values[2]);
        Assert.Equal(new BooleanLiteral(true), values[3]);
        var timestamp = Assert.IsType<TimestampLiteral>(values[4]);
        Assert.Equal(new DateTimeOffset(2020, 3, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1234567), timestamp.Value);
        Assert.Equal("2020-02-29T23:59:60.123456789Z", timestamp.Text);
        Assert.Equal(new HexLiteral([0xff, 0xd8]), values[5]);
        Assert.Equal("h'ffd8'", values[5].ToString());
        Assert.Equal(new BinaryLiteral([0, 1, 2]), values[6]);
        Assert.Equal(new SetLiteral([]), values[7]);
    }

    [Fact]
    public void Parse_CommentsWhitespaceAndAlternativeOperators_GiveTheCanonicalPattern()
    {
        var pattern = StixPattern.Parse("/* c */ [ file:size==1 AND\n\tfile:name <> 'x' ] // tail");
        Assert.Equal("[file:size = 1 AND file:name != 'x']", pattern.ToString());
    }

    [Fact]
    public void Parse_RedundantParentheses_GiveAnEqualPattern()
    {
        Assert.Equal(
            StixPattern.Parse("[file:name = 'a'] AND [file:name = 'b'] AND [file:name = 'c']"),
            StixPattern.Parse("(([file:name = 'a'] AND ([file:name = 'b'])) AND [file:name = 'c'])"));
        Assert.NotEqual(
            StixPattern.Parse("[file:name = 'a'] AND [file:name = 'b']"),
            StixPattern.Parse("[file:name = 'a'] OR [file:name = 'b']"));
    }

    [Theory]
    [InlineData("[file:size = 1] WITHIN 27922816251426433793543950335.0 SECONDS", "[file:size = 1] WITHIN 27922816251426433793543950335.0 SECONDS")]
    [InlineData("[file:size = 1] WITHIN 9223372036854775807 SECONDS", "[file:size = 1] WITHIN 9223372036854775807 SECONDS")]
    [InlineData("[file:size = 1] WITHIN 5.0 SECONDS", "[file:size = 1] WITHIN 5.0 SECONDS")]
    public void ToString_WithinBeyondLongRange_PrintsAFloatThatParsesBack(string text, string canonical)
    {
        // Found by the fuzz test: a whole-number decimal beyond long printed as an integer, which does not parse.
        var pattern = StixPattern.Parse(text);
        Assert.Equal(canonical, pattern.ToString());
        Assert.Equal(pattern, StixPattern.Parse(pattern.ToString()));
    }

    [Fact]
    public void ToString_QuotesPropertyNamesThatNeedIt()
    {
        var path = new ObjectPath("x-thing", "AND", [new PropertyStep("true"), new PropertyStep("a b"), new PropertyStep("plain_1")]);
        var pattern = new StixPattern(new SimpleObservation(new ExistsComparison(path)));
        Assert.Equal("[EXISTS x-thing:'AND'.'true'.'a b'.plain_1]", pattern.ToString());
        Assert.Equal(pattern, StixPattern.Parse(pattern.ToString()));
    }

    [Fact]
    public void Constructors_RefuseNodesThatCannotBePrinted()
    {
        var path = new ObjectPath("file", "name");
        Assert.Throws<ArgumentException>(() => new PropertyComparison(path, ComparisonOperator.Like, new IntegerLiteral(1)));
        Assert.Throws<ArgumentException>(() => new PropertyComparison(path, ComparisonOperator.In, new StringLiteral("a")));
        Assert.Throws<ArgumentException>(() => new PropertyComparison(path, ComparisonOperator.GreaterThan, new BooleanLiteral(true)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WithinQualifier(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RepeatsQualifier(0));
        var t = new TimestampLiteral(DateTimeOffset.UnixEpoch);
        Assert.Throws<ArgumentException>(() => new StartStopQualifier(t, t));
        Assert.Throws<ArgumentException>(() => new CompositeObservation(ObservationOperator.And, [new SimpleObservation(new ExistsComparison(path))]));
    }
}
