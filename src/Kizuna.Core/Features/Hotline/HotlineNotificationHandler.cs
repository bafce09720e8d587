using System.Text;
using System.Text.Json;
using Kizuna.Core.Data;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Directory;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Provision;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Hotline;

/// <summary>
/// Fans one organisation's alert notification out to its channels, as advisories do
/// (<see cref="AdvisoryNotificationHandler"/>), but always urgent: quiet hours never hold it back.
/// Each member (and each extra address) gets a mail with its own signed acknowledgement link; each
/// enabled webhook gets a signed call. What leaves by mail follows <see cref="TlpChannels"/>: the
/// title up to AMBER, the message only for CLEAR and GREEN; webhooks get the content up to AMBER.
/// </summary>
public sealed class HotlineNotificationHandler(HotlineAckLinks links, IOptions<DeliveryOptions> options, TimeProvider clock) : IOutboxHandler
{
    public string Channel => SendHotlineAlertHandler.NotifyChannel;

    // One handler per delivery lane: an alert told to thousands of organisations is read once per lane, not once per organisation.
    private readonly Dictionary<Guid, (HotlineAlert Alert, Organization Sender, ExerciseRef? Exercise)> _read = [];

    public async Task<OutboxResult> HandleAsync(OutboxMessage message, KizunaDb db, CancellationToken ct)
    {
        var n = message.ReadPayload<HotlineNotification>();
        if (!_read.TryGetValue(n.AlertId, out var read))
        {
            var found = await db.HotlineAlerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == n.AlertId, ct);
            if (found is null) return OutboxResult.Permanent("The alert no longer exists.");
            _read[n.AlertId] = read = (found, await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == found.Distribution.OwnerOrganizationId, ct),
                await ExerciseMarks.OfAsync(db, found.ExerciseId, ct));
        }
        var (alert, sender, exercise) = read;
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == n.OrganizationId, ct);
        if (org is null) return OutboxResult.Permanent("The organisation no longer exists.");
        var now = clock.GetUtcNow();
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        var full = TlpChannels.ContentMayGoToWebhook(alert.Distribution.Tlp);
        var body = ExerciseMarks.Mark(JsonSerializer.SerializeToElement(new
        {
            @event = "hotline.alert",
            alert = new
            {
                id = alert.Id,
                sequence = alert.Sequence,
                @class = alert.Class,
                direction = alert.Direction,
                severity = alert.Severity,
                tlp = TlpMarkings.Label(alert.Distribution.Tlp),
                sender = sender.Code,
                createdAt = alert.CreatedAt,
                title = full ? alert.Title : null,
                message = full ? alert.Message : null,
                url = $"{baseUrl}/hotline/{alert.Id}",
                acknowledge = $"{baseUrl}/api/v1/hotline/alerts/{alert.Id}/acknowledge",
            },
        }, OutboxMessage.PayloadJson), exercise, OutboxMessage.PayloadJson);
        await OrganizationFanOut.AddAsync(db, org.Id, $"hotline:{alert.Id:N}:sent:{org.Id:N}", "hotline.alert", urgent: true, now,
            box => HotlineMail.Payload(links, alert, sender, org.Id, box.Address, box.Japanese, box.UserId ?? Guid.Empty, 0, baseUrl, now),
            body, ct);
        return OutboxResult.Delivered;
    }
}

public static class HotlineMail
{
    public static OutboxMessage Create(HotlineAckLinks links, HotlineAlert alert, Organization sender, Guid organizationId, string to, bool ja,
        Guid userId, string key, int escalationLevel, string baseUrl, DateTimeOffset now)
    {
        var topic = escalationLevel == 0 ? "hotline.alert" : "hotline.escalated";
        return OutboxMessage.Create(OutboxChannels.Email, key, topic, Payload(links, alert, sender, organizationId, to, ja, userId, escalationLevel, baseUrl, now),
            now, now, organizationId, userId == Guid.Empty ? null : userId, to, urgent: true);
    }

    public static EmailPayload Payload(HotlineAckLinks links, HotlineAlert alert, Organization sender, Guid organizationId, string to, bool ja,
        Guid userId, int escalationLevel, string baseUrl, DateTimeOffset now)
    {
        var link = $"{baseUrl}/hotline/ack/{links.Create(alert.Id, organizationId, userId, now)}";
        var (subject, text) = Compose(alert, sender, escalationLevel, ja, link);
        return new EmailPayload(to, subject, text, null, ja ? "ja" : "en");
    }

    public static (string Subject, string Text) Compose(HotlineAlert a, Organization sender, int escalationLevel, bool ja, string link)
    {
        var tlp = a.Distribution.Tlp;
        var label = TlpMarkings.Label(tlp);
        var reminder = escalationLevel > 0 ? (ja ? "【未確認・再送】" : "[Not acknowledged, resent] ") : "";
        var what = a.Direction == AlertDirections.Up ? (ja ? "緊急連絡（NISC直通）" : "Direct urgent report") : (ja ? "ホットライン緊急連絡" : "Hotline alert");
        var subject = ExerciseMarks.Subject(a.ExerciseId, $"[Kizuna][{label}][{(ja ? "緊急" : "URGENT")}] {reminder}#{a.Sequence}" +
                      (TlpChannels.TitleMayLeave(tlp) ? " " + a.Title.ReplaceLineEndings(" ") : " " + what));
        var sb = new StringBuilder();
        sb.Append(ExerciseMarks.BodyLine(a.ExerciseId, ja));
        sb.AppendLine(label);
        sb.AppendLine($"{reminder}{what} #{a.Sequence}");
        sb.AppendLine((ja ? "発信元: " : "From: ") + (ja ? sender.NameJa : sender.NameEn) + $" ({sender.Code})");
        sb.AppendLine((ja ? "種別: " : "Class: ") + a.Class + (ja ? "  深刻度: " : "  Severity: ") + a.Severity);
        if (TlpChannels.TitleMayLeave(tlp)) sb.AppendLine((ja ? "件名: " : "Title: ") + a.Title.ReplaceLineEndings(" "));
        sb.AppendLine();
        if (TlpChannels.SummaryMayLeave(tlp)) sb.AppendLine(a.Message);
        else sb.AppendLine(ja ? "内容はメールでは送りません。サインインしてお読みください。" : "The content is not sent by e-mail. Please sign in to read it.");
        sb.AppendLine();
        sb.AppendLine(ja ? "貴組織として受領を確認してください: " + link : "Please acknowledge for your organisation: " + link);
        sb.AppendLine(ja ? "（リンクを開くと確認ページが表示されます。ボタンを押すまで確認されません。）" : "(The link opens a confirmation page; nothing is acknowledged until you press its button.)");
        sb.AppendLine();
        sb.AppendLine(ja ? "このメールは Kizuna から送信されました。TLP の取扱いに従ってください。" : "Sent by Kizuna. Handle according to its TLP marking.");
        return (subject, sb.ToString());
    }
}
