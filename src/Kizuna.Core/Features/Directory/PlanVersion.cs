namespace Kizuna.Core.Features.Directory;

/// <summary>A version of the Action Plan (行動計画) that reference data entries name as their source.</summary>
public sealed class PlanVersion
{
    private PlanVersion() { }

    public PlanVersion(string code, string nameJa, string nameEn, int year)
    {
        Code = code;
        NameJa = nameJa;
        NameEn = nameEn;
        Year = year;
    }

    public string Code { get; private set; } = "";
    public string NameJa { get; private set; } = "";
    public string NameEn { get; private set; } = "";
    public int Year { get; private set; }
}
