namespace Kizuna.Core.Features.Liaison;

/// <summary>
/// A law that obliges operators to report (報告義務の根拠法令) and its deadlines: the 第1報 within
/// <see cref="FirstReportDueHours"/> of awareness, the 最終報 within <see cref="FinalReportDueDays"/>.
/// Reference data, editable.
/// </summary>
public sealed class LegalBasis
{
    private LegalBasis() { }

    public LegalBasis(string code, string nameJa, string nameEn, string? sectorCode, int firstReportDueHours, int finalReportDueDays, string plan)
    {
        Code = code;
        NameJa = nameJa;
        NameEn = nameEn;
        SectorCode = sectorCode;
        FirstReportDueHours = firstReportDueHours;
        FinalReportDueDays = finalReportDueDays;
        Plan = plan;
    }

    public string Code { get; private set; } = "";
    public string NameJa { get; private set; } = "";
    public string NameEn { get; private set; } = "";
    public string? SectorCode { get; private set; }
    public int FirstReportDueHours { get; private set; }
    public int FinalReportDueDays { get; private set; }
    public string Plan { get; private set; } = "";
}
