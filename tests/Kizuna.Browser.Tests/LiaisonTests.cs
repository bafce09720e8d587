using Kizuna.Browser.Tests.Infrastructure;
using Kizuna.Browser.Tests.Pages;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Liaison.Anonymization;
using Kizuna.TestKit;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Kizuna.Browser.Tests;

/// <summary>
/// 情報連絡 end to end: a bank files a 第1報 with an attachment, its ministry (FSA) receives and
/// forwards it, the coordinator (NISC) triages it, each seeing the report at the level the bank chose.
/// </summary>
public sealed class LiaisonTests(ChromiumFixture chromium, KizunaServerFixture server) : BrowserTest(chromium, server)
{
    private static readonly string BankReporter = DemoUsers.Of("HIKARI-BANK", "reporter");
    private const string FsaAnalyst = "analyst@fsa.demo.kizuna.example";
    private const string NiscAnalyst = "analyst@nisc.demo.kizuna.example";
    private static readonly string[] BankIdentifiers = ["ひかり中央銀行", "Hikari Chuo Bank", "HIKARI-BANK", "hikari-bank.example"];

    [Fact]
    public async Task FileReport_IdentityToMinistryAndCoordinator_FsaForwardsAndNiscTriagesTheFullReport()
    {
        var title = "インターネットバンキングへの不正ログイン試行（ブラウザテスト・開示）";
        var filed = await FileFirstReportAsync(title, IdentityDisclosures.MinistryAndCoordinator, "ひかり中央銀行のインターネットバンキングに不正ログインの試行が集中しました。");
        await Expect(filed.Banner).ToHaveAttributeAsync("data-level", "full");
        await Expect(filed.Status).ToHaveAttributeAsync("data-status", "submitted");
        await Expect(filed.Attachments).ToHaveCountAsync(1);

        var fsa = await ForwardAsFsaAsync(title, "銀行法に基づく報告として受領し、NISCへ転送します。");
        await Expect(fsa.Banner).ToHaveAttributeAsync("data-level", "full");
        await Expect(fsa.ReporterCode).ToHaveTextAsync("HIKARI-BANK");

        var nisc = await TriageAsNiscAsync(filed.Path);
        await Expect(nisc.Banner).ToHaveAttributeAsync("data-level", "full");
        await Expect(nisc.ReporterCode).ToHaveTextAsync("HIKARI-BANK");
        await Expect(nisc.Content).ToContainTextAsync("ひかり中央銀行のインターネットバンキング");
        await Expect(nisc.DownloadLinks).ToHaveTextAsync("auth-failures.log");
        await nisc.RevealIdentityAsync();
        await Expect(nisc.ReporterIdentity).ToContainTextAsync("ひかり中央銀行");
    }

    [Fact]
    public async Task FileReport_IdentityToNoOne_FsaAndNiscSeeOnlyTheSanitizedView()
    {
        var title = "インターネットバンキングへの不正ログイン試行（ブラウザテスト・秘匿）";
        var filed = await FileFirstReportAsync(title, IdentityDisclosures.None, "ひかり中央銀行（hikari-bank.example）のインターネットバンキングに不正ログインの試行が集中しました。");
        await Expect(filed.Banner).ToHaveAttributeAsync("data-level", "full");

        var fsa = await ForwardAsFsaAsync(title: null, note: "受領し、NISCへ転送します。", path: filed.Path);
        await Expect(fsa.Banner).ToHaveAttributeAsync("data-level", "sanitized");

        var nisc = await TriageAsNiscAsync(filed.Path);
        await Expect(nisc.Banner).ToHaveAttributeAsync("data-level", "sanitized");
        await Expect(nisc.Banner).ToContainTextAsync("秘匿化された内容を表示しています");
        await Screenshots.SaveAsync(nisc.Page, "report-sanitized-nisc-ja");
        await Expect(nisc.Pseudonym).ToContainTextAsync("R-");
        await Expect(nisc.ReporterCode).ToHaveCountAsync(0);
        await Expect(nisc.DownloadLinks).ToHaveCountAsync(0);
        await Expect(nisc.Attachments).ToHaveCountAsync(1);
        await Expect(nisc.RevealIdentityButton).ToHaveCountAsync(0);
        foreach (var secret in BankIdentifiers) await Expect(nisc.Main).Not.ToContainTextAsync(secret);
        var html = await nisc.Page.ContentAsync();
        foreach (var secret in BankIdentifiers) Assert.DoesNotContain(secret, html.Replace(BankReporter, ""), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The bank's reporter writes the report, saves it, attaches a log, previews and submits the 第1報.</summary>
    private async Task<ReportPage> FileFirstReportAsync(string title, string disclosure, string description)
    {
        var home = await SignInAsync(BankReporter);
        var reports = await home.Header.OpenReportsAsync();
        var form = await reports.StartNewReportAsync();
        var tokyoNow = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9));
        await form.WriteAsync(new ReportText(title, description,
            EventTypes: ["system-intrusion"], CauseTypes: ["user-id-spoofing"], Services: ["finance-banking"],
            SeverityDuration: 2, SeveritySafety: 1, Breached: "no",
            OccurredAt: tokyoNow.AddHours(-5).ToString("yyyy-MM-ddTHH:mm"), DetectedAt: tokyoNow.AddHours(-4).ToString("yyyy-MM-ddTHH:mm"),
            Impact: "一部の利用者がログインできませんでした。", ActionsTaken: "送信元IPを遮断しました。", HelpNeeded: "同様の事例の共有を希望します。",
            Indicators: "ipv4 198.51.100.23\ndomain login-check.example"));
        await form.ChooseSharingAsync(disclosure);

        form = await form.SaveDraftAsync();
        await Expect(form.OverallSeverity).ToContainTextAsync("2");
        await Expect(form.Title).ToHaveValueAsync(title);
        await Expect(form.EventType("system-intrusion")).ToBeCheckedAsync();
        await form.AttachTextAsync("auth-failures.log", "2026-05-01T09:00:00+09:00 login failed user=a***\n");
        await Expect(form.Attachments).ToHaveCountAsync(1);

        await form.ShowPreviewAsync();
        var ministryLevel = disclosure == IdentityDisclosures.None ? "sanitized" : "full";
        await Expect(form.PreviewRecipient("FSA")).ToHaveAttributeAsync("data-level", ministryLevel);
        await Expect(form.PreviewRecipient("NISC")).ToHaveAttributeAsync("data-level", ministryLevel);
        if (disclosure == IdentityDisclosures.None)
        {
            await Expect(form.PreviewRefused).ToHaveCountAsync(0);
            await Expect(form.PreviewFields).Not.ToContainTextAsync("ひかり中央銀行");
        }
        return await form.SubmitFirstAsync();
    }

    /// <summary>The FSA analyst finds the report in its inbox (by title, or by address when only a sanitized title is shown), receives and forwards it.</summary>
    private async Task<ReportPage> ForwardAsFsaAsync(string? title, string note, string? path = null)
    {
        var home = await SignInElsewhereAsync(FsaAnalyst);
        ReportPage report;
        if (title is not null)
        {
            var inbox = await ReportsPage.OpenAsync(home.Page, "inbox");
            await Expect(inbox.Row(title)).ToHaveCountAsync(1);
            report = await inbox.OpenReportAsync(title);
        }
        else report = await ReportPage.OpenAsync(home.Page, path!);
        await report.ReceiveAsync();
        await report.ForwardAsync(note);
        await Expect(report.Events.Filter(new() { HasText = note })).ToHaveCountAsync(1);
        return report;
    }

    private async Task<ReportPage> TriageAsNiscAsync(string path)
    {
        var home = await SignInElsewhereAsync(NiscAnalyst);
        var report = await ReportPage.OpenAsync(home.Page, path);
        await report.TriageAsync("high", "金融分野で類似事案を確認中。");
        await Expect(report.Priority).ToHaveTextAsync("高");
        await Expect(report.Events.Filter(new() { HasText = "金融分野で類似事案を確認中。" })).ToHaveCountAsync(1);
        return report;
    }
}
