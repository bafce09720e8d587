using System.Net;
using System.Net.Http.Json;
using Kizuna.TestKit;
using static Kizuna.Server.Tests.Crisis.CrisisApi;

namespace Kizuna.Server.Tests.Crisis;

/// <summary>Status requests and reminders through real mail: each member of an asked operator gets one urgent mail per round, with the link to answer.</summary>
public sealed class CrisisMailTests
{
    [Theory, MemberData(nameof(Databases.Both), MemberType = typeof(Databases))]
    public async Task Declare_ThenRemindTwiceForOneRound_MailsEachMemberOncePerRound(DatabaseKind kind)
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var server = await KizunaTestServer.StartAsync(kind, settings: new Dictionary<string, string>(smtp.Settings)
        {
            ["Delivery:PollInterval"] = "00:00:00.200",
            ["Delivery:PublicBaseUrl"] = "https://kizuna.example.jp",
        });
        using var nisc = await server.ApiClientAsync(Nisc);
        // Finance in Tokyo: of the demo users, only HIKARI-BANK's two members are asked.
        var id = await DeclareAsync(nisc, Declaration("cyber", ["finance"], ["JP-13"]));

        var requests = await smtp.WaitForAsync(2);
        Assert.Equal([BankAdmin, BankReporter], requests.Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.All(requests, m =>
        {
            Assert.Contains("状況報告", m.Subject);
            Assert.Contains($"https://kizuna.example.jp/crises/{id}", m.TextBody);
        });

        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await nisc.PostAsJsonAsync($"/api/v1/crises/{id}/reminders", new { round = 1 })).StatusCode);
        var all = await smtp.WaitForAsync(4);
        var reminders = all.Where(m => (m.Subject ?? "").Contains("催促 1", StringComparison.Ordinal)).ToList();
        Assert.Equal([BankAdmin, BankReporter], reminders.Select(m => m.To.Mailboxes.Single().Address).Order());
        // The repeated round sent nothing more: give the worker a few polls to prove it.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(4, smtp.Messages.Count);
    }
}
