using Kizuna.Core.Features.Federation;

namespace Kizuna.Core.Tests.Features.Federation;

/// <summary>The start-up checks of <c>Federation:*</c>, and the backoff they drive.</summary>
public sealed class FederationOptionsTests
{
    [Fact]
    public void Problems_Defaults_AreValid()
        => Assert.Empty(new FederationOptions().Problems());

    [Theory]
    [InlineData("PageSize", "Federation:PageSize")]
    [InlineData("MaxResponseBytes", "Federation:MaxResponseBytes")]
    [InlineData("RequestTimeout", "Federation:RequestTimeout")]
    [InlineData("BackoffBase", "Federation:BackoffBase")]
    [InlineData("PushBatchSize", "Federation:PushBatchSize")]
    public void Problems_OutOfRange_NameTheKey(string property, string key)
    {
        var o = new FederationOptions();
        switch (property)
        {
            case "PageSize": o.PageSize = o.MaxPageSize + 1; break;
            case "MaxResponseBytes": o.MaxResponseBytes = 10; break;
            case "RequestTimeout": o.RequestTimeout = TimeSpan.Zero; break;
            case "BackoffBase": o.BackoffBase = o.BackoffMax + TimeSpan.FromSeconds(1); break;
            case "PushBatchSize": o.PushBatchSize = 0; break;
        }
        Assert.Contains(o.Problems(), p => p.StartsWith(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Backoff_DoublesPerFailure_StopsAtTheMaximum_AndAddsAtMostOneFifth()
    {
        var o = new FederationOptions { BackoffBase = TimeSpan.FromSeconds(30), BackoffMax = TimeSpan.FromMinutes(10) };
        Assert.Equal(TimeSpan.FromSeconds(30), FederationSync.Backoff(0, o, 0));
        Assert.Equal(TimeSpan.FromSeconds(60), FederationSync.Backoff(1, o, 0));
        Assert.Equal(TimeSpan.FromSeconds(120), FederationSync.Backoff(2, o, 0));
        Assert.Equal(TimeSpan.FromMinutes(10), FederationSync.Backoff(10, o, 0));
        Assert.Equal(TimeSpan.FromMinutes(10), FederationSync.Backoff(int.MaxValue, o, 0));
        Assert.Equal(TimeSpan.FromSeconds(36), FederationSync.Backoff(0, o, 1));
        Assert.Equal(TimeSpan.FromMinutes(12), FederationSync.Backoff(50, o, 1));
    }
}
