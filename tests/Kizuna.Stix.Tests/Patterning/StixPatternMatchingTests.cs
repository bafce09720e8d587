using System.Text.Json.Nodes;
using Kizuna.Stix.Patterning;

namespace Kizuna.Stix.Tests.Patterning;

public sealed class StixPatternMatchingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    private static JsonObject Sco(string json) => JsonNode.Parse(json)!.AsObject();

    private static StixObservation At(int seconds, params string[] scos) => new(T0.AddSeconds(seconds), scos.Select(Sco));

    private static bool Matches(string pattern, params StixObservation[] observations) => StixPattern.Parse(pattern).Matches(observations);

    private static bool MatchesOne(string pattern, params string[] scos) => Matches(pattern, At(0, scos));

    private const string File = """{"type":"file","id":"file--1","name":"Report.exe","size":371712,"x_ratio":0.75,"created":"2014-01-13T07:03:17Z","magic_number_hex":"FFD8","hashes":{"SHA-256":"aec0","MD5":"cead"},"x_tags":["alpha","beta"],"x_signed":true}""";

    [Theory]
    [InlineData("[file:name = 'Report.exe']", true)]
    [InlineData("[file:name = 'report.exe']", false)] // strings compare case-sensitively
    [InlineData("[file:name != 'other.exe']", true)]
    [InlineData("[file:name != 'Report.exe']", false)]
    [InlineData("[file:name NOT = 'Report.exe']", false)]
    [InlineData("[file:size = 371712]", true)]
    [InlineData("[file:size = 371712.0]", true)]
    [InlineData("[file:size = '371712']", false)] // a string never equals a number
    [InlineData("[file:size != '371712']", false)] // nor is it unequal: values of another type never match
    [InlineData("[file:x_signed = true]", true)]
    [InlineData("[file:x_signed != true]", false)]
    [InlineData("[file:created = t'2014-01-13T07:03:17.000Z']", true)]
    [InlineData("[file:missing = 'x']", false)]
    [InlineData("[file:missing != 'x']", false)]
    [InlineData("[process:name = 'Report.exe']", false)] // another object type
    public void Equality(string pattern, bool expected) => Assert.Equal(expected, MatchesOne(pattern, File));

    [Theory]
    [InlineData("[file:size > 371711]", true)]
    [InlineData("[file:size > 371712]", false)]
    [InlineData("[file:size >= 371712]", true)]
    [InlineData("[file:size < 371713]", true)]
    [InlineData("[file:size <= 371711]", false)]
    [InlineData("[file:size NOT < 10]", true)]
    [InlineData("[file:x_ratio > 0.5]", true)]
    [InlineData("[file:x_ratio < 1]", true)]
    [InlineData("[file:name > 'Q']", true)] // ordinal: 'R' > 'Q'
    [InlineData("[file:name < 'a']", true)] // ordinal: upper case sorts before lower case
    [InlineData("[file:created > t'2014-01-13T07:03:16.999Z']", true)]
    [InlineData("[file:created < t'2014-01-13T07:03:17Z']", false)]
    [InlineData("[file:magic_number_hex >= h'ffd7']", true)]
    public void Ordering(string pattern, bool expected) => Assert.Equal(expected, MatchesOne(pattern, File));

    [Theory]
    [InlineData("[file:name IN ('a.exe', 'Report.exe')]", true)]
    [InlineData("[file:name IN ('a.exe', 'b.exe')]", false)]
    [InlineData("[file:name NOT IN ('a.exe', 'b.exe')]", true)]
    [InlineData("[file:name NOT IN ('Report.exe')]", false)]
    [InlineData("[file:size IN (1, 371712)]", true)]
    [InlineData("[file:size NOT IN ('a', 'b')]", false)] // no value of the property's type to compare with
    [InlineData("[file:name IN ()]", false)]
    public void In(string pattern, bool expected) => Assert.Equal(expected, MatchesOne(pattern, File));

    [Theory]
    [InlineData("[file:name LIKE 'Report%']", true)]
    [InlineData("[file:name LIKE '%.exe']", true)]
    [InlineData("[file:name LIKE 'Repor_.exe']", true)]
    [InlineData("[file:name LIKE 'Repor_.ex']", false)] // the whole value must match
    [InlineData("[file:name LIKE 'report%']", false)] // case-sensitive
    [InlineData("[file:name LIKE 'Report.ex_']", true)]
    [InlineData("[file:name LIKE 'Report(exe']", false)] // regex characters are literal
    [InlineData("[file:name NOT LIKE 'x%']", true)]
    [InlineData("[file:size LIKE '3%']", false)] // LIKE applies to strings only
    public void Like(string pattern, bool expected) => Assert.Equal(expected, MatchesOne(pattern, File));

    [Theory]
    [InlineData("[file:name MATCHES '^Report\\\\.exe$']", true)]
    [InlineData("[file:name MATCHES 'port']", true)] // a search, not a whole-value match
    [InlineData("[file:name MATCHES '^port']", false)]
    [InlineData("[file:name NOT MATCHES '^x']", true)]
    [InlineData("[file:name MATCHES '(?i)^report']", true)]
    public void Matches_Regex(string pattern, bool expected) => Assert.Equal(expected, MatchesOne(pattern, File));

    [Fact]
    public void Matches_OnBinaryProperty_RunsOnTheBytes()
    {
        // Spec §9.9: a pcap magic number in a base64 payload_bin.
        var pcap = Convert.ToBase64String([0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00, 0x41]);
        var artifact = $$"""{"type":"artifact","mime_type":"application/vnd.tcpdump.pcap","payload_bin":"{{pcap}}"}""";
        Assert.True(MatchesOne(@"[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin MATCHES '\\xd4\\xc3\\xb2\\xa1\\x02\\x00\\x04\\x00']", artifact));
        Assert.False(MatchesOne(@"[artifact:payload_bin MATCHES '^\\xd4\\xc3\\xb2\\xa2']", artifact));
        Assert.True(MatchesOne($"[artifact:payload_bin = b'{pcap}']", artifact));
        Assert.True(MatchesOne("[artifact:payload_bin = h'd4c3b2a10200040041']", artifact));
        Assert.False(MatchesOne("[artifact:payload_bin = h'd4c3']", artifact));
    }

    [Theory]
    [InlineData("[ipv4-addr:value ISSUBSET '198.51.100.0/24']", "198.51.100.7", true)]
    [InlineData("[ipv4-addr:value ISSUBSET '198.51.100.0/24']", "198.51.101.7", false)]
    [InlineData("[ipv4-addr:value ISSUBSET '198.51.100.0/24']", "198.51.100.0/25", true)]
    [InlineData("[ipv4-addr:value ISSUBSET '198.51.100.0/24']", "198.51.0.0/16", false)]
    [InlineData("[ipv4-addr:value ISSUBSET '192.168.0.1/24']", "192.168.0.200", true)] // host bits of the block are ignored
    [InlineData("[ipv4-addr:value NOT ISSUBSET '10.0.0.0/8']", "198.51.100.7", true)]
    [InlineData("[ipv4-addr:value ISSUPERSET '198.51.100.0/28']", "198.51.100.0/24", true)]
    [InlineData("[ipv4-addr:value ISSUPERSET '198.51.100.0/24']", "198.51.100.0/28", false)]
    [InlineData("[ipv4-addr:value ISSUBSET '0.0.0.0/0']", "2001:db8::1", false)] // another address family
    [InlineData("[ipv4-addr:value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']", "2001:db8:dead:beef::42", true)]
    [InlineData("[ipv4-addr:value ISSUBSET '2001:db8:dead:beef::/64']", "2001:db8:dead:bef0::42", false)]
    [InlineData("[ipv4-addr:value ISSUPERSET '2001:db8::1']", "2001:db8::/32", true)]
    [InlineData("[ipv4-addr:value ISSUBSET '10.0.0.0/8']", "not an address", false)]
    public void Cidr(string pattern, string value, bool expected)
        => Assert.Equal(expected, MatchesOne(pattern, $$"""{"type":"ipv4-addr","value":"{{value}}"}"""));

    [Theory]
    [InlineData("[EXISTS file:name]", true)]
    [InlineData("[EXISTS file:hashes.MD5]", true)]
    [InlineData("[EXISTS file:hashes.'SHA-1']", false)]
    [InlineData("[EXISTS file:x_tags[1]]", true)]
    [InlineData("[EXISTS file:x_tags[2]]", false)]
    public void Exists(string pattern, bool expected) => Assert.Equal(expected, MatchesOne(pattern, File));

    [Theory]
    [InlineData("[file:hashes.'SHA-256' = 'aec0']", true)]
    [InlineData("[file:hashes.'sha-256' = 'aec0']", true)] // hash algorithm names ignore case
    [InlineData("[file:hashes.md5 = 'cead']", true)]
    [InlineData("[file:hashes.MD5 = 'CEAD']", false)] // the value is still compared as written
    [InlineData("[file:x_tags[*] = 'beta']", true)]
    [InlineData("[file:x_tags[0] = 'beta']", false)]
    [InlineData("[file:x_tags[1] = 'beta']", true)]
    [InlineData("[file:x_tags = 'beta']", false)] // a list is reached only through an index
    [InlineData("[file:x_tags[*] != 'alpha']", true)] // some element differs
    public void PathsListsAndHashes(string pattern, bool expected) => Assert.Equal(expected, MatchesOne(pattern, File));

    [Fact]
    public void References_AreFollowedWithinTheObservation()
    {
        string[] scos =
        [
            """{"type":"email-message","id":"email-message--1","from_ref":"email-addr--1","to_refs":["email-addr--2","email-addr--3"],"subject":"Conference Info","body_multipart":[{"body_raw_ref":"file--9"}]}""",
            """{"type":"email-addr","id":"email-addr--1","value":"jdoe@example.com"}""",
            """{"type":"email-addr","id":"email-addr--2","value":"a@example.org"}""",
            """{"type":"email-addr","id":"email-addr--3","value":"b@example.org"}""",
            """{"type":"file","id":"file--9","name":"Final Report 2026.exe"}""",
        ];
        Assert.True(MatchesOne("[email-message:from_ref.value = 'jdoe@example.com' AND email-message:subject = 'Conference Info']", scos));
        Assert.True(MatchesOne("[email-message:to_refs[*].value = 'b@example.org']", scos));
        Assert.True(MatchesOne("[email-message:to_refs[0].value = 'a@example.org']", scos));
        Assert.False(MatchesOne("[email-message:to_refs[0].value = 'b@example.org']", scos));
        Assert.True(MatchesOne(@"[email-message:from_ref.value MATCHES '.+\\@example\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\.exe$']", scos));
        // A reference to an object of another observation is not followed.
        Assert.False(Matches("[email-message:from_ref.value = 'jdoe@example.com']", At(0, scos[0]), At(1, scos[1])));
    }

    [Fact]
    public void ComparisonAnd_MustHoldForOneObject_AndOrMayUseDifferentObjects()
    {
        var small = """{"type":"file","name":"a.exe","size":1}""";
        var big = """{"type":"file","name":"b.exe","size":1000}""";
        var proc = """{"type":"process","name":"fooproc"}""";
        Assert.False(MatchesOne("[file:name = 'a.exe' AND file:size = 1000]", small, big));
        Assert.True(MatchesOne("[file:name = 'b.exe' AND file:size = 1000]", small, big));
        Assert.True(MatchesOne("[file:name = 'zzz' OR process:name = 'fooproc']", small, proc));
        Assert.True(MatchesOne("[(file:name = 'a.exe' OR file:size = 5) AND file:size < 10]", small, big));
    }

    [Fact]
    public void ObservationAnd_NeedsBothMatched_ByDifferentObservations()
    {
        var file = """{"type":"file","name":"foo.dll"}""";
        var key = """{"type":"windows-registry-key","key":"HKEY_LOCAL_MACHINE\\foo\\bar"}""";
        const string pattern = @"[file:name = 'foo.dll'] AND [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\foo\\bar']";
        Assert.True(Matches(pattern, At(0, file), At(50, key)));
        Assert.True(Matches(pattern, At(50, file), At(0, key)));
        Assert.False(Matches(pattern, At(0, file)));
        Assert.False(Matches(pattern, At(0, file, key)));
        Assert.False(Matches("[file:name = 'foo.dll'] AND [file:name = 'foo.dll']", At(0, file)));
        Assert.True(Matches("[file:name = 'foo.dll'] AND [file:name = 'foo.dll']", At(0, file), At(1, file)));
    }

    [Fact]
    public void ObservationOr_NeedsEitherMatched()
    {
        var file = """{"type":"file","name":"foo.dll"}""";
        Assert.True(Matches("[file:name = 'x'] OR [file:name = 'foo.dll']", At(0, file)));
        Assert.False(Matches("[file:name = 'x'] OR [file:name = 'y']", At(0, file)));
    }

    [Fact]
    public void FollowedBy_NeedsTheLeftBeforeTheRight()
    {
        var a = """{"type":"file","name":"a"}""";
        var b = """{"type":"file","name":"b"}""";
        const string pattern = "[file:name = 'a'] FOLLOWEDBY [file:name = 'b']";
        Assert.True(Matches(pattern, At(0, a), At(10, b)));
        Assert.False(Matches(pattern, At(10, a), At(0, b)));
        Assert.True(Matches(pattern, At(5, a), At(5, b))); // the same instant counts as in order
        Assert.False(Matches(pattern, At(0, a, b)));
        Assert.True(Matches("[file:name = 'a'] FOLLOWEDBY [file:name = 'b'] FOLLOWEDBY [file:name = 'a']", At(0, a), At(10, b), At(20, a)));
        Assert.False(Matches("[file:name = 'a'] FOLLOWEDBY [file:name = 'b'] FOLLOWEDBY [file:name = 'a']", At(0, a), At(10, b)));
        // An observation over a span must end before the next one starts.
        Assert.False(Matches(pattern, new StixObservation(T0, T0.AddSeconds(20), [Sco(a)]), At(10, b)));
    }

    [Fact]
    public void Within_NeedsAllObservationsOfAMatchInsideTheWindow()
    {
        var a = """{"type":"file","name":"a"}""";
        var b = """{"type":"file","name":"b"}""";
        const string pattern = "([file:name = 'a'] FOLLOWEDBY [file:name = 'b']) WITHIN 10 SECONDS";
        Assert.True(Matches(pattern, At(0, a), At(10, b)));
        Assert.False(Matches(pattern, At(0, a), At(11, b)));
        Assert.True(Matches(pattern, At(0, a), At(100, a), At(105, b)));
        Assert.True(Matches("[file:name = 'a'] WITHIN 0.5 SECONDS", new StixObservation(T0, T0.AddMilliseconds(500), [Sco(a)])));
        Assert.False(Matches("[file:name = 'a'] WITHIN 0.5 SECONDS", new StixObservation(T0, T0.AddMilliseconds(501), [Sco(a)])));
    }

    [Fact]
    public void Within_HugeWindow_MatchesWithoutOverflow()
    {
        // Found by the fuzz test: the window was converted to ticks and overflowed decimal.
        var a = """{"type":"file","name":"a"}""";
        Assert.True(Matches("[file:name = 'a'] WITHIN 79228162514264337593543950335.0 SECONDS", new StixObservation(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, [Sco(a)])));
        Assert.True(Matches("[file:name = 'a'] WITHIN 7922816251426433759354395033.5 SECONDS", At(0, a)));
    }

    [Fact]
    public void Repeats_NeedsDistinctObservations()
    {
        var dst = """{"type":"network-traffic","id":"network-traffic--1","dst_ref":"domain-name--1"}""";
        var domain = """{"type":"domain-name","id":"domain-name--1","value":"example.com"}""";
        const string pattern = "[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value = 'example.com'] REPEATS 3 TIMES WITHIN 1800 SECONDS";
        Assert.True(Matches(pattern, At(0, dst, domain), At(600, dst, domain), At(1200, dst, domain)));
        Assert.False(Matches(pattern, At(0, dst, domain), At(600, dst, domain)));
        Assert.False(Matches(pattern, At(0, dst, domain, dst, domain, dst, domain)));
        Assert.False(Matches(pattern, At(0, dst, domain), At(1000, dst, domain), At(2000, dst, domain)));
        Assert.True(Matches(pattern, At(0, dst, domain), At(1000, dst, domain), At(2000, dst, domain), At(2500, dst, domain)));
        Assert.True(Matches("([file:name = 'a'] AND [file:name = 'b']) REPEATS 2 TIMES",
            At(0, """{"type":"file","name":"a"}"""), At(1, """{"type":"file","name":"b"}"""),
            At(2, """{"type":"file","name":"a"}"""), At(3, """{"type":"file","name":"b"}""")));
        Assert.False(Matches("([file:name = 'a'] AND [file:name = 'b']) REPEATS 2 TIMES",
            At(0, """{"type":"file","name":"a"}"""), At(1, """{"type":"file","name":"b"}"""), At(3, """{"type":"file","name":"b"}""")));
    }

    [Fact]
    public void StartStop_KeepsObservationsFromStartUntilBeforeStop()
    {
        var ip = """{"type":"ipv4-addr","value":"192.168.122.83"}""";
        const string pattern = "[ipv4-addr:value = '192.168.122.83'] START t'2026-04-01T09:00:00Z' STOP t'2026-04-01T10:00:00Z'";
        Assert.True(Matches(pattern, At(0, ip)));
        Assert.True(Matches(pattern, At(3599, ip)));
        Assert.False(Matches(pattern, At(3600, ip)));
        Assert.False(Matches(pattern, At(-1, ip)));
        Assert.False(Matches(pattern, new StixObservation(T0.AddSeconds(10), T0.AddSeconds(3700), [Sco(ip)])));
    }

    [Fact]
    public void Matches_NoObservations_IsFalse()
        => Assert.False(StixPattern.Parse("[file:name = 'a']").Matches([]));

    [Fact]
    public void Matches_TooManyCandidateMatches_ThrowsInsteadOfRunningAway()
    {
        var file = """{"type":"file","name":"a"}""";
        var observations = Enumerable.Range(0, 200).Select(i => At(i, file)).ToArray();
        var pattern = StixPattern.Parse("[file:name = 'a'] REPEATS 5 TIMES");
        var error = Assert.Throws<StixPatternEvaluationException>(() => pattern.Matches(observations));
        Assert.Contains("candidate matches", error.Message, StringComparison.Ordinal);
        Assert.True(StixPattern.Parse("[file:name = 'a'] REPEATS 2 TIMES").Matches(observations.Take(100)));
    }

    [Fact]
    public void Matches_CatastrophicRegex_TimesOutWithAClearError()
    {
        var file = $$"""{"type":"file","name":"{{new string('a', 40)}}!"}""";
        var pattern = StixPattern.Parse("[file:name MATCHES '^(a+)+$']");
        var error = Assert.Throws<StixPatternEvaluationException>(() => pattern.Matches([At(0, file)]));
        Assert.Contains("regular expression ran longer than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Observation_LastBeforeFirst_IsRefused()
        => Assert.Throws<ArgumentException>(() => new StixObservation(T0, T0.AddSeconds(-1), []));
}
