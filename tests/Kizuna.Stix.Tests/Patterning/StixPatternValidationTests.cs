using Kizuna.Stix.Patterning;

namespace Kizuna.Stix.Tests.Patterning;

public sealed class StixPatternValidationTests
{
    /// <summary>Invalid patterns, each with a fragment of the expected message and the one-based column of the fault.</summary>
    public static TheoryData<string, string, int> Invalid => new()
    {
        // The fail cases of cti-pattern-validator v21/test_validator.py.
        { "file:size = 1280", "must be inside square brackets", 1 },
        { "[file:size = ]", "expected a value after = but found ]", 14 },
        { "[file:hashes.MD5 = cead3f77f6cda6ec00f57d76c9a6879f]", "strings are written in single quotes", 20 },
        { "[file.size = 1280]", "expected ':' between the object type 'file'", 6 },
        { @"[file:name MATCHES /.*\\.dll/]", "unexpected character '/'", 20 },
        { "[win-registry-key:key = 'a'] WITHIN ]", "expected a positive number of seconds after WITHIN", 37 },
        { "[win-registry-key:key = 'a'] WITHIN 5 HOURS", "expected SECONDS after WITHIN 5", 39 },
        { "[win-registry-key:key = 'a'] WITHIN -5 SECONDS", "WITHIN needs a positive number of seconds, not -5", 37 },
        { "[network-traffic:dst_ref.value ISSUBSET ]", "ISSUBSET needs a string in single quotes", 41 },
        { "[file:hashes.MD5 =? 'cead']", "unexpected character '?'", 19 },
        { "[x-whatever:detected == t'2457-73-22T32:81:84.1Z']", "invalid timestamp", 25 },
        { "[artifact:payload_bin = b'====']", "invalid binary literal", 25 },
        { "[foo:bar=1] within 2 seconds", "keywords are written in upper case", 13 },
        { "[foo:bar=1] WITHIN 5 SECONDS WITHIN 6 SECONDS", "duplicate WITHIN qualifier", 30 },
        { "([foo:bar=1] REPEATS 2 TIMES) REPEATS 3 TIMES", "duplicate REPEATS qualifier", 31 },
        { "[foo:bar=1] START t'2016-06-01T01:30:00Z' STOP t'2016-06-01T02:20:00Z' START t'2016-06-01T01:30:00Z' STOP t'2016-06-01T02:20:00Z'", "duplicate START qualifier", 72 },
        // Qualifier values.
        { "[foo:bar=1] START t'2016-06-01T01:30:00Z' STOP t'2016-06-01T01:30:00Z'", "must be later than START", 48 },
        { "[foo:bar=1] START t'2016-06-01T02:30:00Z' STOP t'2016-06-01T01:30:00Z'", "must be later than START", 48 },
        { "[foo:bar=1] START '2016-06-01T01:30:00Z' STOP t'2016-06-01T02:30:00Z'", "expected a timestamp", 19 },
        { "[foo:bar=1] REPEATS 0 TIMES", "REPEATS needs a positive integer, not 0", 21 },
        { "[foo:bar=1] REPEATS 1.5 TIMES", "REPEATS needs a positive integer, not 1.5", 21 },
        { "[foo:bar=1] REPEATS 3000000000 TIMES", "REPEATS needs a positive integer", 21 },
        { "[foo:bar=1] WITHIN 0 SECONDS", "WITHIN needs a positive number of seconds, not 0", 20 },
        // Names.
        { "[File:name = 'a']", "object type 'File' is not a valid STIX type", 2 },
        { "[x_whatever:name = 'a']", "object type 'x_whatever' is not a valid STIX type", 2 },
        { "[ab:name = 'a']", "object type 'ab' is not a valid STIX type", 2 },
        { "[x--y:name = 'a']", "is not a valid STIX type", 2 },
        { "[file:extensions.windows-pebinary-ext.sections[*].entropy > 7.0]", "quote it, as in .'windows-pebinary-ext'", 18 },
        { "[file:a.AND = 1]", "must be quoted: 'AND'", 9 },
        { "[file:a.'' = 1]", "must be non-empty", 9 },
        { $"[file:{new string('a', 251)} = 1]", "longer than 250 characters", 7 },
        { "[file:list[-1] = 1]", "a list index must be a non-negative integer", 12 },
        { "[file:list[a] = 1]", "expected a list index", 12 },
        // The same-type rule for AND inside one observation expression.
        { "[file:name = 'a' AND process:name = 'b']", "must all use the same object type: 'process' here, 'file' before", 22 },
        { "[(file:name = 'a' OR process:name = 'b') AND file:size = 1]", "must all use the same object type", 2 },
        // Operator operands.
        { "[file:name MATCHES '(unclosed']", "MATCHES needs a valid regular expression", 20 },
        { "[file:name MATCHES 'a++']", "Nested quantifier", 20 }, // PCRE-only: possessive quantifier
        { "[ipv4-addr:value ISSUBSET '300.1.1.1/24']", "ISSUBSET needs an IPv4 or IPv6 address or CIDR block", 27 },
        { "[ipv4-addr:value ISSUPERSET '10.0.0.0/33']", "ISSUPERSET needs an IPv4 or IPv6 address or CIDR block", 29 },
        { "[ipv4-addr:value ISSUBSET 'example.com']", "ISSUBSET needs", 27 },
        { "[ipv6-addr:value ISSUBSET 'fe80::1%eth0/64']", "ISSUBSET needs", 27 },
        { "[file:name LIKE 5]", "LIKE needs a string in single quotes", 17 },
        { "[file:size > true]", "a boolean can only be compared with = or !=", 14 },
        { "[file:name IN 'a']", "IN needs a list of values in parentheses", 15 },
        { "[file:name IN ('a', ('b'))]", "expected a value after ','", 21 },
        { "[NOT EXISTS file:name]", "NOT EXISTS is not part of STIX 2.1", 2 },
        { "[file:name EXISTS]", "EXISTS goes before the object path", 12 },
        { "[NOT file:name = 'a']", "NOT goes after the object path", 2 },
        // Literals.
        { "[file:name = 'unterminated]", "string not closed", 14 },
        { @"[file:name = 'bad \escape']", "invalid escape in string", 19 },
        { "[file:name = \"a\"]", "strings are written in single quotes", 14 },
        { "[file:size = 01]", "leading zeros are not allowed", 14 },
        { "[file:size = 99999999999999999999]", "out of range", 14 },
        { "[file:size = 12abc]", "a number cannot run into letters", 14 },
        { "[file:x = h'abc']", "invalid hex literal", 11 },
        { "[file:x = t'2016-06-01T01:30:00+09:00']", "invalid timestamp", 11 },
        { "[file:x = t'2021-02-29T00:00:00Z']", "invalid timestamp", 11 },
        { "[file:x = b'']", "invalid binary literal", 11 },
        // Found by the fuzz test and the review after it: \d and $ in .NET regular expressions accept
        // non-ASCII digits and a final newline.
        { "[file:x = t'2016-06-01T01:30:00.\u1815Z']", "invalid timestamp", 11 },
        { "[file:x = t'\u0662016-06-01T01:30:00Z']", "invalid timestamp", 11 },
        { "[file:x = t'2016-06-01T01:30:00Z\n']", "invalid timestamp", 11 },
        { "[ipv4-addr:value ISSUBSET '10.0.0.\u0661/8']", "ISSUBSET needs", 27 },
        { "[ipv4-addr:value ISSUBSET '10.0.0.1\n']", "ISSUBSET needs", 27 },
        // Structure.
        { "", "the pattern is empty", 1 },
        { "   /* only a comment */ ", "the pattern is empty", 25 },
        { "[file:size = 1] [file:size = 2]", "unexpected [ after a complete observation expression", 17 },
        { "[file:size = 1] AND", "found the end of the pattern", 20 },
        { "[[file:size = 1]]", "cannot be nested inside '[ ]'", 2 },
        { "([file:size = 1]", "expected ')' to close the parenthesis opened at 1:1", 17 },
        { "[file:size = 1", "expected AND, OR or ']' to close the observation expression opened at 1:1", 15 },
        { "/* unclosed [file:x = 1]", "comment not closed", 1 },
        { "[file:x = 1] @", "unexpected character '@'", 14 },
        { "[file:x = 1] \u0001", "unexpected character U+0001", 14 },
    };

    [Theory, MemberData(nameof(Invalid))]
    public void Validate_InvalidPattern_NamesTheProblemAndItsColumn(string pattern, string message, int column)
    {
        var errors = StixPattern.Validate(pattern);
        var first = Assert.Single(errors.Take(1));
        Assert.Contains(message, first.Message, StringComparison.Ordinal);
        Assert.Equal(1, first.Line);
        Assert.Equal(column, first.Column);
        Assert.Equal(column - 1, first.Offset);

        var thrown = Assert.Throws<StixPatternException>(() => StixPattern.Parse(pattern));
        Assert.Equal(errors, thrown.Errors);
        Assert.Contains($"line 1, column {column}", thrown.Message, StringComparison.Ordinal);
        Assert.False(StixPattern.TryParse(pattern, out var parsed, out _));
        Assert.Null(parsed);
    }

    [Fact]
    public void Validate_ErrorOnALaterLine_GivesLineAndColumn()
    {
        var errors = StixPattern.Validate("[file:name = 'a']\r\n  AND\n  [file:size = 'x' AND process:pid = 1]");
        var error = Assert.Single(errors);
        Assert.Equal(3, error.Line);
        Assert.Equal(24, error.Column);
        Assert.Equal(48, error.Offset);
        Assert.Equal("3:24: " + error.Message, error.ToString());
    }

    [Fact]
    public void Validate_SeveralSemanticErrors_ReportsAllInOrder()
    {
        var errors = StixPattern.Validate("[File:name MATCHES '(' AND File:size = 1] REPEATS 0 TIMES");
        Assert.Equal(4, errors.Count);
        Assert.Contains("object type 'File'", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("MATCHES needs a valid regular expression", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("object type 'File'", errors[2].Message, StringComparison.Ordinal);
        Assert.Contains("REPEATS needs a positive integer", errors[3].Message, StringComparison.Ordinal);
        var thrown = Assert.Throws<StixPatternException>(() => StixPattern.Parse("[File:name MATCHES '(' AND File:size = 1] REPEATS 0 TIMES"));
        Assert.Contains("(and 3 more error(s))", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ValidPattern_ReturnsNoErrors()
    {
        Assert.Empty(StixPattern.Validate("[ipv4-addr:value ISSUBSET '198.51.100.0/24'] REPEATS 2 TIMES WITHIN 60 SECONDS"));
        Assert.True(StixPattern.TryParse("[file:name = 'a']", out var parsed, out var errors));
        Assert.NotNull(parsed);
        Assert.Empty(errors);
    }

    [Fact]
    public void Parse_Null_Throws()
        => Assert.Throws<ArgumentNullException>(() => StixPattern.Parse(null!));
}
