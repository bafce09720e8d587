using System.Globalization;
using System.Text;
using Kizuna.Core.Features.Directory;

namespace Kizuna.Core.Features.Provision.Newsletter;

/// <summary>The text of a newsletter e-mail for one organisation, in Japanese or English; the preview shows exactly this.</summary>
public static class NewsletterMail
{
    public static (string Subject, string Text) Compose(NewsletterIssue issue, NewsletterEntries entries, Organization organization, bool ja, string link)
    {
        var subject = ja
            ? $"[Kizuna] 重要インフラニュースレター {issue.Number}（{PeriodText(issue, true)}）"
            : $"[Kizuna] Critical-infrastructure newsletter {issue.Number} ({PeriodText(issue, false)})";
        var sb = new StringBuilder();
        sb.AppendLine(ja ? $"重要インフラニュースレター {issue.Number}" : $"Critical-infrastructure newsletter {issue.Number}");
        sb.AppendLine((ja ? "対象期間: " : "Period: ") + PeriodText(issue, ja));
        sb.AppendLine((ja ? "宛先: " : "For: ") + (ja ? organization.NameJa : organization.NameEn) + $" ({organization.Code})");
        sb.AppendLine();
        var intro = ja ? issue.IntroJa : issue.IntroEn;
        if (intro.Length > 0)
        {
            sb.AppendLine(intro);
            sb.AppendLine();
        }
        sb.AppendLine(ja ? $"この期間に貴組織に届いた情報提供（{entries.Total}件）:" : $"Advisories that reached your organisation in this period ({entries.Total}):");
        sb.AppendLine();
        foreach (var e in entries.Items)
        {
            sb.AppendLine("- " + EntryLine(e, ja));
            if (e.Summary is not null)
                foreach (var line in e.Summary.ReplaceLineEndings("\n").Split('\n'))
                    sb.AppendLine("  " + line);
        }
        if (entries.More > 0) sb.AppendLine(ja ? $"- ほか{entries.More}件（ウェブでご覧ください）" : $"- and {entries.More} more (see the web page)");
        sb.AppendLine();
        sb.AppendLine((ja ? "ウェブで読む: " : "Read on the web: ") + link);
        sb.AppendLine();
        sb.AppendLine(ja
            ? "このメールは Kizuna から送信されました。各項目の TLP の取扱いに従ってください。"
            : "Sent by Kizuna. Handle each item according to its TLP marking.");
        return (subject, sb.ToString());
    }

    /// <summary>One entry as a line: the TLP, severity, number and title, or only the number for AMBER+STRICT and RED.</summary>
    public static string EntryLine(NewsletterEntry e, bool ja)
    {
        var withdrawn = e.Withdrawn ? (ja ? "【取消】" : "[Withdrawn] ") : "";
        if (e.SignInToRead)
            return withdrawn + (ja ? $"{e.Tlp} 情報提供 {e.Number} — サインインしてお読みください" : $"{e.Tlp} advisory {e.Number} — sign in to read");
        return $"{withdrawn}{e.Tlp} [{AdvisorySeverity.Label(e.Severity, ja)}] {e.Number} {e.Title}";
    }

    /// <summary>The period in words: 2026年11月1日〜15日 / 1–15 November 2026.</summary>
    public static string PeriodText(NewsletterIssue issue, bool ja)
    {
        var first = issue.PeriodStart.ToOffset(Jst.Offset);
        var last = issue.PeriodEnd.ToOffset(Jst.Offset).AddDays(-1);
        return ja
            ? $"{first.Year}年{first.Month}月{first.Day}日〜{last.Day}日"
            : $"{first.Day}–{last.Day} {first.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}";
    }
}
