namespace Kizuna.Core.Disclosure;

/// <summary>
/// Who is looking. Every function that reads shared data takes one; responses are built from it.
/// Built per request from the database (never from stale claims), or <see cref="System"/> for workers.
/// </summary>
public sealed record Viewer(
    Guid UserId,
    string UserEmail,
    Guid OrganizationId,
    string OrganizationCode,
    string OrganizationKind,
    IReadOnlyList<string> SectorCodes,
    string? TrustTier,
    IReadOnlyList<string> Roles,
    bool IsPlatformAdmin)
{
    /// <summary>True only for <see cref="System"/>: background work that later filters per recipient.</summary>
    public bool IsSystem { get; private init; }

    /// <summary>The explicit viewer for background workers. Never built from a request.</summary>
    public static Viewer System { get; } = new(Guid.Empty, "system", Guid.Empty, "SYSTEM", "system", [], null, [], false) { IsSystem = true };

    /// <summary>
    /// Anyone on the internet, for public feeds: stands as a community member with no organisation
    /// of its own, no sector and no role, so the policy still decides (never <see cref="System"/>,
    /// which the policy does not filter). Its organisation id is fixed and owns nothing.
    /// </summary>
    public static Viewer Public { get; } = new(Guid.Empty, "", new Guid("7075626c-6963-4000-8000-000000000000"), "PUBLIC", "public", [], null, [], false);

    public bool HasRole(string role) => Roles.Contains(role);

    /// <summary>
    /// A viewer standing for an organisation as a whole (no user, no roles): for asking the policy
    /// what an organisation would receive or may see — recipient planning, newsletters, alerts.
    /// </summary>
    public static Viewer ForOrganization(Guid organizationId, string code, string kind, IReadOnlyList<string> sectorCodes, string? trustTier)
        => new(Guid.Empty, "", organizationId, code, kind, sectorCodes, trustTier, [], false);
}
