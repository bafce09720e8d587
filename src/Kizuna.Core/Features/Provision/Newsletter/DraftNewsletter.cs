using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Provision.Newsletter;

/// <summary>Draft the issue for one half-month: <paramref name="Half"/> 1 is the 1st–15th, 2 the 16th–end (Japan time).</summary>
public sealed record DraftNewsletter(int Year, int Month, int Half);

/// <summary>
/// Drafts an issue: by the coordinator (to catch up or to test), or by the scheduler with
/// <see cref="Viewer.System"/>. A period that has not begun yet, or lies before
/// <see cref="NewsletterPeriod.MinYear"/>, is refused; an issue that exists already is a conflict,
/// also when another node drafted it a moment earlier (the unique number decides).
/// </summary>
public sealed class DraftNewsletterHandler(KizunaDb db, AuditTrail audit, TimeProvider clock)
{
    public async Task<NewsletterIssue> HandleAsync(DraftNewsletter command, Viewer viewer, CancellationToken ct = default)
    {
        if (!viewer.IsSystem) NewsletterAccess.RequireCoordinator(viewer);
        var period = NewsletterPeriod.Of(command.Year, command.Month, command.Half);
        var now = clock.GetUtcNow();
        if (period.Start > now) throw new InputException("period", $"The period {period.Number} has not begun yet; an issue covers a period that has begun or ended.");
        var number = period.Number;
        if (await db.NewsletterIssues.AnyAsync(i => i.Number == number, ct)) throw new ConflictException($"The newsletter {number} exists already.");

        var issue = new NewsletterIssue(period, viewer.IsSystem ? null : viewer.UserId, now);
        db.NewsletterIssues.Add(issue);
        try
        {
            // The audit append saves the issue with it: a number drafted elsewhere meanwhile surfaces here.
            await audit.AppendAsync(db, AuditRecord.By(viewer, "newsletter.drafted", "newsletter", number), ct);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e)
        {
            db.ChangeTracker.Clear();
            if (await db.NewsletterIssues.AsNoTracking().AnyAsync(i => i.Number == number, CancellationToken.None))
                throw new ConflictException($"The newsletter {number} was drafted at the same moment elsewhere.");
            throw new InvalidOperationException("Drafting the newsletter failed to commit.", e);
        }
        return issue;
    }
}
