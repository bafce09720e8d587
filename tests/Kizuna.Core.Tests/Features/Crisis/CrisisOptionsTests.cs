using Kizuna.Core.Features.Crisis;

namespace Kizuna.Core.Tests.Features.Crisis;

/// <summary>The start-up checks of <c>Crisis:*</c>: sensible defaults, and T1 &lt; T2 &lt; T3 ≤ 7 days with a named key when not.</summary>
public sealed class CrisisOptionsTests
{
    [Fact]
    public void Problems_Defaults_AreValidAndThirtyMinutesTwoHoursFourHours()
    {
        var options = new CrisisOptions();
        Assert.Empty(options.Problems());
        Assert.Equal(TimeSpan.FromMinutes(30), options.Escalation.T1);
        Assert.Equal(TimeSpan.FromHours(2), options.Escalation.T2);
        Assert.Equal(TimeSpan.FromHours(4), options.Escalation.T3);
    }

    [Theory]
    [InlineData("00:00:00", "02:00:00", "04:00:00", "Crisis:Escalation:T1")]
    [InlineData("01:00:00", "01:00:00", "04:00:00", "Crisis:Escalation:T2")]
    [InlineData("01:00:00", "02:00:00", "01:30:00", "Crisis:Escalation:T3")]
    [InlineData("01:00:00", "02:00:00", "8.00:00:00", "Crisis:Escalation:T3")]
    public void Problems_TimesOutOfOrder_NameTheKey(string t1, string t2, string t3, string key)
    {
        var options = new CrisisOptions();
        options.Escalation.T1 = TimeSpan.Parse(t1, System.Globalization.CultureInfo.InvariantCulture);
        options.Escalation.T2 = TimeSpan.Parse(t2, System.Globalization.CultureInfo.InvariantCulture);
        options.Escalation.T3 = TimeSpan.Parse(t3, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(options.Problems(), p => p.StartsWith(key, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0.001)]
    [InlineData(7200)]
    public void Problems_PollIntervalOutOfRange_IsRefused(double seconds)
    {
        var options = new CrisisOptions { EscalationPollInterval = TimeSpan.FromSeconds(seconds) };
        Assert.Contains(options.Problems(), p => p.StartsWith("Crisis:EscalationPollInterval", StringComparison.Ordinal));
    }
}
