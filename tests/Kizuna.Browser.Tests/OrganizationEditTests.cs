using Kizuna.Browser.Tests.Infrastructure;
using Kizuna.Browser.Tests.Pages;
using Kizuna.TestKit;
using static Kizuna.Browser.Tests.Pages.EditOrganizationPage;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests;

/// <summary>An org admin edits its own organisation's profile.</summary>
public sealed class OrganizationEditTests(ChromiumFixture chromium, KizunaServerFixture server) : BrowserTest(chromium, server)
{
    private static readonly string BankAdmin = DemoUsers.Of("HIKARI-BANK", "org-admin");

    [Fact]
    public async Task EditContact_AsOrgAdmin_IsSavedAndShown()
    {
        await SignInAsync(BankAdmin);
        var bank = await OrganizationPage.OpenAsync(Page, "HIKARI-BANK");
        var edit = await bank.EditAsync();
        await Expect(edit.ContactName(ContactSlot.Primary)).ToHaveValueAsync("柴田 太郎");

        await edit.ChangeContactAsync(ContactSlot.Backup, "小林 花子", "kobayashi@hikari-bank.example", "+81-3-5555-0199");
        bank = await edit.SaveAsync();

        await Expect(bank.ContactRow("小林 花子")).ToContainTextAsync("kobayashi@hikari-bank.example");
        await Expect(bank.ContactRow("小林 花子")).ToContainTextAsync("+81-3-5555-0199");
        await Expect(bank.ContactRow("小林 花子")).ToContainTextAsync("副");
        await Expect(bank.ContactRow("柴田 太郎")).ToContainTextAsync("soc@hikari-bank.example");
        await Expect(bank.ContactRows).ToHaveCountAsync(2);
        await Expect(bank.NetworkTags).ToContainTextAsync(["hikari-bank.example", "192.0.2.72/29"]);
    }

    [Fact]
    public async Task Save_BadDomain_ShowsReadableErrorAndKeepsNothing()
    {
        await SignInAsync(BankAdmin);
        var bank = await OrganizationPage.OpenAsync(Page, "HIKARI-BANK");
        var contactsBefore = await bank.ContactRows.AllTextContentsAsync();
        var networkBefore = await bank.NetworkTags.AllTextContentsAsync();
        var edit = await bank.EditAsync();

        await edit.ChangeContactAsync(ContactSlot.Primary, "保存されない 氏名", "unsaved@hikari-bank.example", "+81-3-0000-0000");
        await edit.ChangeDomainsAsync("hikari-bank.example", "not a domain");
        await edit.TrySaveAsync();
        await Screenshots.SaveAsync(Page, "edit-organization-error-ja");

        await Expect(edit.Error).ToContainTextAsync("'not a domain' is not a domain name.");
        await Expect(edit.Domains).ToHaveValueAsync("hikari-bank.example\nnot a domain");
        await Expect(edit.ContactName(ContactSlot.Primary)).ToHaveValueAsync("保存されない 氏名");
        bank = await OrganizationPage.OpenAsync(Page, "HIKARI-BANK");
        await Expect(bank.ContactRows).ToHaveTextAsync(contactsBefore.ToArray());
        await Expect(bank.NetworkTags).ToHaveTextAsync(networkBefore.ToArray());
        await Expect(bank.Contacts).Not.ToContainTextAsync("保存されない");
    }

    [Fact]
    public async Task EditLink_OtherOrganisation_IsNotOffered()
    {
        await SignInAsync(BankAdmin);

        var other = await OrganizationPage.OpenAsync(Page, "MIYAMA-BANK");

        await Expect(other.EditLink).ToHaveCountAsync(0);
        await Page.GotoAsync("/directory/MIYAMA-BANK/edit");
        await Expect(other.Error).ToContainTextAsync("この組織を編集する権限がありません。");
        await Expect(Page.Locator("#save-org")).ToHaveCountAsync(0);
    }
}
