using Kizuna.Core.Data;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Identity;

/// <summary>Adds a user to an organisation (named by its code) with roles and a password.</summary>
public sealed record AddUser(string Email, string DisplayName, string OrganizationCode, IReadOnlyList<string> Roles, string Password, bool PlatformAdmin = false);

public sealed class AddUserHandler(KizunaDb db, UserManager<KizunaUser> users, AuditTrail audit, TimeProvider clock)
{
    public async Task<KizunaUser> HandleAsync(AddUser command, AuditRecord actor, CancellationToken ct = default)
    {
        var check = new InputCheck()
            .Required("email", command.Email, 256)
            .That(command.Email?.Contains('@') == true, "email", "The e-mail address is not valid.")
            .MaxLength("displayName", command.DisplayName, KizunaUser.MaxDisplayNameLength)
            .That(command.Roles.Count > 0, "role", "At least one role is required (viewer, reporter, analyst, org-admin).");
        foreach (var role in command.Roles)
            check.That(OrgRoles.IsKnown(role), "role", $"Unknown role '{role}'; use viewer, reporter, analyst or org-admin.");
        check.ThrowIfInvalid();

        var org = await db.Organizations.FirstOrDefaultAsync(o => o.Code == command.OrganizationCode, ct)
            ?? throw new InputException("org", $"No organisation has the code '{command.OrganizationCode}'.");
        if (await users.FindByEmailAsync(command.Email!) is not null)
            throw new ConflictException($"A user with the e-mail address '{command.Email}' already exists.");

        var user = new KizunaUser
        {
            Id = Guid.CreateVersion7(),
            UserName = command.Email!.Trim().ToLowerInvariant(),
            Email = command.Email.Trim().ToLowerInvariant(),
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(command.DisplayName) ? command.Email.Trim() : command.DisplayName.Trim(),
            OrganizationId = org.Id,
            Roles = command.Roles.Distinct().ToList(),
            IsPlatformAdmin = command.PlatformAdmin,
            LockoutEnabled = true,
            CreatedAt = clock.GetUtcNow(),
        };
        var result = await users.CreateAsync(user, command.Password);
        if (!result.Succeeded)
            throw new InputException("The user could not be created.",
                new Dictionary<string, string[]> { ["password"] = result.Errors.Select(e => e.Description).ToArray() });

        await audit.AppendAsync(db, actor with { Action = "user.added", TargetType = "user", TargetId = user.Id.ToString("D"), Detail = $"{user.Email} at {org.Code} as {string.Join(",", user.Roles)}{(user.IsPlatformAdmin ? " (platform admin)" : "")}" }, ct);
        return user;
    }
}
