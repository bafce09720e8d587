namespace Kizuna.Core.Features.Directory;

/// <summary>A prefecture (都道府県) and the wider area (地方) it belongs to; used for region filters and generalization.</summary>
public sealed class Prefecture
{
    private Prefecture() { }

    public Prefecture(string code, string nameJa, string nameEn, string areaCode, string areaNameJa, string areaNameEn)
    {
        Code = code;
        NameJa = nameJa;
        NameEn = nameEn;
        AreaCode = areaCode;
        AreaNameJa = areaNameJa;
        AreaNameEn = areaNameEn;
    }

    /// <summary>ISO 3166-2:JP code, e.g. <c>JP-13</c>.</summary>
    public string Code { get; private set; } = "";
    public string NameJa { get; private set; } = "";
    public string NameEn { get; private set; } = "";
    public string AreaCode { get; private set; } = "";
    public string AreaNameJa { get; private set; } = "";
    public string AreaNameEn { get; private set; } = "";
}
