using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Features.Notices;
using Kizuna.Core.Features.Provision.Markdown;
using Kizuna.Core.Paging;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Provision;

/// <summary>Which advisories a list shows: those that reached the viewer's organisation, those it wrote, or every one it may read.</summary>
public static class AdvisoryBoxes
{
    public const string Inbox = "inbox";
    public const string Sent = "sent";
    public const string All = "all";
    public static readonly IReadOnlyList<string> Known = [Inbox, Sent, All];
}

/// <summary>Reads advisories, always through <see cref="AdvisoryAccess"/> (and so the disclosure policy); reads of AMBER+STRICT and RED are audited.</summary>
public sealed class AdvisoryQueries(KizunaDb db, AuditTrail audit, RelayPlanner planner, IOptions<LiaisonOptions> liaison)
{
    /// <param name="exercise"><see cref="ExerciseFilter"/>: include (default), exclude or only exercise advisories.</param>
    public async Task<Paged<AdvisorySummary>> ListAsync(Viewer viewer, string box, PageRequest paging, string? exercise = null, CancellationToken ct = default)
    {
        if (!AdvisoryBoxes.Known.Contains(box)) throw new InputException("box", $"Unknown box '{box}'; use inbox, sent or all.");
        var org = viewer.OrganizationId;
        var query = ExerciseFilter.Apply(AdvisoryAccess.Readable(db, viewer).AsNoTracking(), exercise);
        query = box switch
        {
            AdvisoryBoxes.Inbox => query.Where(a => db.AdvisoryDeliveries.Any(d => d.AdvisoryId == a.Id && d.OrganizationId == org && d.ReceivedAt != null)),
            AdvisoryBoxes.Sent => query.Where(a => a.Distribution.OwnerOrganizationId == org),
            _ => query.Where(a => a.Status != AdvisoryStatus.Draft || a.Distribution.OwnerOrganizationId == org),
        };
        var total = await query.Take(PageRequest.MaxCount + 1).CountAsync(ct);
        var rows = await query
            .OrderByDescending(a => a.PublishedAt ?? a.UpdatedAt).ThenByDescending(a => a.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(a => new
            {
                Advisory = a,
                Delivery = db.AdvisoryDeliveries.Where(d => d.AdvisoryId == a.Id && d.OrganizationId == org).Select(d => new { d.AcknowledgedAt, d.Relays, d.RelayedAt, d.ReceivedAt }).FirstOrDefault(),
                ReadRevision = db.AdvisoryReads.Where(r => r.AdvisoryId == a.Id && r.UserId == viewer.UserId).Select(r => (int?)r.Revision).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var codes = await CodesAsync(rows.Select(r => r.Advisory.Distribution.OwnerOrganizationId), ct);
        var exercises = await ExerciseMarks.OfAsync(db, rows.Select(r => r.Advisory.ExerciseId), ct);
        var items = rows.Select(r => new AdvisorySummary(r.Advisory.Id, r.Advisory.Number, r.Advisory.Status, r.Advisory.Revision, r.Advisory.Title, r.Advisory.Severity,
            TlpMarkings.Label(r.Advisory.Distribution.Tlp), codes.GetValueOrDefault(r.Advisory.Distribution.OwnerOrganizationId, "?"),
            r.Advisory.PublishedAt, r.Advisory.UpdatedAt, r.Advisory.Content.ResponseDeadline,
            Unread: r.Advisory.Status != AdvisoryStatus.Draft && r.Advisory.Distribution.OwnerOrganizationId != org && (r.ReadRevision ?? 0) < r.Advisory.Revision,
            AwaitsRelease: r.Delivery is { Relays: true, ReceivedAt: not null, RelayedAt: null } && r.Advisory.Status == AdvisoryStatus.Published,
            Acknowledged: r.Delivery?.AcknowledgedAt is not null,
            Exercise: r.Advisory.ExerciseId is { } e ? exercises.GetValueOrDefault(e) : null)).ToList();
        await audit.AppendManyAsync(db, rows.Select(r => r.Advisory).Where(DisclosurePolicy.ReadIsAudited)
            .Select(a => AuditRecord.By(viewer, "item.listed", "advisory", a.Id.ToString("D"), TlpMarkings.Label(a.Distribution.Tlp))).ToList(), ct);
        await db.SaveChangesAsync(ct);
        return new Paged<AdvisorySummary>(items, paging.Page, paging.PageSize, Math.Min(total, PageRequest.MaxCount), total > PageRequest.MaxCount);
    }

    /// <summary>How many advisories that reached the viewer's organisation the viewer has not read (in its current revision).</summary>
    public Task<int> UnreadCountAsync(Viewer viewer, CancellationToken ct = default)
    {
        var org = viewer.OrganizationId;
        return AdvisoryAccess.Readable(db, viewer)
            .Where(a => db.AdvisoryDeliveries.Any(d => d.AdvisoryId == a.Id && d.OrganizationId == org && d.ReceivedAt != null))
            .CountAsync(a => !db.AdvisoryReads.Any(r => r.AdvisoryId == a.Id && r.UserId == viewer.UserId && r.Revision >= a.Revision), ct);
    }

    public async Task<AdvisoryDetail> GetAsync(Viewer viewer, Guid id, CancellationToken ct = default)
    {
        var a = await AdvisoryAccess.Readable(db, viewer).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct)
                ?? throw new NotFoundException("No such advisory.");
        var org = viewer.OrganizationId;
        var own = a.Distribution.OwnerOrganizationId == org;
        var content = a.Content;
        var mine = await db.AdvisoryDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.AdvisoryId == id && d.OrganizationId == org, ct);
        var relaysTo = mine is { Relays: true } ? await db.AdvisoryDeliveries.CountAsync(d => d.AdvisoryId == id && d.ParentOrganizationId == org, ct) : 0;
        var revisions = await db.AdvisoryRevisions.AsNoTracking().Where(r => r.AdvisoryId == id).OrderBy(r => r.Number)
            .Select(r => new RevisionView(r.Number, r.Kind, r.At, r.Note)).ToListAsync(ct);

        // Notes added by the relays above this organisation, top first.
        var notes = new List<RelayNoteView>();
        if (mine is not null)
        {
            var chain = await db.AdvisoryDeliveries.AsNoTracking().Where(d => d.AdvisoryId == id && d.Relays)
                .Select(d => new { d.OrganizationId, d.ParentOrganizationId, d.RelayNote, d.RelayedAt }).ToListAsync(ct);
            var byOrg = chain.ToDictionary(d => d.OrganizationId);
            var above = new List<(Guid Org, DateTimeOffset At, string Note)>();
            var up = mine.ParentOrganizationId;
            while (byOrg.TryGetValue(up, out var relayRow))
            {
                if (relayRow.RelayNote is not null && relayRow.RelayedAt is not null)
                    above.Insert(0, (relayRow.OrganizationId, relayRow.RelayedAt.Value, relayRow.RelayNote));
                up = relayRow.ParentOrganizationId;
            }
            var relayIds = above.Select(n => n.Org).ToList();
            var names = relayIds.Count == 0 ? [] : await db.Organizations.AsNoTracking().Where(o => relayIds.Contains(o.Id))
                .ToDictionaryAsync(o => o.Id, o => (o.Code, o.NameJa, o.NameEn), ct);
            notes.AddRange(above.Select(n => new RelayNoteView(names[n.Org].Code, names[n.Org].NameJa, names[n.Org].NameEn, n.At, n.Note)));
        }

        // Related reports: only those the viewer may see, and only their sanitized view, whoever the viewer is.
        var relatedIds = content.RelatedReportIds.ToList();
        var related = relatedIds.Count == 0 ? [] : (await DisclosurePolicy.Visible(db.Reports.AsNoTracking(), viewer)
                .Where(r => relatedIds.Contains(r.Id) && r.SanitizedJson != null)
                .Select(r => new { r.Id, r.Pseudonym, r.SanitizedJson, r.SectorCode }).ToListAsync(ct))
            .Select(r => new RelatedReportView(r.Id, r.Pseudonym, ReportQueries.SanitizedOf(r.SanitizedJson)?.Title ?? "", r.SectorCode)).ToList();

        var feedback = await db.AdvisoryFeedback.AsNoTracking().Where(f => f.AdvisoryId == id && f.OrganizationId == org).OrderBy(f => f.At).ToListAsync(ct);
        var publisher = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == a.Distribution.OwnerOrganizationId, ct);
        // The audience is the publisher's business: recipients learn only that it reached them.
        IReadOnlyList<AudienceInput> audience = own ? await AudienceViewAsync(a, ct) : [];

        var publisherAnalyst = own && AdvisoryValidator.MayPublish(viewer);
        var received = mine?.ReceivedAt is not null && a.Status != AdvisoryStatus.Draft;
        var actions = new AdvisoryActions(
            Edit: publisherAnalyst && a.Status == AdvisoryStatus.Draft,
            Publish: publisherAnalyst && a.Status == AdvisoryStatus.Draft,
            Correct: publisherAnalyst && a.Status == AdvisoryStatus.Published,
            Withdraw: publisherAnalyst && a.Status == AdvisoryStatus.Published,
            Relay: mine is { Relays: true, ReceivedAt: not null, RelayedAt: null } && a.Status == AdvisoryStatus.Published
                   && (viewer.HasRole(OrgRoles.Analyst) || viewer.HasRole(OrgRoles.OrgAdmin)),
            Acknowledge: received && mine!.AcknowledgedAt is null,
            Feedback: received,
            Reach: (own && a.Status != AdvisoryStatus.Draft) || mine is { Relays: true, ReceivedAt: not null });

        if (DisclosurePolicy.ReadIsAudited(a))
        {
            await audit.AppendAsync(db, AuditRecord.By(viewer, "item.read", "advisory", a.Id.ToString("D"), TlpMarkings.Label(a.Distribution.Tlp)), ct);
            await db.SaveChangesAsync(ct);
        }
        return new AdvisoryDetail(a.Id, a.Number, a.Status, a.Revision, TlpMarkings.Label(a.Distribution.Tlp), audience,
            publisher.Code, publisher.NameJa, publisher.NameEn, content, AdvisoryMarkdown.ToSafeHtml(content.Body),
            a.CreatedAt, a.PublishedAt, a.WithdrawnAt, a.WithdrawalReason, revisions, related, notes,
            mine is null ? null : new MyDeliveryView(mine.Hop, (await CodesAsync([mine.ParentOrganizationId], ct)).GetValueOrDefault(mine.ParentOrganizationId, "?"),
                mine.ReceivedAt, mine.ReceivedRevision, mine.OpenedAt, mine.AcknowledgedAt, mine.Relays, relaysTo, mine.RelayedAt, mine.RelayNote, actions.Relay),
            feedback.Select(f => new FeedbackView(f.Id, f.Kind, f.Comment, viewer.OrganizationCode, f.SectorCodes, false, f.At)).ToList(),
            actions, await ExerciseMarks.OfAsync(db, a.ExerciseId, ct));
    }

    /// <summary>"Who will see this?" For a draft, the plan over today's directory; once published, the recorded deliveries. Publisher only.</summary>
    public async Task<RecipientsView> RecipientsAsync(Viewer viewer, Guid id, CancellationToken ct = default)
    {
        var a = await db.Advisories.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.Distribution.OwnerOrganizationId == viewer.OrganizationId, ct)
                ?? throw new NotFoundException("No such advisory.");
        var tlp = TlpMarkings.Label(a.Distribution.Tlp);
        var relayAllowed = TlpChannels.MayRelay(a.Distribution.Tlp);
        if (a.Status == AdvisoryStatus.Draft)
        {
            var plan = await planner.PlanAsync(a.Distribution, ct, a.ExerciseId is { } exerciseId ? await Exercises.ExerciseMembership.MembersAsync(db, exerciseId, ct) : null);
            return new RecipientsView(a.Id, a.Status, tlp, plan.RelayAllowed, plan.Recipients.Count,
                plan.Recipients.Select(r => new RecipientView(r.Code, r.NameJa, r.NameEn, r.Kind, r.SectorCode, r.Hop, r.ParentCode, r.Rule, r.Relays)).ToList());
        }
        var recorded = await (
            from d in db.AdvisoryDeliveries.AsNoTracking()
            join o in db.Organizations.AsNoTracking() on d.OrganizationId equals o.Id
            join p in db.Organizations.AsNoTracking() on d.ParentOrganizationId equals p.Id
            where d.AdvisoryId == id
            select new RecipientView(o.Code, o.NameJa, o.NameEn, o.Kind, d.SectorCode, d.Hop, p.Code, d.Rule, d.Relays)).ToListAsync(ct);
        return new RecipientsView(a.Id, a.Status, tlp, relayAllowed, recorded.Count,
            recorded.OrderBy(r => r.Hop).ThenBy(r => r.SectorCode ?? "~", StringComparer.Ordinal).ThenBy(r => r.Code, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// The reach board. The publishing organisation sees every recipient; a relaying organisation
    /// sees the part of the chain below itself. Anyone else gets 404. The aggregates count every
    /// recipient in scope from one narrow projection (no names); only the requested page of
    /// organisations in <paramref name="state"/> (<see cref="ReachStates"/>, default all) is loaded in full.
    /// </summary>
    public async Task<ReachBoard> ReachAsync(Viewer viewer, Guid id, string? state, PageRequest paging, CancellationToken ct = default)
    {
        state = string.IsNullOrEmpty(state) ? ReachStates.All : state;
        if (!ReachStates.Known.Contains(state))
            throw new InputException("state", $"Unknown state '{(state.Length > 40 ? state[..40] + "…" : state)}'; use {string.Join(", ", ReachStates.Known)}.");
        var a = await AdvisoryAccess.Readable(db, viewer).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.Status != AdvisoryStatus.Draft, ct)
                ?? throw new NotFoundException("No such advisory.");
        var own = a.Distribution.OwnerOrganizationId == viewer.OrganizationId;
        var rows = await ReachRowsAsync(id, ct);
        var scope = "all";
        if (!own)
        {
            var mine = rows.FirstOrDefault(r => r.OrganizationId == viewer.OrganizationId);
            if (mine is null || !mine.Relays || mine.ReceivedAt is null) throw new NotFoundException("No such advisory.");
            var below = new HashSet<Guid> { viewer.OrganizationId };
            foreach (var r in rows.OrderBy(r => r.Hop)) if (below.Contains(r.ParentOrganizationId)) below.Add(r.OrganizationId);
            below.Remove(viewer.OrganizationId);
            rows = rows.Where(r => below.Contains(r.OrganizationId)).ToList();
            scope = "relayed";
        }
        var published = a.PublishedAt!.Value;
        var byHop = rows.GroupBy(r => r.Hop).OrderBy(g => g.Key).Select(g =>
        {
            var times = g.Where(r => r.ReceivedAt is not null).Select(r => r.ReceivedAt!.Value - published).Order().ToList();
            return new HopReach(g.Key, Count(g), times.Count == 0 ? null : times[(times.Count - 1) / 2], times.Count == 0 ? null : times[^1]);
        }).ToList();
        var bySector = rows.GroupBy(r => r.SectorCode).OrderBy(g => g.Key ?? "~", StringComparer.Ordinal).Select(g => new SectorReach(g.Key, Count(g))).ToList();

        var feedback = new List<FeedbackCount>();
        if (own)
        {
            var answers = await db.AdvisoryFeedback.AsNoTracking().Where(f => f.AdvisoryId == id).ToListAsync(ct);
            var codes = rows.ToDictionary(r => r.OrganizationId, r => r.Code);
            foreach (var g in answers.Where(f => !f.IsAnonymous).GroupBy(f => f.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
                feedback.Add(new FeedbackCount(g.Key, null, false, g.Select(f => f.OrganizationId).Distinct().Count(),
                    g.Select(f => codes.GetValueOrDefault(f.OrganizationId!.Value, "?")).Distinct().Order(StringComparer.Ordinal).ToList()));
            // Anonymous answers by sector only where at least k organisations of that sector received it; the rest
            // together, and only where the rest are at least k organisations too: a count over fewer names them.
            var k = liaison.Value.K;
            var sectorSizes = rows.Where(r => r.ReceivedAt is not null && r.SectorCode is not null).GroupBy(r => r.SectorCode!).ToDictionary(g => g.Key, g => g.Count());
            var rest = rows.Count(r => r.ReceivedAt is not null && (r.SectorCode is null || sectorSizes[r.SectorCode] < k));
            var anonymous = answers.Where(f => f.IsAnonymous)
                .GroupBy(f => f.SectorCodes?.Split(',')[0] is { } s && sectorSizes.GetValueOrDefault(s) >= k ? s : null)
                .Where(g => g.Key is not null || rest >= k)
                .OrderBy(g => g.Key ?? "~", StringComparer.Ordinal);
            foreach (var g in anonymous) feedback.Add(new FeedbackCount(FeedbackKinds.Seen, g.Key, true, g.Count(), []));
        }

        Func<ReachStateRow, bool> inState = state switch
        {
            ReachStates.NotReceived => r => r.ReceivedAt is null,
            ReachStates.NotOpened => r => r.ReceivedAt is not null && r.OpenedAt is null,
            ReachStates.NotAcknowledged => r => r.ReceivedAt is not null && r.AcknowledgedAt is null,
            ReachStates.AwaitingRelease => AwaitsRelease,
            _ => _ => true,
        };
        var matching = rows.Where(inState).ToList();
        var page = matching.Skip(paging.Skip).Take(paging.PageSize).ToList();
        var pageIds = page.Select(r => r.OrganizationId).ToList();
        var details = await (
            from d in db.AdvisoryDeliveries.AsNoTracking()
            join o in db.Organizations.AsNoTracking() on d.OrganizationId equals o.Id
            join p in db.Organizations.AsNoTracking() on d.ParentOrganizationId equals p.Id
            where d.AdvisoryId == id && pageIds.Contains(d.OrganizationId)
            select new { d.OrganizationId, o.NameJa, o.NameEn, o.Kind, ParentCode = p.Code, d.Rule }).ToDictionaryAsync(x => x.OrganizationId, ct);
        return new ReachBoard(a.Id, a.Number, a.Title, TlpMarkings.Label(a.Distribution.Tlp), a.PublishedAt, scope,
            Count(rows), byHop, bySector,
            // Why each organisation receives it tells the audience: the publisher's business, not a relay's.
            page.Select(r =>
            {
                var x = details[r.OrganizationId];
                return new ReachRow(r.Code, x.NameJa, x.NameEn, x.Kind, r.SectorCode, r.Hop, x.ParentCode, own ? x.Rule : null,
                    r.ReceivedAt, r.OpenedAt, r.AcknowledgedAt, r.RelayedAt, AwaitsRelease(r));
            }).ToList(),
            feedback, state, paging.Page, paging.PageSize, matching.Count);

        static bool AwaitsRelease(ReachStateRow r) => r.Relays && r.ReceivedAt is not null && r.RelayedAt is null;

        static ReachCounts Count(IEnumerable<ReachStateRow> g)
        {
            var list = g as IReadOnlyCollection<ReachStateRow> ?? g.ToList();
            return new ReachCounts(list.Count, list.Count(r => r.ReceivedAt is not null), list.Count(r => r.OpenedAt is not null),
                list.Count(r => r.AcknowledgedAt is not null), list.Count(AwaitsRelease));
        }
    }

    /// <summary>What the reach board counts, one per recipient: no names, no rule.</summary>
    private sealed record ReachStateRow(Guid OrganizationId, string Code, string? SectorCode, int Hop, Guid ParentOrganizationId, bool Relays,
        DateTimeOffset? ReceivedAt, DateTimeOffset? OpenedAt, DateTimeOffset? AcknowledgedAt, DateTimeOffset? RelayedAt);

    /// <summary>Every recipient of the advisory, ordered by hop, sector and code.</summary>
    private async Task<List<ReachStateRow>> ReachRowsAsync(Guid id, CancellationToken ct)
    {
        var rows = await (
            from d in db.AdvisoryDeliveries.AsNoTracking()
            join o in db.Organizations.AsNoTracking() on d.OrganizationId equals o.Id
            where d.AdvisoryId == id
            select new ReachStateRow(d.OrganizationId, o.Code, d.SectorCode, d.Hop, d.ParentOrganizationId, d.Relays,
                d.ReceivedAt, d.OpenedAt, d.AcknowledgedAt, d.RelayedAt)).ToListAsync(ct);
        return rows.OrderBy(r => r.Hop).ThenBy(r => r.SectorCode ?? "~", StringComparer.Ordinal).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
    }

    private async Task<Dictionary<Guid, string>> CodesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Organizations.AsNoTracking().Where(o => list.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Code, ct);
    }

    private async Task<IReadOnlyList<AudienceInput>> AudienceViewAsync(Advisory a, CancellationToken ct)
    {
        var orgIds = a.Distribution.Audience.Where(x => x.Kind == AudienceKind.Organization).Select(x => Guid.Parse(x.Value)).ToList();
        var codes = await CodesAsync(orgIds, ct);
        return a.Distribution.Audience.Select(x => new AudienceInput(x.Kind, x.Kind == AudienceKind.Organization ? codes.GetValueOrDefault(Guid.Parse(x.Value), "?") : x.Value)).ToList();
    }
}
