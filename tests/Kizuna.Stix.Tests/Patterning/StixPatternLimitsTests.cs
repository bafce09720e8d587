using System.Text;
using Kizuna.Stix.Patterning;

namespace Kizuna.Stix.Tests.Patterning;

public sealed class StixPatternLimitsTests
{
    [Fact]
    public void Parse_PatternAtTheLengthCap_IsAccepted()
    {
        var head = "[file:name = '";
        var tail = "']";
        var text = head + new string('a', StixPatternLimits.MaxPatternLength - head.Length - tail.Length) + tail;
        Assert.Equal(StixPatternLimits.MaxPatternLength, text.Length);
        Assert.Empty(StixPattern.Validate(text));
    }

    [Fact]
    public void Parse_PatternOverTheLengthCap_IsRefused()
    {
        var head = "[file:name = '";
        var tail = "']";
        var text = head + new string('a', StixPatternLimits.MaxPatternLength + 1 - head.Length - tail.Length) + tail;
        var error = Assert.Single(StixPattern.Validate(text));
        Assert.Contains($"longer than {StixPatternLimits.MaxPatternLength} characters", error.Message, StringComparison.Ordinal);
        Assert.Equal(StixPatternLimits.MaxPatternLength, error.Offset);
    }

    [Fact]
    public void Parse_NestingAtTheDepthCap_IsAccepted()
    {
        var depth = StixPatternLimits.MaxNestingDepth;
        // depth - 1 parentheses around one bracket: exactly the cap.
        var text = new string('(', depth - 1) + "[file:size = 1]" + new string(')', depth - 1);
        Assert.Empty(StixPattern.Validate(text));
        var inner = "[" + new string('(', depth - 1) + "file:size = 1" + new string(')', depth - 1) + "]";
        Assert.Empty(StixPattern.Validate(inner));
    }

    [Fact]
    public void Parse_NestingOverTheDepthCap_IsRefusedWithoutStackOverflow()
    {
        foreach (var levels in new[] { StixPatternLimits.MaxNestingDepth + 1, 30_000 })
        {
            var text = new string('(', levels - 1) + "[file:size = 1]" + new string(')', levels - 1);
            var error = Assert.Single(StixPattern.Validate(text));
            Assert.Contains($"nested deeper than {StixPatternLimits.MaxNestingDepth} levels", error.Message, StringComparison.Ordinal);
            Assert.Equal(StixPatternLimits.MaxNestingDepth, error.Offset);
        }
        var comparisons = "[" + new string('(', 30_000) + "file:size = 1" + new string(')', 30_000) + "]";
        Assert.Contains("nested deeper", Assert.Single(StixPattern.Validate(comparisons)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LongFlatChains_AreNotLimitedByDepthAndStayFlat()
    {
        var observations = string.Join(" OR ", Enumerable.Range(0, 1_000).Select(i => $"[ipv4-addr:value = '10.0.{i / 256}.{i % 256}']"));
        var pattern = StixPattern.Parse(observations);
        Assert.Equal(1_000, Assert.IsType<CompositeObservation>(pattern.Root).Operands.Count);
        Assert.Equal(pattern, StixPattern.Parse(pattern.ToString()));

        var comparisons = "[" + string.Join(" OR ", Enumerable.Range(0, 2_000).Select(i => $"file:size = {i}")) + "]";
        var inner = Assert.IsType<CompositeComparison>(((SimpleObservation)StixPattern.Parse(comparisons).Root).Comparison);
        Assert.Equal(2_000, inner.Operands.Count);
    }

    [Fact]
    public void Parse_DeepNestingBuiltByHand_StaysWithinTheCapWhenPrinted()
    {
        // Alternating operators cannot be flattened; 40 levels of ( [..] AND ( [..] OR ... ) ) stay under 100.
        var sb = new StringBuilder();
        for (var i = 0; i < 40; i++)
        {
            sb.Append($"[file:size = {i}] {(i % 2 == 0 ? "AND" : "OR")} (");
        }
        sb.Append("[file:size = 99]").Append(')', 40);
        var pattern = StixPattern.Parse(sb.ToString());
        Assert.Equal(pattern, StixPattern.Parse(pattern.ToString()));
    }
}
