namespace Kizuna.Core.Features.Identity;

/// <summary>The roles a user holds in its organisation. Platform admin is a separate flag on the user.</summary>
public static class OrgRoles
{
    /// <summary>Reads what its organisation may see.</summary>
    public const string Viewer = "viewer";
    /// <summary>Files liaison reports (情報連絡) for its organisation.</summary>
    public const string Reporter = "reporter";
    /// <summary>Analyses, triages and publishes for its organisation.</summary>
    public const string Analyst = "analyst";
    /// <summary>Manages its organisation's profile and users.</summary>
    public const string OrgAdmin = "org-admin";

    public static readonly IReadOnlyList<string> All = [Viewer, Reporter, Analyst, OrgAdmin];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);
}
