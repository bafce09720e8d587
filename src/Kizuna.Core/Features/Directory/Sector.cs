namespace Kizuna.Core.Features.Directory;

/// <summary>A critical-infrastructure sector (重要インフラ分野), reference data named by the plans that list it.</summary>
public sealed class Sector
{
    private Sector() { }

    public Sector(string code, string nameJa, string nameEn, int sortOrder, IEnumerable<string> plans)
    {
        Id = Guid.CreateVersion7();
        Code = code;
        Edit(nameJa, nameEn, sortOrder, plans);
    }

    public Guid Id { get; private set; }
    public string Code { get; private set; } = "";
    public string NameJa { get; private set; } = "";
    public string NameEn { get; private set; } = "";
    public int SortOrder { get; private set; }
    /// <summary>Codes of the plan versions that list this sector (e.g. <c>3rd</c>, <c>4th</c>, <c>2022</c>).</summary>
    public List<string> Plans { get; private set; } = [];

    public void Edit(string nameJa, string nameEn, int sortOrder, IEnumerable<string> plans)
    {
        NameJa = nameJa.Trim();
        NameEn = nameEn.Trim();
        SortOrder = sortOrder;
        Plans = plans.Distinct().ToList();
    }
}
