using Kizuna.Browser.Tests.Infrastructure;
using Kizuna.Browser.Tests.Pages;
using Kizuna.TestKit;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests;

/// <summary>Notices (お知らせ) reach their audience and no one else.</summary>
public sealed class NoticeTests(ChromiumFixture chromium, KizunaServerFixture server) : BrowserTest(chromium, server)
{
    private static readonly string NiscAnalyst = DemoUsers.All.First(u => u.Org == "NISC" && u.Roles.Contains("analyst") && !u.PlatformAdmin).Email;

    [Fact]
    public async Task Post_AmberToFinance_BankSeesItAndPowerCompanyDoesNot()
    {
        await SignInAsync(NiscAnalyst);
        var notices = await NoticesPage.OpenAsync(Page);
        var form = await notices.StartNewNoticeAsync();
        await form.WriteAsync("金融分野向け注意喚起（ブラウザテスト）", "不審なログインが増えています。\n多要素認証を確認してください。", "AMBER", "finance");

        var posted = await form.PostAsync();

        await Expect(posted.Title).ToContainTextAsync("TLP:AMBER");
        await Expect(posted.Title).ToContainTextAsync("金融分野向け注意喚起（ブラウザテスト）");
        await Expect(posted.Body).ToHaveTextAsync("不審なログインが増えています。\n多要素認証を確認してください。");

        var bank = await SignInElsewhereAsync(DemoUsers.Of("HIKARI-BANK", "reporter"));
        var bankNotices = await NoticesPage.OpenAsync(bank.Page);
        var seen = await bankNotices.OpenNoticeAsync("金融分野向け注意喚起（ブラウザテスト）");
        await Expect(seen.Body).ToContainTextAsync("不審なログイン");

        var power = await SignInElsewhereAsync(DemoUsers.Of("AKEBONO-POWER", "reporter"));
        var powerNotices = await NoticesPage.OpenAsync(power.Page);
        await Expect(powerNotices.Notice("金融分野向け注意喚起（ブラウザテスト）")).ToHaveCountAsync(0);
        var hidden = await NoticePage.OpenAsync(power.Page, posted.Path);
        await Expect(hidden.Error).ToHaveTextAsync("お知らせが見つかりません。");
        await Expect(hidden.Title).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Post_WithoutTitle_ShowsErrorAndKeepsTheText()
    {
        await SignInAsync(NiscAnalyst);
        var form = await NewNoticePage.OpenAsync(Page);
        await form.WriteAsync("", "件名のない本文", "GREEN", "water");

        await form.TryPostAsync();

        await Expect(form.Body).ToHaveValueAsync("件名のない本文");
        await Expect(form.SectorBox("water")).ToBeCheckedAsync();
    }

    [Fact]
    public async Task Notices_Reporter_IsNotOfferedToPost()
    {
        await SignInAsync(DemoUsers.Of("HIKARI-BANK", "reporter"));

        var notices = await NoticesPage.OpenAsync(Page);

        await Expect(notices.Heading).ToHaveTextAsync("お知らせ");
        await Expect(notices.NewNoticeLink).ToHaveCountAsync(0);
    }
}
