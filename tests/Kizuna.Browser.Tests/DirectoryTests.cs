using Kizuna.Browser.Tests.Infrastructure;
using Kizuna.Browser.Tests.Pages;
using Kizuna.TestKit;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests;

/// <summary>The directory (組織名簿) over the demo community, and who sees an organisation's contacts.</summary>
public sealed class DirectoryTests(ChromiumFixture chromium, KizunaServerFixture server) : BrowserTest(chromium, server)
{
    private static readonly string BankReporter = DemoUsers.Of("HIKARI-BANK", "reporter");

    /// <summary>NISC's analyst who is not also a platform admin (<c>DemoUsers.Of("NISC", "analyst")</c> is the platform admin).</summary>
    private static readonly string NiscAnalyst = DemoUsers.All.First(u => u.Org == "NISC" && u.Roles.Contains("analyst") && !u.PlatformAdmin).Email;

    [Fact]
    public async Task Search_PartOfJapaneseName_FindsTheBank()
    {
        await SignInAsync(BankReporter);
        var directory = await DirectoryPage.OpenAsync(Page);

        await directory.SearchAsync(new DirectorySearch(Text: "中央銀行"));

        await Expect(directory.ResultCodes).ToHaveTextAsync(["HIKARI-BANK"]);
        await Expect(directory.Result("HIKARI-BANK")).ToContainTextAsync("ひかり中央銀行");
        await Expect(directory.ResultCount).ToHaveTextAsync("1 件");
        await Expect(directory.SearchText).ToHaveValueAsync("中央銀行");
    }

    [Fact]
    public async Task Search_FinanceInKanto_ListsOnlyFinanceOrganisationsOfThatArea()
    {
        await SignInAsync(BankReporter);
        var directory = await DirectoryPage.OpenAsync(Page);

        await directory.SearchAsync(new DirectorySearch(Sector: "finance", Region: "kanto"));

        // Secretariats first, then operators; each by code. Miyama (Iwate), Tsubame (Osaka) and others are elsewhere.
        await Expect(directory.ResultCodes).ToHaveTextAsync(
        [
            "SEC-FIN-BANK", "SEC-FIN-LIFE", "SEC-FIN-NONLIFE", "SEC-FIN-PAYMENT", "SEC-FIN-SECURITIES",
            "HIKARI-BANK", "HOSHIZORA-LIFE", "KAZAHANA-INS",
        ]);
        await Expect(directory.ResultCount).ToHaveTextAsync("8 件");
        await Expect(directory.Sector).ToHaveValueAsync("finance");
        await Expect(directory.Region).ToHaveValueAsync("kanto");
        await Expect(directory.Result("KAZAHANA-INS")).ToContainTextAsync("神奈川県");
        await Screenshots.SaveAsync(Page, "directory-ja");
    }

    [Fact]
    public async Task Search_ByCeptoar_ListsItsMembers()
    {
        await SignInAsync(BankReporter);
        var directory = await DirectoryPage.OpenAsync(Page);

        await directory.SearchAsync(new DirectorySearch(Ceptoar: "fin-bank"));

        await Expect(directory.ResultCodes).ToHaveTextAsync(["SEC-FIN-BANK", "HIKARI-BANK", "KAIGAN-SHINKIN", "MIYAMA-BANK", "NIJIIRO-PAY"]);
        await Expect(directory.Ceptoar).ToHaveValueAsync("fin-bank");
    }

    [Fact]
    public async Task Search_NothingMatches_ShowsZero()
    {
        await SignInAsync(BankReporter);
        var directory = await DirectoryPage.OpenAsync(Page);

        await directory.SearchAsync(new DirectorySearch(Text: "存在しない組織", Sector: "finance"));

        await Expect(directory.ResultCount).ToHaveTextAsync("0 件");
        await Expect(directory.Results).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task OpenOrganization_FromResults_ShowsNameSectorsAndMinistry()
    {
        await SignInAsync(BankReporter);
        var directory = await DirectoryPage.OpenAsync(Page);
        await directory.SearchAsync(new DirectorySearch(Text: "ひかり"));

        var bank = await directory.OpenOrganizationAsync("HIKARI-BANK");

        await Expect(bank.Name).ToContainTextAsync("ひかり中央銀行");
        await Expect(bank.Name).ToContainTextAsync("HIKARI-BANK");
        await Expect(bank.Sectors).ToHaveTextAsync(["金融"]);
        await Expect(bank.Ministries).ToHaveTextAsync(["金融庁"]);
        await Screenshots.SaveAsync(Page, "organization-ja");
    }

    [Fact]
    public async Task Contacts_UnrelatedOperator_SeesTheRestrictedNoticeOnly()
    {
        await SignInAsync(DemoUsers.Of("AKEBONO-POWER", "reporter"));

        var bank = await OrganizationPage.OpenAsync(Page, "HIKARI-BANK");

        await Expect(bank.Name).ToContainTextAsync("ひかり中央銀行");
        await Expect(bank.ContactsWithheld).ToContainTextAsync("当該組織、所管省庁、所属セプター事務局、NISC のみが閲覧できます");
        await Expect(bank.ContactRows).ToHaveCountAsync(0);
        await Expect(bank.NetworkTags).ToHaveCountAsync(0);
        await Expect(bank.Contacts).Not.ToContainTextAsync("hikari-bank.example");
        await Expect(bank.EditLink).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Contacts_NiscAnalyst_SeesContactsAndNetwork()
    {
        await SignInAsync(NiscAnalyst);

        var bank = await OrganizationPage.OpenAsync(Page, "HIKARI-BANK");

        await Expect(bank.ContactsWithheld).ToHaveCountAsync(0);
        await Expect(bank.ContactRows).ToHaveCountAsync(2);
        await Expect(bank.ContactRow("柴田 太郎")).ToContainTextAsync("soc@hikari-bank.example");
        await Expect(bank.ContactRow("酒井 由美")).ToContainTextAsync("+81-3-5555-0162");
        await Expect(bank.NetworkTags.First).ToHaveTextAsync("hikari-bank.example");
        await Expect(bank.EditLink).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(Page, "organization-nisc-ja");
    }

    [Fact]
    public async Task OpenOrganization_UnknownCode_ShowsNotFoundMessageInPage()
    {
        await SignInAsync(BankReporter);

        var response = await Page.GotoAsync("/directory/NO-SUCH-ORG");

        Assert.Equal(404, response?.Status);
        var missing = new OrganizationPage(Page, "NO-SUCH-ORG");
        await Expect(missing.Error).ToHaveTextAsync("組織コード「NO-SUCH-ORG」は登録されていません。");
        await Expect(missing.Header.SignedInAs).ToBeVisibleAsync();
        await Expect(missing.Name).ToHaveCountAsync(0);
    }
}
