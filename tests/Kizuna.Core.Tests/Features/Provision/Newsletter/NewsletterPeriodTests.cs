using Kizuna.Core.Errors;
using Kizuna.Core.Features.Provision.Newsletter;

namespace Kizuna.Core.Tests.Features.Provision.Newsletter;

public sealed class NewsletterPeriodTests
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    [Theory]
    [InlineData("2026-11-15T23:59:59+09:00", "2026-11-1")]
    [InlineData("2026-11-16T00:00:00+09:00", "2026-11-2")]
    [InlineData("2026-11-15T15:00:00+00:00", "2026-11-2")] // JST midnight of the 16th, read in UTC
    [InlineData("2026-11-30T23:59:59+09:00", "2026-11-2")]
    [InlineData("2026-11-30T15:00:00+00:00", "2026-12-1")]
    public void Containing_ReadsJapanTime(string instant, string number)
        => Assert.Equal(number, NewsletterPeriod.Containing(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)).Number);

    [Fact]
    public void Bounds_SecondHalfOfFebruaryInLeapYear_EndsOnMarchFirst()
    {
        var p = NewsletterPeriod.Of(2028, 2, 2);
        Assert.Equal(new DateTimeOffset(2028, 2, 16, 0, 0, 0, Jst), p.Start);
        Assert.Equal(new DateTimeOffset(2028, 3, 1, 0, 0, 0, Jst), p.End);
        Assert.Equal(new DateTimeOffset(2028, 2, 16, 0, 0, 0, Jst), NewsletterPeriod.Of(2028, 2, 1).End);
    }

    [Fact]
    public void Previous_FirstHalfOfJanuary_IsSecondHalfOfDecember()
    {
        Assert.Equal("2025-12-2", NewsletterPeriod.Of(2026, 1, 1).Previous.Number);
        Assert.Equal("2026-1-1", NewsletterPeriod.Of(2026, 1, 2).Previous.Number);
    }

    [Theory]
    [InlineData("2026-11-1", true, "2026-11-1")]
    [InlineData("2026-01-2", true, "2026-1-2")]
    [InlineData("2000-1-1", true, "2000-1-1")]
    [InlineData("1999-12-2", false, null)]
    [InlineData("2026-13-1", false, null)]
    [InlineData("2026-0-1", false, null)]
    [InlineData("2026-11-3", false, null)]
    [InlineData("2026-11", false, null)]
    [InlineData("x", false, null)]
    [InlineData("", false, null)]
    public void TryParse_AcceptsOnlyWellFormedNumbers(string number, bool ok, string? canonical)
    {
        Assert.Equal(ok, NewsletterPeriod.TryParse(number, out var p));
        if (ok) Assert.Equal(canonical, p.Number);
    }

    [Theory]
    [InlineData(1999, 12, 1)]
    [InlineData(2026, 0, 1)]
    [InlineData(2026, 13, 1)]
    [InlineData(2026, 1, 0)]
    [InlineData(2026, 1, 3)]
    public void Of_OutOfRange_IsInvalidInput(int year, int month, int half)
        => Assert.Throws<InputException>(() => NewsletterPeriod.Of(year, month, half));

    [Theory]
    [InlineData("2026-12-01T00:00:00+09:00", "2026-11-2")]
    [InlineData("2026-12-15T23:59:00+09:00", "2026-11-2")]
    [InlineData("2026-12-16T00:00:00+09:00", "2026-12-1")]
    [InlineData("2026-12-31T23:59:00+09:00", "2026-12-1")]
    [InlineData("2027-01-01T00:00:00+09:00", "2026-12-2")]
    [InlineData("2026-11-30T16:00:00+00:00", "2026-11-2")] // 1 December, 01:00 JST
    public void DueAt_DefaultDays_IsThePeriodJustEnded(string now, string number)
        => Assert.Equal(number, NewsletterPeriod.DueAt(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), NewsletterOptions.DefaultDaysOfMonth).Number);

    [Theory]
    [InlineData("2026-12-01T12:00:00+09:00", "2026-11-1")] // before the 2nd: the last drafting day was 17 November
    [InlineData("2026-12-02T00:00:00+09:00", "2026-11-2")]
    [InlineData("2026-12-17T08:00:00+09:00", "2026-12-1")]
    public void DueAt_LaterDays_DraftsOnThoseDays(string now, string number)
        => Assert.Equal(number, NewsletterPeriod.DueAt(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), [2, 17]).Number);

    [Fact]
    public void Options_Defaults_AreValid()
    {
        var o = new NewsletterOptions();
        Assert.True(o.Enabled);
        Assert.Equal([1, 16], o.EffectiveDaysOfMonth);
        Assert.Empty(o.Problems());
    }

    [Theory]
    [InlineData(new[] { 0 }, "1 to 28")]
    [InlineData(new[] { 29 }, "1 to 28")]
    [InlineData(new[] { 1, 1 }, "repeat")]
    public void Options_BadDays_AreNamed(int[] days, string problem)
        => Assert.Contains((new NewsletterOptions { DaysOfMonth = days }).Problems(), p => p.Contains(problem, StringComparison.Ordinal));

    [Fact]
    public void Options_CheckIntervalOutOfBounds_IsNamed()
    {
        Assert.NotEmpty(new NewsletterOptions { CheckInterval = TimeSpan.FromMilliseconds(999) }.Problems());
        Assert.NotEmpty(new NewsletterOptions { CheckInterval = TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1) }.Problems());
        Assert.Empty(new NewsletterOptions { CheckInterval = TimeSpan.FromSeconds(1) }.Problems());
        Assert.Empty(new NewsletterOptions { CheckInterval = TimeSpan.FromHours(1) }.Problems());
    }

    [Fact]
    public void Intro_LongerThanTheLimit_IsRefused()
    {
        var issue = new NewsletterIssue(NewsletterPeriod.Of(2026, 11, 1), null, DateTimeOffset.UnixEpoch);
        issue.EditIntro(new string('あ', NewsletterLimits.MaxIntroLength), "", DateTimeOffset.UnixEpoch);
        Assert.Throws<InputException>(() => issue.EditIntro(new string('あ', NewsletterLimits.MaxIntroLength + 1), "", DateTimeOffset.UnixEpoch));
        Assert.Throws<InputException>(() => issue.EditIntro("", new string('a', NewsletterLimits.MaxIntroLength + 1), DateTimeOffset.UnixEpoch));
        issue.Release(Guid.NewGuid(), 0, 0, DateTimeOffset.UnixEpoch);
        Assert.Throws<ConflictException>(() => issue.EditIntro("", "", DateTimeOffset.UnixEpoch));
        Assert.Throws<ConflictException>(() => issue.Release(Guid.NewGuid(), 0, 0, DateTimeOffset.UnixEpoch));
    }
}
