using System.Text.Json;
using Kizuna.Stix.Json;
using Kizuna.Stix.Objects;

namespace Kizuna.Stix.Tests.Objects;

public sealed class DeterministicIdTests
{
    private static string? IdOf(string json) => StixIds.DeterministicId(JsonDocument.Parse(json).RootElement);

    /// <summary>
    /// Vectors other tools derive the same way: the specification's own identifier example (ipv4-addr 198.51.100.3),
    /// its Errata 01 domain-name example, and the file and registry-key vectors of the OASIS python-stix2 tests.
    /// </summary>
    [Theory]
    [InlineData("""{"type":"ipv4-addr","value":"198.51.100.3"}""", "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4")]
    [InlineData("""{"type":"ipv4-addr","value":"198.51.100.8"}""", "ipv4-addr--6c83081b-13af-5e30-ba30-6f401772a083")]
    [InlineData("""{"type":"ipv6-addr","value":"2001:db8::1"}""", "ipv6-addr--6469e3a9-b053-5e34-a025-9396ae051d26")]
    [InlineData("""{"type":"domain-name","value":"example.com"}""", "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7")]
    [InlineData("""{"type":"domain-name","value":"control.example.com"}""", "domain-name--427e3664-0043-5865-b454-97df26649bde")]
    [InlineData("""
        {"type":"file","name":"example.exe","size":68000,"magic_number_hex":"50000000","hashes":{"SHA-256":"841a8921140aba50671ebb0770fecc4ee308c4952cfeff8de154ab14eeef4649"},
         "extensions":{"windows-pebinary-ext":{"pe_type":"exe","machine_hex":"014c","sections":[{"name":".data","size":4096,"entropy":7.980693,"hashes":{"SHA-256":"6e3b6f3978e5cd96ba7abee35c24e867b7e64072e2ecb22d0ee7a6e6af6894d0"}}]}}}
        """, "file--ced31cd4-bdcb-537d-aefa-92d291bfc11d")]
    [InlineData("""{"type":"windows-registry-key","values":[{"name":"Foo","data":"qwerty"},{"name":"Bar","data":"42"}]}""",
        "windows-registry-key--36594eba-bcc7-5014-9835-0e154264e588")]
    public void DeterministicId_KnownVectors_Match(string json, string expected) => Assert.Equal(expected, IdOf(json));

    [Fact]
    public void Uuid5_RfcExample_Matches()
        => Assert.Equal(Guid.Parse("886313e1-3b8a-5372-9b90-0c9aee199e5d"), StixIds.Uuid5(Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "python.org"));

    [Fact]
    public void DeterministicId_NonContributingProperties_DoNotMatter()
    {
        Assert.Equal(
            IdOf("""{"type":"email-addr","value":"john@example.com","display_name":"Johnny Doe"}"""),
            IdOf("""{"type":"email-addr","value":"john@example.com","display_name":"Janey Doe","x_note":1}"""));
        Assert.NotEqual(
            IdOf("""{"type":"email-addr","value":"john@example.com"}"""),
            IdOf("""{"type":"email-addr","value":"jane@example.com"}"""));
    }

    [Fact]
    public void DeterministicId_Hashes_UseMd5ThenSha1ThenSha256ThenSha512()
    {
        const string md5 = "6826f9a05da08134006557758bb3afbb";
        const string sha256 = "841a8921140aba50671ebb0770fecc4ee308c4952cfeff8de154ab14eeef4649";
        var withBoth = IdOf($$$"""{"type":"file","hashes":{"SHA-256":"{{{sha256}}}","MD5":"{{{md5}}}"}}""");
        var md5Only = IdOf($$$"""{"type":"file","hashes":{"MD5":"{{{md5}}}"}}""");
        var sha256Only = IdOf($$$"""{"type":"file","hashes":{"SHA-256":"{{{sha256}}}"}}""");
        var customFirst = IdOf($$$"""{"type":"file","hashes":{"x-custom":"abc","SHA-256":"{{{sha256}}}"}}""");

        Assert.Equal(md5Only, withBoth);
        Assert.NotEqual(md5Only, sha256Only);
        Assert.Equal(sha256Only, customFirst);
    }

    [Theory]
    [InlineData("""{"type":"process","pid":1}""")]
    [InlineData("""{"type":"email-message","is_multipart":false}""")]
    [InlineData("""{"type":"x-custom","value":"a"}""")]
    [InlineData("""{"type":"indicator","name":"a"}""")]
    public void DeterministicId_NothingToDeriveFrom_IsNull(string json) => Assert.Null(IdOf(json));

    [Fact]
    public void WithDeterministicId_SetsTheV5IdOrAV4One()
    {
        var ip = StixIds.WithDeterministicId(new Ipv4Address { Value = "198.51.100.3" });
        var process = StixIds.WithDeterministicId(new StixProcess { Pid = 4 });

        Assert.Equal("ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4", ip.Id);
        Assert.StartsWith("process--", process.Id);
        Assert.Equal('4', process.Id["process--".Length + 14]);
    }

    [Fact]
    public void ContributingProperties_FollowTheSpecification()
    {
        Assert.Equal(["hashes", "name", "extensions", "parent_directory_ref"], StixIds.ContributingProperties("file")!);
        Assert.Empty(StixIds.ContributingProperties("process")!);
        Assert.Null(StixIds.ContributingProperties("indicator"));
    }

    /// <summary>Number and string cases of RFC 8785 (§3.2.2.3 and appendix B).</summary>
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(7.980693, "7.980693")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(333333333.3333333, "333333333.3333333")]
    [InlineData(-1.5e-9, "-1.5e-9")]
    [InlineData(9007199254740992.0, "9007199254740992")]
    [InlineData(295147905179352830000.0, "295147905179352830000")]
    [InlineData(4.50, "4.5")]
    [InlineData(2e-3, "0.002")]
    [InlineData(0.000000000000000000000000001, "1e-27")]
    public void FormatNumber_WritesLikeEcmaScript(double value, string expected)
        => Assert.Equal(expected, JsonCanonicalizer.FormatNumber(value));

    [Fact]
    public void Canonicalize_SortsKeysByUtf16AndEscapesMinimally()
    {
        var json = JsonDocument.Parse("""{"b":[2,1],"a":{"y":true,"x":"\u20ac$\u000F\nA'B\"\\"},"\u00e9":null,"1":1.0}""").RootElement;

        Assert.Equal("{\"1\":1,\"a\":{\"x\":\"€$\\u000f\\nA'B\\\"\\\\\",\"y\":true},\"b\":[2,1],\"é\":null}", JsonCanonicalizer.Canonicalize(json));
    }
}
