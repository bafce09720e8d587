using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Kizuna.Core.Features.Delivery;

namespace Kizuna.Core.Features.Provision.Newsletter;

/// <summary>One issue in the archive list. The counts are the coordinator's (null for everyone else).</summary>
public sealed record NewsletterSummary(string Number, string Status, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd,
    DateTimeOffset CreatedAt, DateTimeOffset? ReleasedAt, int? RecipientCount, int? MailCount);

/// <summary>What the viewer may do with an issue.</summary>
public sealed record NewsletterActions(bool EditIntro, bool Preview, bool Release);

/// <summary>An issue as the viewer's organisation receives it.</summary>
public sealed record NewsletterView(string Number, string Status, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, bool PeriodEnded,
    string IntroJa, string IntroEn, DateTimeOffset? ReleasedAt, string OrganizationCode, IReadOnlyList<NewsletterEntry> Entries, int MoreEntries,
    NewsletterActions Actions);

/// <summary>One e-mail as it would be sent.</summary>
public sealed record NewsletterMailView(string Language, string Subject, string Text);

/// <summary>
/// The coordinator's preview of an issue as one recipient organisation: its entries and the e-mail
/// it would get in each language, and how many organisations would get an e-mail at all. Entries
/// for advisories the coordinator may not read itself are withheld (number and TLP only) here,
/// though the organisation's real e-mail carries them as usual.
/// </summary>
public sealed record NewsletterPreview(string Number, string Status, string OrganizationCode, string OrganizationNameJa, string OrganizationNameEn,
    IReadOnlyList<NewsletterEntry> Entries, int MoreEntries, int RecipientOrganizations, IReadOnlyList<NewsletterMailView> Mails);

/// <summary>
/// Reads newsletter issues. Everyone sees released issues, each compiled for the viewer's own
/// organisation (through <see cref="NewsletterCompiler"/>, so through the disclosure policy);
/// drafts exist only for coordinator analysts (404 for anyone else).
/// </summary>
public sealed class NewsletterQueries(KizunaDb db, NewsletterCompiler compiler, TimeProvider clock, IOptions<DeliveryOptions> delivery)
{
    public async Task<IReadOnlyList<NewsletterSummary>> ListAsync(Viewer viewer, CancellationToken ct = default)
    {
        var coordinator = NewsletterAccess.IsCoordinator(viewer);
        var rows = await db.NewsletterIssues.AsNoTracking()
            .Where(i => coordinator || i.Status == NewsletterStatus.Released)
            .OrderByDescending(i => i.PeriodStart).Take(NewsletterLimits.MaxListed).ToListAsync(ct);
        return rows.Select(i => new NewsletterSummary(i.Number, i.Status, i.PeriodStart, i.PeriodEnd, i.CreatedAt, i.ReleasedAt,
            coordinator ? i.RecipientCount : null, coordinator ? i.MailCount : null)).ToList();
    }

    public async Task<NewsletterView> GetAsync(Viewer viewer, string number, CancellationToken ct = default)
    {
        var issue = await FindAsync(viewer, number, ct);
        var entries = await compiler.EntriesAsync(issue, viewer, ct);
        var coordinator = NewsletterAccess.IsCoordinator(viewer);
        var draft = !issue.IsReleased;
        return new NewsletterView(issue.Number, issue.Status, issue.PeriodStart, issue.PeriodEnd, issue.PeriodEnd <= clock.GetUtcNow(),
            issue.IntroJa, issue.IntroEn, issue.ReleasedAt, viewer.OrganizationCode, entries.Items, entries.More,
            new NewsletterActions(EditIntro: coordinator && draft, Preview: coordinator, Release: coordinator && draft));
    }

    public async Task<NewsletterPreview> PreviewAsync(Viewer viewer, string number, string? organizationCode, CancellationToken ct = default)
    {
        NewsletterAccess.RequireCoordinator(viewer);
        new InputCheck().Required("organization", organizationCode, Directory.Organization.MaxCodeLength)
            .ThrowIfInvalid("Name the organisation to preview as (?organization=CODE).");
        var issue = await FindAsync(viewer, number, ct);
        var (org, asOrg) = await compiler.ViewerForOrganizationAsync(organizationCode!, ct);
        var compiled = await compiler.EntriesAsync(issue, asOrg, ct);
        // The preview is the organisation's issue, but the coordinator reads it: what the coordinator
        // may not read itself (say a ministry's AMBER advisory to its sector) shows as number and TLP only.
        var ids = compiled.Items.Select(e => e.AdvisoryId).ToList();
        var readable = (await AdvisoryAccess.Readable(db, viewer).Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct)).ToHashSet();
        var entries = compiled with { Items = compiled.Items.Select(e => readable.Contains(e.AdvisoryId) ? e : e.Withheld()).ToList() };
        var recipients = await compiler.CountRecipientsAsync(issue, ct);
        var link = $"{delivery.Value.PublicBaseUrl.TrimEnd('/')}/newsletters/{Uri.EscapeDataString(issue.Number)}";
        var mails = entries.Total == 0
            ? []
            : new[] { true, false }.Select(ja =>
            {
                var (subject, text) = NewsletterMail.Compose(issue, entries, org, ja, link);
                return new NewsletterMailView(ja ? "ja" : "en", subject, text);
            }).ToList();
        return new NewsletterPreview(issue.Number, issue.Status, org.Code, org.NameJa, org.NameEn, entries.Items, entries.More, recipients, mails);
    }

    /// <summary>An issue the viewer may know exists; 404 for a malformed number, a missing issue, or a draft shown to anyone but the coordinator.</summary>
    private async Task<NewsletterIssue> FindAsync(Viewer viewer, string number, CancellationToken ct)
    {
        if (!NewsletterPeriod.TryParse(number, out var period)) throw new NotFoundException("No such newsletter.");
        var canonical = period.Number;
        var issue = await db.NewsletterIssues.AsNoTracking().FirstOrDefaultAsync(i => i.Number == canonical, ct);
        if (issue is null || (!issue.IsReleased && !NewsletterAccess.IsCoordinator(viewer))) throw new NotFoundException("No such newsletter.");
        return issue;
    }
}
