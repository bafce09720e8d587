using System.Text;
using System.Text.Json;
using Kizuna.Core.Data;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Exercises;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Provision;

/// <summary>What a notification about an advisory says happened.</summary>
public static class NotificationKinds
{
    public const string Published = "published";
    public const string Corrected = "corrected";
    public const string Withdrawn = "withdrawn";
}

/// <summary>The outbox payload that tells one organisation about one revision of an advisory.</summary>
public sealed record AdvisoryNotification(Guid AdvisoryId, Guid OrganizationId, int Revision, string Kind);

/// <summary>
/// Writes "tell this organisation" into the outbox, in the caller's transaction: one message per
/// organisation, revision and kind (the idempotency key), so a retried change never tells twice.
/// The worker later turns it into e-mails and webhook calls (<see cref="AdvisoryNotificationHandler"/>).
/// </summary>
public sealed class AdvisoryNotifier(KizunaDb db)
{
    public const string Channel = "advisory-notify";

    public void Enqueue(Advisory advisory, AdvisoryDelivery delivery, string kind, DateTimeOffset now)
        => db.Outbox.Add(OutboxMessage.Create(Channel, $"adv:{advisory.Id:N}:{advisory.Revision}:{kind}:{delivery.OrganizationId:N}",
            "advisory." + kind, new AdvisoryNotification(advisory.Id, delivery.OrganizationId, advisory.Revision, kind), now,
            organizationId: delivery.OrganizationId, urgent: advisory.IsUrgent));
}

/// <summary>
/// Fans one organisation's notification out to its channels, by its delivery settings: an e-mail
/// to each member in the member's language (and to the organisation's extra addresses), and a
/// webhook call per enabled webhook. Quiet hours hold back all but urgent advisories. What leaves
/// depends on the TLP: CLEAR and GREEN mails carry the summary; AMBER mails only the title;
/// AMBER+STRICT and RED mails carry neither title nor text, only the number and a link to sign in.
/// Webhooks (the organisation's own systems) carry the content up to AMBER and only references for
/// AMBER+STRICT and RED.
/// </summary>
public sealed class AdvisoryNotificationHandler(AdvisoryLinks links, IOptions<DeliveryOptions> options, TimeProvider clock) : IOutboxHandler
{
    // One instance serves one delivery lane (one round, seconds): an advisory's row, its publisher and the
    // notified revision's content are read once per lane, not once per organisation told (10,000 for one advisory).
    private readonly Dictionary<(Guid AdvisoryId, int Revision), (Advisory Advisory, Organization Publisher, AdvisoryContent Content, ExerciseRef? Exercise)> _read = [];

    public string Channel => AdvisoryNotifier.Channel;

    public async Task<OutboxResult> HandleAsync(OutboxMessage message, KizunaDb db, CancellationToken ct)
    {
        var n = message.ReadPayload<AdvisoryNotification>();
        if (!_read.TryGetValue((n.AdvisoryId, n.Revision), out var read))
        {
            var found = await db.Advisories.AsNoTracking().FirstOrDefaultAsync(a => a.Id == n.AdvisoryId, ct);
            if (found is null) return OutboxResult.Permanent("The advisory no longer exists.");
            var owner = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == found.Distribution.OwnerOrganizationId, ct);
            var revision = await db.AdvisoryRevisions.AsNoTracking().FirstOrDefaultAsync(r => r.AdvisoryId == found.Id && r.Number == n.Revision, ct);
            var text = revision is null ? found.Content : JsonSerializer.Deserialize<AdvisoryContent>(revision.ContentJson, Liaison.ReportValidator.Json)!;
            _read[(n.AdvisoryId, n.Revision)] = read = (found, owner, text, await ExerciseMarks.OfAsync(db, found.ExerciseId, ct));
        }
        var (advisory, publisher, content, exercise) = read;
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == n.OrganizationId, ct);
        if (org is null) return OutboxResult.Permanent("The organisation no longer exists.");
        var now = clock.GetUtcNow();
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        var body = ExerciseMarks.Mark(JsonSerializer.SerializeToElement(WebhookBody(advisory, content, publisher, n, baseUrl), OutboxMessage.PayloadJson),
            exercise, OutboxMessage.PayloadJson);
        await OrganizationFanOut.AddAsync(db, org.Id, $"adv:{advisory.Id:N}:{n.Revision}:{n.Kind}:{org.Id:N}", message.Topic, advisory.IsUrgent, now,
            box =>
            {
                var link = $"{baseUrl}/l/{links.Create(advisory.Id, org.Id, box.UserId ?? Guid.Empty, now)}";
                var (subject, text) = AdvisoryMail.Compose(advisory, content, publisher, n.Kind, box.Japanese, link);
                return new EmailPayload(box.Address, subject, text, null, box.Japanese ? "ja" : "en");
            },
            body, ct);
        return OutboxResult.Delivered;
    }

    private static object WebhookBody(Advisory a, AdvisoryContent c, Organization publisher, AdvisoryNotification n, string baseUrl)
    {
        var tlp = a.Distribution.Tlp;
        var full = TlpChannels.ContentMayGoToWebhook(tlp);
        return new
        {
            @event = "advisory." + n.Kind,
            advisory = new
            {
                id = a.Id,
                number = a.Number,
                revision = n.Revision,
                status = a.Status,
                tlp = TlpMarkings.Label(tlp),
                severity = a.Severity,
                publisher = publisher.Code,
                publishedAt = a.PublishedAt,
                url = $"{baseUrl}/advisories/{a.Id}",
                api = $"{baseUrl}/api/v1/advisories/{a.Id}",
                title = full ? c.Title : null,
                summary = full ? c.Summary : null,
                recommendedActions = full ? c.RecommendedActions : null,
                cves = full ? c.Cves : null,
                indicators = full ? c.Indicators : null,
                responseDeadline = c.ResponseDeadline,
                withdrawalReason = n.Kind == NotificationKinds.Withdrawn && full ? a.WithdrawalReason : null,
            },
        };
    }
}

/// <summary>The text of advisory e-mails, in Japanese or English.</summary>
public static class AdvisoryMail
{
    public static (string Subject, string Text) Compose(Advisory a, AdvisoryContent c, Organization publisher, string kind, bool ja, string link)
    {
        var tlp = a.Distribution.Tlp;
        var label = TlpMarkings.Label(tlp);
        var prefix = kind switch
        {
            NotificationKinds.Corrected => ja ? "【訂正】" : "[Correction] ",
            NotificationKinds.Withdrawn => ja ? "【取消】" : "[Withdrawn] ",
            _ => "",
        };
        var severity = AdvisorySeverity.Label(a.Severity, ja);
        var showTitle = TlpChannels.TitleMayLeave(tlp);
        var showSummary = TlpChannels.SummaryMayLeave(tlp);
        var subject = ExerciseMarks.Subject(a.ExerciseId, $"[Kizuna][{label}][{severity}] {prefix}{a.Number}" +
                      (showTitle ? " " + MailText.OneLine(c.Title) : ja ? " 新しい情報提供があります" : " A new advisory for you"));
        var sb = new StringBuilder();
        sb.Append(ExerciseMarks.BodyLine(a.ExerciseId, ja));
        sb.AppendLine(label);
        sb.AppendLine(ja ? $"{prefix}情報提供 {a.Number}（第{a.Revision}版）" : $"{prefix}Advisory {a.Number} (revision {a.Revision})");
        sb.AppendLine((ja ? "発信元: " : "From: ") + (ja ? publisher.NameJa : publisher.NameEn) + $" ({publisher.Code})");
        sb.AppendLine((ja ? "深刻度: " : "Severity: ") + severity);
        if (showTitle) sb.AppendLine((ja ? "件名: " : "Title: ") + MailText.OneLine(c.Title));
        if (c.ResponseDeadline is { } deadline)
            sb.AppendLine((ja ? "回答期限: " : "Answer by: ") + deadline.ToOffset(Jst.Offset).ToString("yyyy-MM-dd HH:mm") + " JST");
        sb.AppendLine();
        if (showSummary && c.Summary.Length > 0)
        {
            sb.AppendLine(c.Summary);
            sb.AppendLine();
        }
        else if (!showSummary)
        {
            sb.AppendLine(ja ? "この情報提供の内容はメールでは送りません。サインインしてお読みください。" : "The content of this advisory is not sent by e-mail. Please sign in to read it.");
            sb.AppendLine();
        }
        if (kind == NotificationKinds.Withdrawn)
        {
            sb.AppendLine(ja ? "この情報提供は取り消されました。" : "This advisory has been withdrawn.");
            sb.AppendLine();
        }
        sb.AppendLine(ja ? "開く: " + link : "Open: " + link);
        sb.AppendLine();
        sb.AppendLine(ja
            ? "このメールは Kizuna から送信されました。TLP の取扱いに従ってください。"
            : "Sent by Kizuna. Handle according to its TLP marking.");
        return (subject, sb.ToString());
    }
}
