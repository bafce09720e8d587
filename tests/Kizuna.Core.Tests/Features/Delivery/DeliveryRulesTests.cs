using System.Net;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Delivery;

namespace Kizuna.Core.Tests.Features.Delivery;

/// <summary>Quiet hours, settings limits, webhook signatures and webhook targets: rules without a database.</summary>
public sealed class DeliveryRulesTests
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    private static OrganizationDeliverySettings Quiet(string start, string end)
    {
        var s = new OrganizationDeliverySettings(Guid.CreateVersion7(), DateTimeOffset.UnixEpoch);
        s.Change(true, true, [], TimeOnly.Parse(start), TimeOnly.Parse(end), RelayModes.Automatic, DateTimeOffset.UnixEpoch);
        return s;
    }

    [Fact]
    public void DueAt_InsideQuietHoursWrappingMidnight_NonUrgentWaitsUntilTheEnd()
    {
        var s = Quiet("22:00", "07:00");
        var lateEvening = new DateTimeOffset(2026, 11, 26, 23, 30, 0, Jst);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 7, 0, 0, Jst), s.DueAt(lateEvening, urgent: false));
        var earlyMorning = new DateTimeOffset(2026, 11, 27, 3, 0, 0, Jst);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 7, 0, 0, Jst), s.DueAt(earlyMorning.ToUniversalTime(), urgent: false));
    }

    [Fact]
    public void DueAt_Urgent_IsNowEvenInQuietHours()
    {
        var now = new DateTimeOffset(2026, 11, 26, 23, 30, 0, Jst);
        Assert.Equal(now, Quiet("22:00", "07:00").DueAt(now, urgent: true));
    }

    [Fact]
    public void DueAt_OutsideQuietHoursOrWithoutThem_IsNow()
    {
        var noon = new DateTimeOffset(2026, 11, 26, 12, 0, 0, Jst);
        Assert.Equal(noon, Quiet("22:00", "07:00").DueAt(noon, urgent: false));
        Assert.Equal(noon, new OrganizationDeliverySettings(Guid.CreateVersion7(), noon).DueAt(noon, urgent: false));
        var atEnd = new DateTimeOffset(2026, 11, 26, 7, 0, 0, Jst);
        Assert.Equal(atEnd, Quiet("22:00", "07:00").DueAt(atEnd, urgent: false));
    }

    [Fact]
    public void DueAt_SameDayQuietHours_WaitsUntilTheirEnd()
    {
        var lunch = new DateTimeOffset(2026, 11, 26, 12, 30, 0, Jst);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 13, 0, 0, Jst), Quiet("12:00", "13:00").DueAt(lunch, urgent: false));
    }

    [Fact]
    public void Change_TooManyOrInvalidAddresses_AreRefused()
    {
        var s = new OrganizationDeliverySettings(Guid.CreateVersion7(), DateTimeOffset.UnixEpoch);
        var eleven = Enumerable.Range(0, 11).Select(i => $"a{i}@example.jp").ToList();
        Assert.Contains("extraEmailAddresses", Assert.Throws<InputException>(() => s.Change(true, true, eleven, null, null, "automatic", DateTimeOffset.UnixEpoch)).Errors.Keys);
        s.Change(true, true, eleven.Take(10).ToList(), null, null, "automatic", DateTimeOffset.UnixEpoch);
        foreach (var bad in new[] { "no-at-sign", "two@@example.jp", "a b@example.jp", "Name <a@example.jp>", "a@example.jp, b@example.jp", "@example.jp", "a@" })
            Assert.Throws<InputException>(() => s.Change(true, true, [bad], null, null, "automatic", DateTimeOffset.UnixEpoch));
        Assert.Equal(10, s.ExtraEmailAddresses.Count);
    }

    [Fact]
    public void Signature_SignedBody_VerifiesAndTamperingFails()
    {
        var secret = OrganizationWebhook.NewSecret();
        var at = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
        const string body = """{"event":"advisory.published","data":{"title":"注意喚起"}}""";
        var header = WebhookSignature.Sign(secret, at, body);
        Assert.Matches("^t=[0-9]+,v1=[0-9a-f]{64}$", header);
        Assert.True(WebhookSignature.Verify(secret, header, body, at.AddMinutes(4)));
        Assert.False(WebhookSignature.Verify(secret, header, body.Replace("注意喚起", "注意喚起 "), at));
        Assert.False(WebhookSignature.Verify(secret, header, body, at.AddMinutes(6)));
        Assert.False(WebhookSignature.Verify(secret + "x", header, body, at));
        Assert.False(WebhookSignature.Verify(secret, header.Replace("t=", "t=1"), body, at));
        Assert.False(WebhookSignature.Verify(secret, "garbage", body, at));
        Assert.False(WebhookSignature.Verify(secret, null, body, at));
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.20.30.40", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("192.168.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd12:3456::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    // IPv4 carried in IPv6: NAT64 (RFC 6052), 6to4 (RFC 3056) and the deprecated IPv4-compatible form.
    [InlineData("64:ff9b::a9fe:a9fe", false)]
    [InlineData("64:ff9b::7f00:1", false)]
    [InlineData("2002:a9fe:a9fe::1", false)]
    [InlineData("2002:0a00:0001::1", false)]
    [InlineData("::169.254.169.254", false)]
    [InlineData("64:ff9b::5db8:d70e", true)]
    [InlineData("2002:5db8:d70e::1", true)]
    [InlineData("93.184.215.14", true)]
    [InlineData("2001:4860:4860::8888", true)]
    public void IsPublic_Address_MatchesItsRange(string address, bool expected) => Assert.Equal(expected, NetworkTargets.IsPublic(IPAddress.Parse(address)));
}
