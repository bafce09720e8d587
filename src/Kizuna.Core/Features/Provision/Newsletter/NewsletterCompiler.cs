using System.Linq.Expressions;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Identity;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Provision.Newsletter;

/// <summary>
/// One advisory in one organisation's issue. What it carries follows the advisory e-mails
/// (<see cref="AdvisoryMail"/>): the title up to TLP:AMBER, the summary only for CLEAR and GREEN;
/// AMBER+STRICT and RED entries carry neither (<see cref="Title"/> is null), only the number.
/// </summary>
public sealed record NewsletterEntry(Guid AdvisoryId, string Number, string Tlp, int Severity, string? Title, string? Summary,
    bool Withdrawn, DateTimeOffset PublishedAt, string PublisherCode, bool WithheldFromViewer = false)
{
    /// <summary>
    /// The entry as shown to someone previewing another organisation's issue who may not read the
    /// advisory: number and TLP only, as for AMBER+STRICT and RED.
    /// </summary>
    public NewsletterEntry Withheld() => this with { Title = null, Summary = null, WithheldFromViewer = true };

    /// <summary>True when the entry may show nothing but its number and TLP.</summary>
    public bool SignInToRead => Title is null;
}

/// <summary>What one organisation's issue lists: at most <see cref="NewsletterLimits.MaxEntries"/> entries, and how many more there were.</summary>
public sealed record NewsletterEntries(IReadOnlyList<NewsletterEntry> Items, int More)
{
    public int Total => Items.Count + More;
}

/// <summary>Who may manage the newsletter: analysts of the coordinator (NISC) only.</summary>
public static class NewsletterAccess
{
    public static bool IsCoordinator(Viewer viewer)
        => !viewer.IsSystem && viewer.OrganizationKind == OrganizationKinds.Coordinator && viewer.HasRole(OrgRoles.Analyst);

    public static void RequireCoordinator(Viewer viewer)
    {
        if (!IsCoordinator(viewer)) throw new ForbiddenException("Only analysts of the coordinator draft, preview and release the newsletter.");
    }
}

/// <summary>
/// Compiles an issue for one reader: the advisories published (not drafts) in the issue's period
/// that reached the reader's organisation, withdrawn ones included and marked, read through
/// <see cref="AdvisoryAccess.Readable"/> with the reader's viewer. There is no second visibility
/// rule here: an advisory the viewer may not read is never listed. For the e-mails a viewer is
/// built per recipient organisation (<see cref="ViewerForOrganizationAsync"/>); what an
/// organisation may read depends only on the organisation, so every member's issue is the same.
/// </summary>
public sealed class NewsletterCompiler(KizunaDb db)
{
    public async Task<NewsletterEntries> EntriesAsync(NewsletterIssue issue, Viewer reader, CancellationToken ct = default)
    {
        if (reader.IsSystem) throw new InvalidOperationException("A newsletter is compiled for an organisation, never for the system viewer.");
        var org = reader.OrganizationId;
        var query = OfPeriod(AdvisoryAccess.Readable(db, reader).AsNoTracking(), issue)
            .Where(a => db.AdvisoryDeliveries.Any(d => d.AdvisoryId == a.Id && d.OrganizationId == org && d.ReceivedAt != null));
        var total = await query.CountAsync(ct);
        if (total == 0) return new NewsletterEntries([], 0);
        var rows = await query.OrderByDescending(a => a.Severity).ThenBy(a => a.PublishedAt).ThenBy(a => a.Id)
            .Take(NewsletterLimits.MaxEntries).ToListAsync(ct);
        var publishers = rows.Select(a => a.Distribution.OwnerOrganizationId).Distinct().ToList();
        var codes = await db.Organizations.AsNoTracking().Where(o => publishers.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Code, ct);
        var items = rows.Select(a => EntryOf(a, codes)).ToList();
        return new NewsletterEntries(items, total - items.Count);
    }

    private static NewsletterEntry EntryOf(Advisory a, IReadOnlyDictionary<Guid, string> publisherCodes)
    {
        var tlp = a.Distribution.Tlp;
        var content = a.Content;
        return new NewsletterEntry(a.Id, a.Number ?? "", TlpMarkings.Label(tlp), a.Severity,
            TlpChannels.TitleMayLeave(tlp) ? MailText.OneLine(content.Title) : null,
            TlpChannels.SummaryMayLeave(tlp) && content.Summary.Length > 0 ? content.Summary : null,
            a.Status == AdvisoryStatus.Withdrawn, a.PublishedAt!.Value, publisherCodes.GetValueOrDefault(a.Distribution.OwnerOrganizationId, "?"));
    }

    /// <summary>The advisories of the issue's period: real ones (never an exercise's) published (withdrawn included) within it.</summary>
    private static IQueryable<Advisory> OfPeriod(IQueryable<Advisory> advisories, NewsletterIssue issue)
    {
        var (start, end) = (issue.PeriodStart, issue.PeriodEnd);
        return advisories.RealOnly().Where(a => a.Status != AdvisoryStatus.Draft && a.PublishedAt >= start && a.PublishedAt < end);
    }

    /// <summary>
    /// Every organisation with at least one entry, with its edition, in a fixed number of queries
    /// however many organisations there are: the period's advisories once (in the order of
    /// <see cref="EntriesAsync"/>), every received delivery of them once, the organisations they
    /// reached once, then each edition composed in memory. An organisation's items are exactly
    /// those <see cref="EntriesAsync"/> lists for its viewer: an advisory that reached it (so is
    /// published and, were it not owned by the organisation, readable once the disclosure policy
    /// admits it) and that <see cref="DisclosurePolicy.CanSee"/>, the in-memory twin of
    /// <see cref="DisclosurePolicy.Visible{T}"/>, lets its viewer see.
    /// </summary>
    public async Task<IReadOnlyList<(Organization Organization, NewsletterEntries Entries)>> RecipientsAsync(NewsletterIssue issue, CancellationToken ct = default)
    {
        var (readable, codes) = await ReadableByOrganizationAsync(issue, ct);
        return readable.Select(r =>
        {
            var items = r.Advisories.Take(NewsletterLimits.MaxEntries).Select(a => EntryOf(a, codes)).ToList();
            return (r.Organization, new NewsletterEntries(items, r.Advisories.Count - items.Count));
        }).ToList();
    }

    /// <summary>How many organisations <see cref="RecipientsAsync"/> would give an edition, without composing any.</summary>
    public async Task<int> CountRecipientsAsync(NewsletterIssue issue, CancellationToken ct = default)
        => (await ReadableByOrganizationAsync(issue, ct)).Readable.Count;

    /// <summary>Per organisation with at least one, the period's advisories that reached it and its viewer may see (in entry order); and the publishers' codes.</summary>
    private async Task<(List<(Organization Organization, List<Advisory> Advisories)> Readable, Dictionary<Guid, string> PublisherCodes)> ReadableByOrganizationAsync(
        NewsletterIssue issue, CancellationToken ct)
    {
        var published = OfPeriod(db.Advisories.AsNoTracking(), issue);
        var advisories = await published.OrderByDescending(a => a.Severity).ThenBy(a => a.PublishedAt).ThenBy(a => a.Id).ToListAsync(ct);
        if (advisories.Count == 0) return ([], []);
        var received = db.AdvisoryDeliveries.AsNoTracking().Where(d => d.ReceivedAt != null && published.Any(a => a.Id == d.AdvisoryId));
        var reached = (await received.Select(d => new { d.AdvisoryId, d.OrganizationId }).ToListAsync(ct))
            .GroupBy(d => d.OrganizationId).ToDictionary(g => g.Key, g => g.Select(d => d.AdvisoryId).ToHashSet());
        var organizations = await db.Organizations.AsNoTracking().Include(o => o.Sectors)
            .Where(o => received.Any(d => d.OrganizationId == o.Id))
            .AsSplitQuery().ToListAsync(ct);
        var publishers = advisories.Select(a => a.Distribution.OwnerOrganizationId).Distinct().ToList();
        var codes = await db.Organizations.AsNoTracking().Where(o => publishers.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Code, ct);

        var result = new List<(Organization, List<Advisory>)>();
        foreach (var org in organizations.OrderBy(o => o.Code, StringComparer.Ordinal))
        {
            if (!reached.TryGetValue(org.Id, out var ids)) continue;
            var viewer = Viewer.ForOrganization(org.Id, org.Code, org.Kind, org.Sectors.Select(s => s.Code).ToList(), org.TrustTier);
            var readable = advisories.Where(a => ids.Contains(a.Id) && DisclosurePolicy.CanSee(viewer, a)).ToList();
            if (readable.Count > 0) result.Add((org, readable));
        }
        return (result, codes);
    }

    /// <summary>
    /// A viewer standing for any member of an organisation. Reading advisories depends only on the
    /// organisation (its id, kind, sectors and trust tier), never on the member's roles.
    /// </summary>
    public async Task<(Organization Organization, Viewer Viewer)> ViewerForOrganizationAsync(Guid organizationId, CancellationToken ct = default)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organizationId, ct)
                  ?? throw new NotFoundException("No such organisation.");
        return (org, await ViewerOfAsync(org, ct));
    }

    public async Task<(Organization Organization, Viewer Viewer)> ViewerForOrganizationAsync(string code, CancellationToken ct = default)
    {
        var upper = code.Trim().ToUpperInvariant();
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Code == upper, ct)
                  ?? throw new NotFoundException($"No organisation has the code '{(code.Length > 40 ? code[..40] + "…" : code)}'.");
        return (org, await ViewerOfAsync(org, ct));
    }

    private async Task<Viewer> ViewerOfAsync(Organization org, CancellationToken ct)
    {
        var sectors = await db.Organizations.AsNoTracking().Where(o => o.Id == org.Id).SelectMany(o => o.Sectors.Select(s => s.Code)).ToListAsync(ct);
        return Viewer.ForOrganization(org.Id, org.Code, org.Kind, sectors, org.TrustTier);
    }

}
