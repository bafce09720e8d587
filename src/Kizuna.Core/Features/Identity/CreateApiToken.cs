using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Features.Audit;

namespace Kizuna.Core.Features.Identity;

/// <summary>Issues a personal API token; the secret is returned once and never stored.</summary>
public sealed record CreateApiToken(Guid UserId, string Name, IReadOnlyList<string> Scopes, int ExpiresInDays);

public sealed record CreatedApiToken(Guid Id, string Name, string Token, IReadOnlyList<string> Scopes, DateTimeOffset ExpiresAt);

public sealed class CreateApiTokenHandler(KizunaDb db, AuditTrail audit, TimeProvider clock)
{
    public const int DefaultLifetimeDays = 90;

    public async Task<CreatedApiToken> HandleAsync(CreateApiToken command, AuditRecord actor, CancellationToken ct = default)
    {
        var (token, secret) = ApiToken.Issue(command.UserId, command.Name, command.Scopes, clock.GetUtcNow(), TimeSpan.FromDays(command.ExpiresInDays));
        db.ApiTokens.Add(token);
        await audit.AppendAsync(db, actor with { Action = "token.created", TargetType = "token", TargetId = token.Id.ToString("D"), Detail = $"{token.Name} [{string.Join(",", token.Scopes)}] for user {command.UserId:D}, expires {token.ExpiresAt:yyyy-MM-dd}" }, ct);
        return new CreatedApiToken(token.Id, token.Name, secret, token.Scopes, token.ExpiresAt);
    }
}

/// <summary>Revokes one of the viewer's own tokens.</summary>
public sealed class RevokeApiTokenHandler(KizunaDb db, AuditTrail audit, TimeProvider clock)
{
    public async Task HandleAsync(Guid tokenId, Viewer viewer, CancellationToken ct = default)
    {
        var token = await db.ApiTokens.FindAsync([tokenId], ct);
        if (token is null || token.UserId != viewer.UserId) throw new Errors.NotFoundException("No such token.");
        token.Revoke(clock.GetUtcNow());
        await audit.AppendAsync(db, AuditRecord.By(viewer, "token.revoked", "token", token.Id.ToString("D"), token.Name), ct);
    }
}
