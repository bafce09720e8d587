namespace Kizuna.Core.Features.Directory;

/// <summary>
/// A critical service of a sector and its service maintenance level
/// (別紙2 重要インフラサービスとサービス維持レベル), with the law it rests on.
/// </summary>
public sealed class CriticalService
{
    private CriticalService() { }

    public CriticalService(string code, Guid sectorId, string plan)
    {
        Id = Guid.CreateVersion7();
        Code = code;
        SectorId = sectorId;
        Plan = plan;
    }

    public Guid Id { get; private set; }
    public string Code { get; private set; } = "";
    public Guid SectorId { get; private set; }
    public Sector? Sector { get; private set; }
    public string NameJa { get; private set; } = "";
    public string NameEn { get; private set; } = "";
    public string MaintenanceLevelJa { get; private set; } = "";
    public string MaintenanceLevelEn { get; private set; } = "";
    public string? LegalBasisJa { get; private set; }
    public string? LegalBasisEn { get; private set; }
    public string Plan { get; private set; } = "";

    public void Edit(string nameJa, string nameEn, string maintenanceLevelJa, string maintenanceLevelEn, string? legalBasisJa, string? legalBasisEn)
    {
        NameJa = nameJa.Trim();
        NameEn = nameEn.Trim();
        MaintenanceLevelJa = maintenanceLevelJa.Trim();
        MaintenanceLevelEn = maintenanceLevelEn.Trim();
        LegalBasisJa = legalBasisJa;
        LegalBasisEn = legalBasisEn;
    }
}
