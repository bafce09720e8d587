using Kizuna.Browser.Tests.Infrastructure;
using Kizuna.Browser.Tests.Pages;
using Kizuna.TestKit;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests;

/// <summary>
/// 情報提供 end to end: the coordinator writes an advisory to the finance sector, checks who will
/// see it and publishes; the FSA and the banks' CEPTOAR release it by hand (the CEPTOAR with a
/// note for its sector); the bank reads and acknowledges it; the coordinator's reach board shows it.
/// </summary>
public sealed class AdvisoryTests(ChromiumFixture chromium, KizunaServerFixture server) : BrowserTest(chromium, server)
{
    private const string NiscAnalyst = "analyst@nisc.demo.kizuna.example";
    private const string FsaAnalyst = "analyst@fsa.demo.kizuna.example";
    private const string CeptoarStaff = "staff@sec-fin-bank.demo.kizuna.example";
    private static readonly string BankReporter = DemoUsers.Of("HIKARI-BANK", "reporter");
    private static readonly string PowerReporter = DemoUsers.Of("AKEBONO-POWER", "reporter");

    [Fact]
    public async Task Publish_AmberToFinance_RelayedByFsaAndCeptoar_BankAcknowledgesAndReachShowsThreeHops()
    {
        const string title = "金融機関のVPN装置に対する攻撃について（ブラウザテスト）";
        const string note = "銀行等セプターより：加盟行は本日中にVPN装置の版数を確認してください。";

        // The coordinator writes the advisory and checks who will see it before publishing.
        var home = await SignInAsync(NiscAnalyst);
        var list = await home.Header.OpenAdvisoriesAsync();
        var form = await list.StartNewAdvisoryAsync();
        await form.WriteAsync(new AdvisoryWriting(title,
            "VPN装置の脆弱性を悪用した攻撃が金融分野で観測されています。",
            "## 概要\n**CVE-2024-3400** を悪用した侵入が確認されました。\n\n- 管理画面を外部に公開しない\n- ログを確認する",
            Severity: 3,
            RecommendedActions: "ベンダーの修正版を適用する\n認証情報を変更する",
            AffectedProducts: "ExampleVPN 10.x",
            Cves: "CVE-2024-3400",
            Indicators: "ipv4 198.51.100.7\ndomain vpn-update.example"));
        await form.ChooseDistributionAsync("AMBER", "finance");
        await Screenshots.SaveAsync(form.Page, "advisory-form-ja");

        var recipients = await form.SaveAsync();
        await Expect(recipients.Recipient("FSA")).ToHaveAttributeAsync("data-hop", "1");
        await Expect(recipients.Recipient("SEC-FIN-BANK")).ToHaveAttributeAsync("data-hop", "2");
        await Expect(recipients.Recipient("HIKARI-BANK")).ToHaveAttributeAsync("data-hop", "3");
        await Expect(recipients.Recipient("HIKARI-BANK").Locator("td.parent")).ToHaveTextAsync("SEC-FIN-BANK");
        await Expect(recipients.Recipient("AKEBONO-POWER")).ToHaveCountAsync(0);
        await Expect(recipients.TlpExplanation).ToContainTextAsync("TLP:AMBER");
        await Screenshots.SaveAsync(recipients.Page, "advisory-recipients-ja");
        var published = await recipients.PublishAsync();
        await Expect(published.Number).ToContainTextAsync("NISC-");
        var path = published.Path;

        // The ministry holds it until someone there releases it.
        var fsaHome = await SignInElsewhereAsync(FsaAnalyst);
        var fsaInbox = await AdvisoriesPage.OpenAsync(fsaHome.Page);
        await Expect(fsaInbox.Row(title).Locator(".awaiting")).ToBeVisibleAsync();
        var fsa = await fsaInbox.OpenAdvisoryAsync(title);
        await fsa.RelayAsync();

        // The banks' CEPTOAR releases it with a note for its sector.
        var ceptoarHome = await SignInElsewhereAsync(CeptoarStaff);
        var ceptoar = await AdvisoryPage.OpenAsync(ceptoarHome.Page, path);
        await ceptoar.RelayAsync(note);

        // The bank sees it unread in the header, reads it with the CEPTOAR's note and acknowledges.
        var bankHome = await SignInElsewhereAsync(BankReporter);
        await Expect(bankHome.Header.UnreadCount).ToHaveTextAsync("1");
        var bankInbox = await bankHome.Header.OpenAdvisoriesAsync();
        await Expect(bankInbox.Row(title)).ToHaveAttributeAsync("data-unread", "true");
        await Expect(bankInbox.Row(title)).ToContainTextAsync("未読");
        var bank = await bankInbox.OpenAdvisoryAsync(title);
        await Expect(bank.RelayNotes).ToContainTextAsync(note);
        await Expect(bank.RelayNotes).ToContainTextAsync("中継者からの補足");
        await Expect(bank.Body.Locator("strong")).ToHaveTextAsync("CVE-2024-3400");
        await bank.AcknowledgeAsync();
        await Screenshots.SaveAsync(bank.Page, "advisory-bank-ja");
        var bankInboxAgain = await bank.Header.OpenAdvisoriesAsync();
        await Expect(bankInboxAgain.Row(title)).ToHaveAttributeAsync("data-unread", "false");
        await Expect(bankInboxAgain.Header.UnreadCount).ToHaveCountAsync(0);

        // An electricity operator is not in the audience: the advisory does not exist for it.
        var powerHome = await SignInElsewhereAsync(PowerReporter);
        var hidden = await AdvisoryPage.OpenAsync(powerHome.Page, path);
        await Expect(hidden.Error).ToHaveTextAsync("情報提供が見つかりません。");

        // The coordinator's reach board: three hops reached, the bank acknowledged.
        var reach = await AdvisoryReachPage.OpenAsync(Page, path);
        await Expect(reach.HopsReached).ToHaveTextAsync("3");
        await Expect(reach.Organization("HIKARI-BANK")).ToHaveAttributeAsync("data-state", "acknowledged");
        await Expect(reach.Organization("SEC-FIN-BANK")).Not.ToHaveAttributeAsync("data-state", "awaiting-release");
        await Screenshots.SaveAsync(reach.Page, "advisory-reach-ja");
    }
}
