using System.Text.RegularExpressions;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Interop;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Federation;

/// <summary>Who manages federation: platform admins, and analysts and org admins of the coordinator.</summary>
public static class FederationAccess
{
    public static bool MayManage(Viewer viewer)
        => viewer.IsSystem || viewer.IsPlatformAdmin
           || (viewer.OrganizationKind == OrganizationKinds.Coordinator && (viewer.HasRole(OrgRoles.Analyst) || viewer.HasRole(OrgRoles.OrgAdmin)));

    public static void Require(Viewer viewer)
    {
        if (!MayManage(viewer)) throw new ForbiddenException("Federation peers are managed by platform admins and the coordinator's analysts and org admins.");
    }
}

/// <summary>A peer's connection and agreement as sent to create or change it. <see cref="Secret"/> is write-only; null on a change keeps the stored one.</summary>
public sealed record PeerInput(string? Name, string? Kind, string? ApiRoot, string? PullCollection, string? PushCollection,
    string? AuthScheme, string? AuthUser, string? Secret, string? MaxPushTlp, IReadOnlyList<string>? PushedCollections, bool Enabled, int? PullIntervalSeconds)
{
    /// <summary>The new peer's code (on creation only; a change keeps the code).</summary>
    public string? Code { get; init; }

    public const int MaxPushedCollections = 50;
    public const int MaxSecretLength = 2000;
    public const int MinPullIntervalSeconds = 1;
    public const int MaxPullIntervalSeconds = 86_400;

    /// <summary>The agreement's ceiling: CLEAR, GREEN or AMBER; never AMBER+STRICT or RED.</summary>
    public Tlp ParsedMaxPushTlp => TlpMarkings.TryParse(MaxPushTlp ?? "CLEAR", out var t) ? t : Tlp.Red;
}

/// <summary>A peer as shown to those who manage federation: agreement, health and counts; never the secret.</summary>
public sealed record PeerView(string Code, string Name, string Kind, string ApiRoot, string? PullCollection, string? PushCollection,
    string AuthScheme, string? AuthUser, bool HasSecret, string MaxPushTlp, IReadOnlyList<string> PushedCollections, bool Enabled, int PullIntervalSeconds,
    string LocalCollection, DateTimeOffset? Watermark, DateTimeOffset? LastAttemptAt, DateTimeOffset? LastSuccessAt, DateTimeOffset? LastErrorAt,
    string? LastError, string? LastRefusal, int ConsecutiveFailures, DateTimeOffset NextAttemptAt, double? LagSeconds,
    long ObjectsPulled, long ObjectsRefused, long ObjectsPushed, long PushRefused, long PushCursor)
{
    public static PeerView Of(FederationPeer p, DateTimeOffset now) => new(p.Code, p.Name, p.Kind, p.ApiRoot, p.PullCollection, p.PushCollection,
        p.AuthScheme, p.AuthUser, p.ProtectedSecret is not null, TlpMarkings.Label(p.MaxPushTlp), p.PushedCollectionList, p.Enabled, p.PullIntervalSeconds,
        TaxiiCollections.PeerAlias(p.Code), p.WatermarkAddedAt, p.LastAttemptAt, p.LastSuccessAt, p.LastErrorAt, p.LastError, p.LastRefusal,
        p.ConsecutiveFailures, p.NextAttemptAt, p.Lag(now)?.TotalSeconds, p.ObjectsPulled, p.ObjectsRefused, p.ObjectsPushed, p.PushRefused, p.PushCursor);
}

/// <summary>Adds, changes and removes federation peers (連携先の登録), audited.</summary>
public sealed partial class ManagePeersHandler(KizunaDb db, TaxiiCollections collections, PeerSecretProtector secrets, AuditTrail audit, TimeProvider clock)
{
    public async Task<PeerView> CreateAsync(PeerInput input, Viewer viewer, CancellationToken ct = default)
    {
        FederationAccess.Require(viewer);
        var normal = (input.Code ?? "").Trim().ToLowerInvariant();
        var check = new InputCheck();
        check.That(CodePattern().IsMatch(normal), "code", $"'code' is 1 to {FederationPeer.MaxCodeLength} lower-case letters, digits and hyphens, starting with a letter or digit.");
        await CheckAsync(check, input, normal, isNew: true, hadSecret: false, ct);
        check.ThrowIfInvalid("The peer is invalid.");
        if (await db.FederationPeers.AnyAsync(p => p.Code == normal, ct)) throw new ConflictException($"There is already a peer '{normal}'.");
        var now = clock.GetUtcNow();
        var peer = new FederationPeer(normal, now);
        peer.Configure(input, Protect(input), keepSecret: false, now);
        db.FederationPeers.Add(peer);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "federation.peer-added", "federation-peer", normal, Describe(peer)), ct);
        return PeerView.Of(peer, now);
    }

    public async Task<PeerView> UpdateAsync(string code, PeerInput input, Viewer viewer, CancellationToken ct = default)
    {
        FederationAccess.Require(viewer);
        var peer = await FindAsync(db, code, ct);
        var check = new InputCheck();
        await CheckAsync(check, input, peer.Code, isNew: false, hadSecret: peer.ProtectedSecret is not null, ct);
        check.ThrowIfInvalid("The peer is invalid.");
        var now = clock.GetUtcNow();
        var keep = string.IsNullOrEmpty(input.Secret);
        peer.Configure(input, keep ? null : Protect(input), keep, now);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "federation.peer-changed", "federation-peer", peer.Code,
            Describe(peer) + (keep ? "" : "; secret replaced")), ct);
        return PeerView.Of(peer, now);
    }

    /// <summary>Removes a peer that never delivered anything; one whose collection holds objects is disabled instead (409), so nothing received is lost.</summary>
    public async Task DeleteAsync(string code, Viewer viewer, CancellationToken ct = default)
    {
        FederationAccess.Require(viewer);
        var peer = await FindAsync(db, code, ct);
        var collectionId = TaxiiCollection.NameBasedId(TaxiiCollections.PeerKey(peer.Id));
        if (await db.StixObjects.AnyAsync(o => o.CollectionId == collectionId, ct))
            throw new ConflictException($"Peer '{peer.Code}' has delivered objects to '{TaxiiCollections.PeerAlias(peer.Code)}'; disable it instead of removing it.");
        db.FederationPeers.Remove(peer);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "federation.peer-removed", "federation-peer", peer.Code, peer.ApiRoot), ct);
    }

    internal static async Task<FederationPeer> FindAsync(KizunaDb db, string code, CancellationToken ct)
    {
        var normal = (code ?? "").Trim().ToLowerInvariant();
        return await db.FederationPeers.FirstOrDefaultAsync(p => p.Code == normal, ct) ?? throw new NotFoundException($"There is no federation peer '{code}'.");
    }

    private string? Protect(PeerInput input) => string.IsNullOrEmpty(input.Secret) ? null : secrets.Protect(input.Secret);

    private async Task CheckAsync(InputCheck check, PeerInput input, string code, bool isNew, bool hadSecret, CancellationToken ct)
    {
        check.Required("name", input.Name, FederationPeer.MaxNameLength);
        check.That(input.Kind is not null && PeerKinds.All.Contains(input.Kind), "kind", $"'kind' is one of {string.Join(", ", PeerKinds.All)}.");
        check.Required("apiRoot", input.ApiRoot, FederationPeer.MaxUrlLength);
        if (!string.IsNullOrWhiteSpace(input.ApiRoot))
            check.That(Uri.TryCreate(input.ApiRoot.Trim(), UriKind.Absolute, out var root) && root.Scheme is "http" or "https" && string.IsNullOrEmpty(root.Query) && string.IsNullOrEmpty(root.Fragment),
                "apiRoot", "'apiRoot' is the peer's absolute http(s) TAXII API root URL, without query or fragment (e.g. https://peer.example/taxii2/kizuna/).");
        check.MaxLength("pullCollection", input.PullCollection, FederationPeer.MaxCollectionLength);
        check.MaxLength("pushCollection", input.PushCollection, FederationPeer.MaxCollectionLength);
        var scheme = input.AuthScheme ?? PeerAuthSchemes.None;
        check.That(PeerAuthSchemes.All.Contains(scheme), "authScheme", $"'authScheme' is one of {string.Join(", ", PeerAuthSchemes.All)}.");
        if (scheme == PeerAuthSchemes.Basic) check.Required("authUser", input.AuthUser, FederationPeer.MaxAuthUserLength);
        check.MaxLength("secret", input.Secret, PeerInput.MaxSecretLength);
        if (scheme != PeerAuthSchemes.None)
            check.That(!string.IsNullOrEmpty(input.Secret) || (!isNew && hadSecret), "secret", $"'secret' (the token or password) is required for {scheme} authentication.");
        check.That(TlpMarkings.TryParse(input.MaxPushTlp ?? "CLEAR", out var tlp) && tlp <= Tlp.Amber, "maxPushTlp",
            "'maxPushTlp' is CLEAR, GREEN or AMBER: AMBER+STRICT and RED never leave for a peer.");
        check.That(input.PullIntervalSeconds is null or >= PeerInput.MinPullIntervalSeconds and <= PeerInput.MaxPullIntervalSeconds, "pullIntervalSeconds",
            $"'pullIntervalSeconds' is between {PeerInput.MinPullIntervalSeconds} and {PeerInput.MaxPullIntervalSeconds}.");
        var pushed = (input.PushedCollections ?? []).Select(c => (c ?? "").Trim()).Where(c => c.Length > 0).Distinct().ToList();
        check.That(pushed.Count <= PeerInput.MaxPushedCollections, "pushedCollections", $"At most {PeerInput.MaxPushedCollections} collections are pushed to one peer.");
        check.That(string.Join(",", pushed).Length <= FederationPeer.MaxPushedCollectionsLength, "pushedCollections",
            $"The pushed collections' aliases together are at most {FederationPeer.MaxPushedCollectionsLength} characters.");
        if (pushed.Count > 0)
        {
            check.That(!string.IsNullOrWhiteSpace(input.PushCollection), "pushCollection", "'pushCollection' (the peer's collection objects are posted to) is required when collections are pushed.");
            var local = (await collections.AllAsync(ct)).Select(c => c.Alias).ToHashSet(StringComparer.Ordinal);
            foreach (var alias in pushed)
            {
                check.That(local.Contains(alias), "pushedCollections", $"There is no local collection '{alias}'.");
                check.That(alias != TaxiiCollections.PeerAlias(code), "pushedCollections", $"'{alias}' holds what this peer sent; it is never pushed back to it.");
            }
        }
    }

    private static string Describe(FederationPeer p)
        => $"{p.Kind} {p.ApiRoot}; pull {p.PullCollection ?? "-"}; push {p.PushCollection ?? "-"} <= {TlpMarkings.Label(p.MaxPushTlp)} from [{p.PushedCollections}]; {(p.Enabled ? "enabled" : "disabled")}";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex CodePattern();
}

/// <summary>Reads federation peers and their health, for those who manage federation.</summary>
public sealed class FederationQueries(KizunaDb db, TimeProvider clock)
{
    public async Task<IReadOnlyList<PeerView>> ListAsync(Viewer viewer, CancellationToken ct = default)
    {
        FederationAccess.Require(viewer);
        var now = clock.GetUtcNow();
        return (await db.FederationPeers.AsNoTracking().OrderBy(p => p.Code).ToListAsync(ct)).Select(p => PeerView.Of(p, now)).ToList();
    }

    public async Task<PeerView> GetAsync(string code, Viewer viewer, CancellationToken ct = default)
    {
        FederationAccess.Require(viewer);
        var peer = await ManagePeersHandler.FindAsync(db, code, ct);
        return PeerView.Of(peer, clock.GetUtcNow());
    }
}
