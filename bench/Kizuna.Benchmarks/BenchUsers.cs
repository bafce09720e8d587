using Kizuna.Core.Features.Identity;

namespace Kizuna.Benchmarks;

/// <summary>Users made in bulk for the runners, as the CLI would make them but without a password.</summary>
internal static class BenchUsers
{
    public static KizunaUser New(string email, string displayName, Guid organizationId, string role, string language, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        UserName = email,
        NormalizedUserName = email.ToUpperInvariant(),
        Email = email,
        NormalizedEmail = email.ToUpperInvariant(),
        EmailConfirmed = true,
        SecurityStamp = Guid.NewGuid().ToString("N"),
        DisplayName = displayName,
        OrganizationId = organizationId,
        Roles = [role],
        PreferredLanguage = language,
        LockoutEnabled = true,
        CreatedAt = now,
    };
}
