namespace Kizuna.Server.Components;

/// <summary>UI text in both languages, written side by side where it is used: <c>@L.T("組織", "Organisations")</c>.</summary>
public static class L
{
    public static string T(string ja, string en) => UiLanguage.Pick(ja, en);

    public static string Date(DateTimeOffset? at) => at is null ? "—" : at.Value.ToOffset(Kizuna.Core.Jst.Offset).ToString("yyyy-MM-dd HH:mm") + " JST";

    public static string Date(DateOnly? day) => day?.ToString("yyyy-MM-dd") ?? "—";

    public static string Kind(string kind) => kind switch
    {
        "coordinator" => T("調整機関（NISC）", "Coordinator"),
        "ministry" => T("重要インフラ所管省庁", "Sector ministry"),
        "ceptoar" => T("セプター事務局", "CEPTOAR secretariat"),
        "ceptoar-council" => T("セプターカウンシル", "CEPTOAR Council"),
        "operator" => T("重要インフラ事業者等", "Operator"),
        "peripheral" => T("周辺事業者等", "Peripheral member"),
        "incident-agency" => T("事案対処省庁", "Incident-handling agency"),
        "cyber-ministry" => T("サイバー関係省庁", "Cyber-related ministry"),
        "security-body" => T("情報セキュリティ関係機関", "Security body"),
        "disaster-ministry" => T("防災関係府省庁", "Disaster-management ministry"),
        "overseas-partner" => T("海外パートナー", "Overseas partner"),
        _ => kind,
    };

    public static string Size(string? size) => size switch
    {
        "large" => T("大規模", "Large"),
        "medium" => T("中規模", "Medium"),
        "small" => T("小規模", "Small"),
        _ => "—",
    };

    public static string Tier(string? tier) => tier switch
    {
        "tier1" => T("第一類", "Tier 1"),
        "tier2" => T("第二類", "Tier 2"),
        "general" => T("一般", "General"),
        _ => "—",
    };

    public static string Role(string role) => role switch
    {
        "viewer" => T("閲覧者", "Viewer"),
        "reporter" => T("報告者", "Reporter"),
        "analyst" => T("分析者", "Analyst"),
        "org-admin" => T("組織管理者", "Org admin"),
        _ => role,
    };
}
