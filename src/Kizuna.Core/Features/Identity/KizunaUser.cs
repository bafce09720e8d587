using Microsoft.AspNetCore.Identity;

namespace Kizuna.Core.Features.Identity;

/// <summary>A person who signs in. Belongs to exactly one organisation and holds roles there.</summary>
public sealed class KizunaUser : IdentityUser<Guid>
{
    public const int MaxDisplayNameLength = 200;

    public string DisplayName { get; set; } = "";
    public Guid OrganizationId { get; set; }
    /// <summary>Roles in the organisation, from <see cref="OrgRoles"/>.</summary>
    public List<string> Roles { get; set; } = [];
    public bool IsPlatformAdmin { get; set; }
    /// <summary><c>ja</c> or <c>en</c>.</summary>
    public string PreferredLanguage { get; set; } = "ja";
    public DateTimeOffset CreatedAt { get; set; }
}
