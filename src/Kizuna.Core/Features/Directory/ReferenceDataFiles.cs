using System.Reflection;
using System.Text.Json;

namespace Kizuna.Core.Features.Directory;

/// <summary>
/// The reference data shipped in <c>src/Kizuna.Core/ReferenceData/</c> (embedded in the assembly),
/// read as typed records. <c>demo/</c> holds the fictitious community loaded by <c>--demo</c>.
/// </summary>
public static class ReferenceDataFiles
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<T> Read<T>(string name)
    {
        var assembly = typeof(ReferenceDataFiles).Assembly;
        var resource = "Kizuna.ReferenceData." + name;
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Reference data file '{name}' is not embedded (have: {string.Join(", ", assembly.GetManifestResourceNames())}).");
        return JsonSerializer.Deserialize<List<T>>(stream, Json)
            ?? throw new InvalidOperationException($"Reference data file '{name}' is empty.");
    }

    /// <summary>SHA-256 of a file, recorded when it is loaded.</summary>
    public static string Hash(string name)
    {
        using var stream = typeof(ReferenceDataFiles).Assembly.GetManifestResourceStream("Kizuna.ReferenceData." + name)!;
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }

    public sealed record PlanRow(string Code, string NameJa, string NameEn, int Year);
    public sealed record SectorRow(string Code, string NameJa, string NameEn, int SortOrder, List<string> Plans);
    public sealed record PrefectureRow(string Code, string NameJa, string NameEn, string AreaCode, string AreaNameJa, string AreaNameEn);
    public sealed record ContactRow(string Name, string Role, string? Email, string? Phone);
    public sealed record OrganizationRow(
        string Code, string NameJa, string NameEn, string Kind, string? RegionCode, string? SizeClass, string? TrustTier,
        List<string>? Sectors, List<string>? Ceptoars, List<string>? Domains, List<string>? IpRanges, List<ContactRow>? Contacts);
    public sealed record MinistryLinkRow(string Sector, string Ministry, DateOnly? ValidFrom, DateOnly? ValidTo);
    public sealed record CeptoarRow(string Code, string NameJa, string NameEn, string Sector, string? SecretariatNameJa, List<string> Plans);
    public sealed record CriticalServiceRow(
        string Sector, string Code, string NameJa, string NameEn, string MaintenanceLevelJa, string MaintenanceLevelEn,
        string? LegalBasisJa, string? LegalBasisEn, string Plan);
    public sealed record TermRow(string Scheme, string Code, string? ParentCode, string NameJa, string NameEn, bool IsCategory, int SortOrder, string Plan);
    public sealed record LegalBasisRow(string Code, string NameJa, string NameEn, string? SectorCode, int FirstReportDueHours, int FinalReportDueDays, string Plan);
    public sealed record ServiceDependencyRow(string Service, string DependsOn, string Impact, string? NoteJa, string? NoteEn);
    public sealed record UserRow(string Email, string DisplayName, string Org, List<string> Roles, bool PlatformAdmin);
}
