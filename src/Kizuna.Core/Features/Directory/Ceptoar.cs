namespace Kizuna.Core.Features.Directory;

/// <summary>A CEPTOAR (セプター), a sector ISAC; several may serve one sector. Its staff belong to its secretariat organisation.</summary>
public sealed class Ceptoar
{
    private Ceptoar() { }

    public Ceptoar(string code, string nameJa, string nameEn, Guid sectorId, string? secretariatNameJa, IEnumerable<string> plans)
    {
        Id = Guid.CreateVersion7();
        Code = code;
        NameJa = nameJa;
        NameEn = nameEn;
        SectorId = sectorId;
        SecretariatNameJa = secretariatNameJa;
        Plans = plans.ToList();
    }

    public Guid Id { get; private set; }
    public string Code { get; private set; } = "";
    public string NameJa { get; private set; } = "";
    public string NameEn { get; private set; } = "";
    public Guid SectorId { get; private set; }
    public Sector? Sector { get; private set; }
    /// <summary>Name of the secretariat body as published (セプター事務局).</summary>
    public string? SecretariatNameJa { get; private set; }
    /// <summary>The secretariat organisation in the directory, when one is registered.</summary>
    public Guid? SecretariatOrganizationId { get; private set; }
    public List<string> Plans { get; private set; } = [];

    public void AssignSecretariat(Guid organizationId) => SecretariatOrganizationId = organizationId;

    public void Edit(string nameJa, string nameEn, string? secretariatNameJa)
    {
        NameJa = nameJa.Trim();
        NameEn = nameEn.Trim();
        SecretariatNameJa = secretariatNameJa;
    }
}
