using System.Globalization;
using Kizuna.Core.Features.Provision;
using Kizuna.Server.Components;

namespace Kizuna.Server.Features.Provision.Pages;

/// <summary>Labels shared by the advisory pages (情報提供), in both languages.</summary>
public static class AdvisoryText
{
    public static string Severity(int severity) => AdvisorySeverity.Label(severity, !UiLanguage.IsEnglish);

    public static string Status(string status, int revision) => status switch
    {
        AdvisoryStatus.Draft => L.T("下書き", "Draft"),
        AdvisoryStatus.Withdrawn => L.T("取消済み", "Withdrawn"),
        _ when revision > 1 => L.T($"訂正版（第{revision}版）", $"Corrected (revision {revision})"),
        _ => L.T("発信済み", "Published"),
    };

    public static string Revision(string kind) => kind switch
    {
        RevisionKinds.Original => L.T("初版", "Original"),
        RevisionKinds.Correction => L.T("訂正", "Correction"),
        RevisionKinds.Withdrawal => L.T("取消", "Withdrawal"),
        _ => kind,
    };

    public static string Feedback(string kind) => kind switch
    {
        FeedbackKinds.Applied => L.T("対策を適用した", "Applied"),
        FeedbackKinds.NotApplicable => L.T("該当しない", "Not applicable"),
        FeedbackKinds.FalsePositive => L.T("誤検知", "False positive"),
        FeedbackKinds.Seen => L.T("自組織の環境で確認した", "Seen in our environment"),
        _ => kind,
    };

    public static string Language(string language) => language switch
    {
        AdvisoryLanguages.Japanese => L.T("日本語", "Japanese"),
        AdvisoryLanguages.English => L.T("英語", "English"),
        AdvisoryLanguages.Both => L.T("日本語と英語", "Japanese and English"),
        _ => language,
    };

    /// <summary>Why an organisation receives an advisory: <c>organization</c>, <c>sector:finance</c>, <c>kind:operator</c>, <c>tier:tier1</c>, <c>community</c> or <c>relay</c>.</summary>
    public static string Rule(string rule, Func<string, string> sectorName)
    {
        var colon = rule.IndexOf(':');
        var (head, value) = colon < 0 ? (rule, "") : (rule[..colon], rule[(colon + 1)..]);
        return head switch
        {
            "organization" => L.T("個別指定", "Named"),
            "sector" => L.T($"分野 {sectorName(value)}", $"Sector {sectorName(value)}"),
            "kind" => L.T($"種別 {L.Kind(value)}", $"Kind {L.Kind(value)}"),
            "tier" => L.T($"区分 {L.Tier(value)}", $"Tier {L.Tier(value)}"),
            "community" => L.T("コミュニティ全体", "Whole community"),
            "relay" => L.T("中継", "Relay"),
            _ => rule,
        };
    }

    /// <summary>What a TLP marking allows for an advisory, as the recipients page explains it.</summary>
    public static string TlpRule(string tlp) => tlp.Replace("TLP:", "") switch
    {
        "RED" => L.T("TLP:RED — 個別に指定した組織だけが受け取ります。中継されません。", "TLP:RED — only the named organisations receive it; it is never relayed."),
        "AMBER+STRICT" => L.T("TLP:AMBER+STRICT — 受け取った組織の中だけで扱われ、その先へは中継されません。", "TLP:AMBER+STRICT — kept inside each recipient organisation; never relayed beyond it."),
        "AMBER" => L.T("TLP:AMBER — 受け取った組織とその顧客の範囲で扱われます。中継の経路で届きます。", "TLP:AMBER — recipient organisations and their clients; it travels down the relay chain."),
        "GREEN" => L.T("TLP:GREEN — コミュニティ内で共有できますが、公開の経路（公開フィードなど）には出ません。", "TLP:GREEN — may be shared within the community, never on public channels (such as the public feed)."),
        "CLEAR" => L.T("TLP:CLEAR — 制限なし。公開フィードにも掲載されます。", "TLP:CLEAR — no limit; it may be public and appears in the public feed."),
        var other => other,
    };

    /// <summary>A time from publication to arrival as h:mm:ss.</summary>
    public static string Duration(TimeSpan? span)
    {
        if (span is not { } s) return "—";
        if (s < TimeSpan.Zero) s = TimeSpan.Zero;
        return string.Create(CultureInfo.InvariantCulture, $"{(long)s.TotalHours}:{s.Minutes:00}:{s.Seconds:00}");
    }
}
