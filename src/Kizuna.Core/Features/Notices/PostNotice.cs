using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Identity;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Notices;

/// <summary>
/// Posts a notice under a TLP marking to an audience. Audience entries name organisations by code,
/// sectors by code, kinds, tiers, or <c>community</c>. With <see cref="ExerciseId"/> the notice is an
/// exercise message (<see cref="ExerciseMembership"/>): it goes to the audience as given, marked.
/// </summary>
public sealed record PostNotice(string Title, string Body, string Tlp, IReadOnlyList<AudienceInput> Audience, Guid? ExerciseId = null);

/// <summary>One audience entry as a client writes it: <c>{"kind":"organization","value":"FSA"}</c>.</summary>
public sealed record AudienceInput(string Kind, string? Value);

public sealed class PostNoticeHandler(KizunaDb db, AuditTrail audit, TimeProvider clock)
{
    public const int MaxAudienceEntries = 200;

    public async Task<Notice> HandleAsync(PostNotice p, Viewer viewer, CancellationToken ct = default)
    {
        if (!viewer.HasRole(OrgRoles.Analyst))
            throw new ForbiddenException("Only analysts post notices.");
        if (!TlpMarkings.TryParse(p.Tlp, out var tlp))
            throw new InputException("tlp", $"Unknown TLP '{p.Tlp}'; use CLEAR, GREEN, AMBER, AMBER+STRICT or RED.");
        if (p.Audience.Count > MaxAudienceEntries)
            throw new InputException("audience", $"At most {MaxAudienceEntries} audience entries.");
        if (p.ExerciseId is { } exerciseId) await ExerciseMembership.RequireAsync(db, exerciseId, viewer.OrganizationId, ct);
        return await PostAsync(p.Title, p.Body, tlp, await ResolveAudienceAsync(db, p.Audience, ct), p.ExerciseId, viewer, ct);
    }

    /// <summary>
    /// Posts a notice to an audience already resolved, for callers inside Kizuna (an exercise inject to its
    /// participants: as many named organisations as it has, beyond the client limit <see cref="MaxAudienceEntries"/>).
    /// </summary>
    public async Task<Notice> PostAsync(string title, string body, Tlp tlp, IReadOnlyList<AudienceEntry> audience, Guid? exerciseId, Viewer viewer, CancellationToken ct = default)
    {
        if (!viewer.HasRole(OrgRoles.Analyst))
            throw new ForbiddenException("Only analysts post notices.");
        if (exerciseId is { } id) await ExerciseMembership.RequireAsync(db, id, viewer.OrganizationId, ct);
        var notice = new Notice(title, body, new Distribution(tlp, viewer.OrganizationId, audience), viewer.UserId, clock.GetUtcNow());
        if (exerciseId is { } exercise) notice.MarkExercise(exercise);
        db.Notices.Add(notice);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "notice.posted", "notice", notice.Id.ToString("D"), $"{TlpMarkings.Label(tlp)}, {audience.Count} audience entries"), ct);
        return notice;
    }

    /// <summary>Turns client audience entries into stored ones, checking every code.</summary>
    public static async Task<List<AudienceEntry>> ResolveAudienceAsync(KizunaDb db, IReadOnlyList<AudienceInput> input, CancellationToken ct)
    {
        var check = new InputCheck();
        var result = new List<AudienceEntry>();
        foreach (var a in input)
        {
            var value = a.Value?.Trim() ?? "";
            switch (a.Kind)
            {
                case AudienceKind.Community:
                    result.Add(AudienceEntry.Community());
                    break;
                case AudienceKind.Organization:
                    var orgId = await db.Organizations.Where(o => o.Code == value).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);
                    if (orgId is null) check.Add("audience", $"No organisation has the code '{value}'.");
                    else result.Add(AudienceEntry.Organization(orgId.Value));
                    break;
                case AudienceKind.Sector:
                    if (!await db.Sectors.AnyAsync(s => s.Code == value, ct)) check.Add("audience", $"Unknown sector '{value}'.");
                    else result.Add(AudienceEntry.Sector(value));
                    break;
                case AudienceKind.OrganizationKind:
                    if (!OrganizationKinds.IsKnown(value)) check.Add("audience", $"Unknown organisation kind '{value}'.");
                    else result.Add(AudienceEntry.OfKind(value));
                    break;
                case AudienceKind.TrustTier:
                    if (!OrganizationKinds.TrustTiers.Contains(value)) check.Add("audience", $"Unknown trust tier '{value}'.");
                    else result.Add(AudienceEntry.Tier(value));
                    break;
                default:
                    check.Add("audience", $"Unknown audience kind '{a.Kind}'; use community, organization, sector, kind or tier.");
                    break;
            }
        }
        check.ThrowIfInvalid("The audience is invalid.");
        return result.DistinctBy(a => (a.Kind, a.Value)).ToList();
    }
}
