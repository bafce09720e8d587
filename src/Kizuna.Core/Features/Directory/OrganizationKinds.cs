namespace Kizuna.Core.Features.Directory;

/// <summary>
/// The kinds of organisation in the programme (DESIGN.md §1, 関係主体). The set is fixed by the
/// programme's structure; everything else about an organisation is data.
/// </summary>
public static class OrganizationKinds
{
    /// <summary>Coordinator (NISC, 内閣サイバーセキュリティセンター).</summary>
    public const string Coordinator = "coordinator";
    /// <summary>Sector ministry (重要インフラ所管省庁).</summary>
    public const string Ministry = "ministry";
    /// <summary>CEPTOAR secretariat (セプター事務局).</summary>
    public const string Ceptoar = "ceptoar";
    /// <summary>The CEPTOAR Council (セプターカウンシル).</summary>
    public const string CeptoarCouncil = "ceptoar-council";
    /// <summary>Critical-infrastructure operator (重要インフラ事業者等).</summary>
    public const string Operator = "operator";
    /// <summary>Peripheral member (周辺事業者・中小事業者, IoT/制御系ベンダ, 大学・研究機関).</summary>
    public const string Peripheral = "peripheral";
    /// <summary>Incident-handling agency (事案対処省庁).</summary>
    public const string IncidentAgency = "incident-agency";
    /// <summary>Cyber-related ministry (サイバー関係省庁).</summary>
    public const string CyberMinistry = "cyber-ministry";
    /// <summary>Information-security body (情報セキュリティ関係機関).</summary>
    public const string SecurityBody = "security-body";
    /// <summary>Disaster-management ministry (防災関係府省庁).</summary>
    public const string DisasterMinistry = "disaster-ministry";
    /// <summary>Overseas partner (海外ISAC, foreign CERT).</summary>
    public const string OverseasPartner = "overseas-partner";

    public static readonly IReadOnlyList<string> All =
    [
        Coordinator, Ministry, Ceptoar, CeptoarCouncil, Operator, Peripheral,
        IncidentAgency, CyberMinistry, SecurityBody, DisasterMinistry, OverseasPartner,
    ];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind);

    public static readonly IReadOnlyList<string> SizeClasses = ["large", "medium", "small"];

    /// <summary>Trust tiers modelled on the Cybersecurity Council (第一類, 第二類, general member).</summary>
    public static readonly IReadOnlyList<string> TrustTiers = ["tier1", "tier2", "general"];
}
