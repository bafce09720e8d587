using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Provision.Newsletter;

/// <summary>The coordinator's foreword, in both languages (each at most <see cref="NewsletterLimits.MaxIntroLength"/> characters; empty is allowed).</summary>
public sealed record EditNewsletterIntro(string? IntroJa, string? IntroEn);

/// <summary>Edits the introduction of a draft issue (coordinator analysts only; a released issue answers 409).</summary>
public sealed class EditNewsletterIntroHandler(KizunaDb db, AuditTrail audit, TimeProvider clock)
{
    public async Task<NewsletterIssue> HandleAsync(string number, EditNewsletterIntro command, Viewer viewer, CancellationToken ct = default)
    {
        NewsletterAccess.RequireCoordinator(viewer);
        if (!NewsletterPeriod.TryParse(number, out var period)) throw new NotFoundException("No such newsletter.");
        number = period.Number;
        var issue = await db.NewsletterIssues.FirstOrDefaultAsync(i => i.Number == number, ct) ?? throw new NotFoundException("No such newsletter.");
        issue.EditIntro(command.IntroJa, command.IntroEn, clock.GetUtcNow());
        await audit.AppendAsync(db, AuditRecord.By(viewer, "newsletter.intro-edited", "newsletter", issue.Number), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The newsletter was released meanwhile; it can no longer be edited.");
        }
        return issue;
    }
}
