using Kizuna.Stix.Objects;

namespace Kizuna.Stix.Tests.Objects;

public sealed class StixTimestampTests
{
    [Theory]
    [InlineData("2016-01-01T00:00:00Z", 0)]
    [InlineData("2016-01-01T00:00:00.1Z", 1)]
    [InlineData("2016-01-01T00:00:00.000Z", 3)]
    [InlineData("2016-01-01T00:00:00.123456Z", 6)]
    [InlineData("2016-01-01T00:00:00.123456789Z", 9)]
    [InlineData("2016-12-31T23:59:60Z", 0)]
    public void Parse_ValidTimestamp_KeepsItsText(string text, int digits)
    {
        var ts = StixTimestamp.Parse(text);
        Assert.Equal(text, ts.ToString());
        Assert.Equal(digits, ts.FractionDigits);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2016-01-01")]
    [InlineData("2016-01-01T00:00:00")]
    [InlineData("2016-01-01 00:00:00Z")]
    [InlineData("2016-01-01t00:00:00z")]
    [InlineData("2016-01-01T00:00:00+00:00")]
    [InlineData("2016-01-01T00:00:00.Z")]
    [InlineData("2016-01-01T00:00:00.1234567890Z")]
    [InlineData("2016-13-01T00:00:00Z")]
    [InlineData("2015-02-29T00:00:00Z")]
    [InlineData("2016-01-01T24:00:00Z")]
    [InlineData("2016-01-01T00:00:61Z")]
    [InlineData("２０16-01-01T00:00:00Z")]
    public void TryParse_NotAStixTimestamp_Fails(string text)
    {
        Assert.False(StixTimestamp.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Throws<FormatException>(() => StixTimestamp.Parse(text));
    }

    [Fact]
    public void Compare_OrdersByInstantToTheNanosecond()
    {
        var a = StixTimestamp.Parse("2016-01-01T00:00:00.000000001Z");
        var b = StixTimestamp.Parse("2016-01-01T00:00:00.000000002Z");
        var c = StixTimestamp.Parse("2016-01-01T00:00:00Z");
        var d = StixTimestamp.Parse("2016-01-01T00:00:00.000Z");

        Assert.True(a < b);
        Assert.True(c < a);
        Assert.Equal(0, c.CompareTo(d));
        Assert.NotEqual(c, d);
    }

    [Fact]
    public void From_ConvertsToUtcAndTruncatesToThePrecision()
    {
        var ts = StixTimestamp.From(new DateTimeOffset(2024, 4, 1, 9, 0, 0, TimeSpan.FromHours(9)).AddTicks(1_239_999));

        Assert.Equal("2024-04-01T00:00:00.123Z", ts.ToString());
        Assert.Equal("2024-04-01T00:00:00Z", StixTimestamp.From(ts.Value, 0).ToString());
        Assert.Equal("2024-04-01T00:00:00.1239999Z", StixTimestamp.From(new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1_239_999), 7).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => StixTimestamp.From(DateTimeOffset.UnixEpoch, 8));
    }
}
