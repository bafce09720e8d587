using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Notices;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Hotline;

/// <summary>An urgent alert as a client writes it.</summary>
/// <remarks>With <see cref="ExerciseId"/> the alert belongs to that exercise and reaches only its members (<see cref="ExerciseMembership"/>).</remarks>
public sealed record SendHotlineAlert(string Class, int Severity, string Title, string Message, string Tlp, IReadOnlyList<AudienceInput> Audience, Guid? ExerciseId = null);

/// <summary>
/// Sends an urgent alert: fixes its distribution, creates one acknowledgement row per recipient
/// organisation (those <see cref="DisclosurePolicy.AdmittingEntry"/> admits, the sender excluded),
/// and queues one urgent notification per recipient in the outbox; all in one transaction with the
/// audit entry (<see cref="HotlineDispatcher"/>). Who may send (kept simple on purpose): analysts of the coordinator to any audience;
/// analysts of a ministry only to sectors it is responsible for today, or to named organisations
/// in at least one of those sectors.
/// </summary>
public sealed class SendHotlineAlertHandler(KizunaDb db, HotlineDispatcher dispatcher, LiaisonDirectory directory, TimeProvider clock)
{
    public const string NotifyChannel = "hotline-notify";

    public static bool MaySend(Viewer viewer)
        => viewer.HasRole(OrgRoles.Analyst) && viewer.OrganizationKind is OrganizationKinds.Coordinator or OrganizationKinds.Ministry;

    public async Task<HotlineAlert> HandleAsync(SendHotlineAlert command, Viewer viewer, CancellationToken ct = default)
    {
        if (!MaySend(viewer)) throw new ForbiddenException("Only analysts of the coordinator, or of a ministry for its sectors, send urgent alerts.");
        if (!TlpMarkings.TryParse(command.Tlp ?? "", out var tlp))
            throw new InputException("tlp", $"Unknown TLP '{command.Tlp}'; use CLEAR, GREEN, AMBER, AMBER+STRICT or RED.");
        var input = command.Audience ?? [];
        if (input.Count == 0) throw new InputException("audience", "Choose an audience: named organisations, sectors, kinds, tiers or the whole community.");
        if (input.Count > PostNoticeHandler.MaxAudienceEntries) throw new InputException("audience", $"At most {PostNoticeHandler.MaxAudienceEntries} audience entries.");
        var members = await ExerciseMembership.MembersIfAsync(db, command.ExerciseId, viewer.OrganizationId, ct);
        var distribution = new Distribution(tlp, viewer.OrganizationId, await PostNoticeHandler.ResolveAudienceAsync(db, input, ct));
        var now = clock.GetUtcNow();
        if (viewer.OrganizationKind == OrganizationKinds.Ministry) await RequireOwnSectorsAsync(distribution, viewer, ct);
        // Validates class, severity, title and message before anything is computed.
        var draft = new HotlineAlert(0, command.Class ?? "", command.Severity, command.Title ?? "", command.Message ?? "", distribution, viewer.UserId, now);
        if (command.ExerciseId is { } exerciseId) draft.MarkExercise(exerciseId);

        var orgs = await db.Organizations.AsNoTracking().AsSplitQuery()
            .Select(o => new { o.Id, o.Code, o.Kind, o.TrustTier, Sectors = o.Sectors.OrderBy(s => s.Code).Select(s => s.Code).ToList() })
            .ToListAsync(ct);
        var recipients = orgs.Where(o => o.Id != viewer.OrganizationId)
            .Where(o => DisclosurePolicy.AdmittingEntry(Viewer.ForOrganization(o.Id, o.Code, o.Kind, o.Sectors, o.TrustTier), distribution) is not null)
            // An exercise alert reaches only the exercise's members.
            .Where(o => members is null || members.Contains(o.Id))
            .ToList();
        if (recipients.Count == 0)
            throw new InputException("audience", members is null
                ? "The audience resolves to no organisation other than yours: nobody would receive this alert."
                : "The audience includes no other member of the exercise: nobody would receive this alert.");

        return await dispatcher.CommitAsync(draft, recipients.Select(r => new HotlineRecipient(r.Id, r.Sectors.FirstOrDefault())).ToList(), viewer, "hotline.sent", ct);
    }

    /// <summary>A ministry alerts only within its sectors: sector entries it is responsible for, or named organisations in one of them.</summary>
    private async Task RequireOwnSectorsAsync(Distribution distribution, Viewer viewer, CancellationToken ct)
    {
        var own = await directory.SectorsOfMinistryAsync(viewer.OrganizationId, ct);
        var check = new InputCheck();
        foreach (var a in distribution.Audience)
        {
            if (a.Kind == AudienceKind.Sector)
                check.That(own.Contains(a.Value), "audience", $"Your ministry is not responsible for the sector '{a.Value}'.");
            else if (a.Kind == AudienceKind.Organization)
            {
                var id = Guid.Parse(a.Value);
                var sectors = await db.Organizations.AsNoTracking().Where(o => o.Id == id).SelectMany(o => o.Sectors.Select(s => s.Code)).ToListAsync(ct);
                check.That(sectors.Any(own.Contains), "audience", "A ministry names only organisations in its own sectors.");
            }
            else check.Add("audience", "A ministry addresses its sectors or named organisations in them, not the community, kinds or tiers.");
        }
        check.ThrowIfInvalid("The audience is outside your sectors.");
    }
}

/// <summary>The outbox payload that tells one organisation about one urgent alert.</summary>
public sealed record HotlineNotification(Guid AlertId, Guid OrganizationId);
