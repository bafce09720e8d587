using System.Security.Cryptography;
using System.Text;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Delivery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Provision.Newsletter;

/// <summary>What a release did.</summary>
public sealed record NewsletterReleased(string Number, int RecipientOrganizations, int Mails);

/// <summary>
/// Releases a draft issue: for every organisation with at least one entry, one e-mail per member
/// with an address (in the member's language, idempotency key <c>news:{issue}:{user}</c>) and one
/// per extra address of the organisation (in Japanese), unless the organisation has turned e-mail
/// off; quiet hours hold the mails back. The mails, the released status and the audit entry commit
/// together. A released issue answers 409 and queues nothing, also when two releases race (the
/// status is a concurrency token and the mail keys are unique).
/// </summary>
public sealed class ReleaseNewsletterHandler(KizunaDb db, NewsletterCompiler compiler, AuditTrail audit, TimeProvider clock,
    OutboxSignal signal, IOptions<DeliveryOptions> delivery)
{
    public const string Topic = "newsletter.released";

    public async Task<NewsletterReleased> HandleAsync(string number, Viewer viewer, CancellationToken ct = default)
    {
        NewsletterAccess.RequireCoordinator(viewer);
        if (!NewsletterPeriod.TryParse(number, out var period)) throw new NotFoundException("No such newsletter.");
        number = period.Number;
        var issue = await db.NewsletterIssues.FirstOrDefaultAsync(i => i.Number == number, ct) ?? throw new NotFoundException("No such newsletter.");
        if (issue.IsReleased) throw new ConflictException("The newsletter has already been released.");
        var now = clock.GetUtcNow();
        var link = $"{delivery.Value.PublicBaseUrl.TrimEnd('/')}/newsletters/{Uri.EscapeDataString(issue.Number)}";

        var recipients = await compiler.RecipientsAsync(issue, ct);
        // The recipients' delivery settings and members in one query each, not two per organisation.
        var orgIds = recipients.Select(r => r.Organization.Id).ToList();
        var allSettings = await db.DeliverySettings.AsNoTracking().Where(s => orgIds.Contains(s.OrganizationId)).ToDictionaryAsync(s => s.OrganizationId, ct);
        var members = (await db.Users.AsNoTracking()
                .Where(u => orgIds.Contains(u.OrganizationId) && u.Email != null && (u.LockoutEnd == null || u.LockoutEnd < now))
                .OrderBy(u => u.Id).Select(u => new { u.Id, u.OrganizationId, u.Email, u.PreferredLanguage }).ToListAsync(ct))
            .ToLookup(u => u.OrganizationId);
        var mails = 0;
        foreach (var (org, entries) in recipients)
        {
            var settings = allSettings.GetValueOrDefault(org.Id) ?? new OrganizationDeliverySettings(org.Id, now);
            if (!settings.EmailEnabled) continue;
            var due = settings.DueAt(now, urgent: false);
            foreach (var u in members[org.Id])
            {
                db.Outbox.Add(Mail(u.Email!, u.PreferredLanguage != "en", $"news:{issue.Id:N}:{u.Id:N}", u.Id));
                mails++;
            }
            foreach (var address in settings.ExtraEmailAddresses)
            {
                var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address.ToLowerInvariant())))[..24];
                db.Outbox.Add(Mail(address, true, $"news:{issue.Id:N}:extra:{org.Id:N}:{hash}", null));
                mails++;
            }

            OutboxMessage Mail(string to, bool ja, string key, Guid? userId)
            {
                var (subject, text) = NewsletterMail.Compose(issue, entries, org, ja, link);
                return OutboxMessage.Create(OutboxChannels.Email, key, Topic, new EmailPayload(to, subject, text, null, ja ? "ja" : "en"),
                    now, due, org.Id, userId, to, urgent: false);
            }
        }

        issue.Release(viewer.UserId, recipients.Count, mails, now);
        await audit.AppendAsync(db, AuditRecord.By(viewer, "newsletter.released", "newsletter", issue.Number,
            $"{recipients.Count} organisations, {mails} e-mails"), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e)
        {
            // Another release committed first: its status change or its mail keys win.
            db.ChangeTracker.Clear();
            if (await db.NewsletterIssues.AsNoTracking().AnyAsync(i => i.Number == number && i.Status == NewsletterStatus.Released, CancellationToken.None))
                throw new ConflictException("The newsletter has already been released.");
            throw new InvalidOperationException("Releasing the newsletter failed to commit.", e);
        }
        signal.Notify();
        return new NewsletterReleased(issue.Number, recipients.Count, mails);
    }
}
