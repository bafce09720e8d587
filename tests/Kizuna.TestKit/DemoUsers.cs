using Kizuna.Core.Features.Directory;

namespace Kizuna.TestKit;

/// <summary>Demo sign-ins (src/Kizuna.Core/ReferenceData/demo/users.json).</summary>
public static class DemoUsers
{
    public const string Password = SeedDemoCommunityHandler.DemoPassword;

    public static IReadOnlyList<ReferenceDataFiles.UserRow> All { get; } = ReferenceDataFiles.Read<ReferenceDataFiles.UserRow>("demo/users.json");

    public static string Admin => All.Single(u => u.PlatformAdmin).Email;

    /// <summary>The first demo user of an organisation, optionally with a role.</summary>
    public static string Of(string orgCode, string? role = null)
        => All.First(u => u.Org == orgCode && (role is null || u.Roles.Contains(role))).Email;
}
