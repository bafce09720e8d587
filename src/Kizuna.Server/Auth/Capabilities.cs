using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Identity;

namespace Kizuna.Server.Auth;

/// <summary>
/// Capability policies ("may this role do this at all"): pure predicates over the viewer, attached
/// to every route group and page. Anything unmarked falls to a policy that denies.
/// </summary>
public static class Capabilities
{
    /// <summary>Any signed-in member of any organisation.</summary>
    public const string Member = "member";
    public const string Reporter = "reporter";
    public const string Analyst = "analyst";
    public const string OrgAdmin = "org-admin";
    public const string PlatformAdmin = "platform-admin";

    public static readonly IReadOnlyList<string> All = [Member, Reporter, Analyst, OrgAdmin, PlatformAdmin];

    public static bool Allows(string capability, Viewer viewer) => capability switch
    {
        Member => true,
        Reporter => viewer.HasRole(OrgRoles.Reporter) || viewer.HasRole(OrgRoles.OrgAdmin),
        Analyst => viewer.HasRole(OrgRoles.Analyst),
        OrgAdmin => viewer.HasRole(OrgRoles.OrgAdmin) || viewer.IsPlatformAdmin,
        PlatformAdmin => viewer.IsPlatformAdmin,
        _ => false,
    };
}
