using System.Text;
using System.Text.Json;
using Kizuna.Core.Data;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Exercises.Drills;

/// <summary>
/// Tells one organisation that a drill message has reached it, through its normal channels
/// (<see cref="OrganizationFanOut"/>): a mail to each member and extra address, each with its own
/// signed acknowledgement link and the subject prefix <see cref="DrillLimits.SubjectPrefix"/>, and a
/// <c>drill.message</c> webhook event whose body carries <c>"drill": true</c> at the top level, so no
/// receiving system can take it for a real message. Drill messages are test messages (TLP:GREEN).
/// </summary>
public sealed class DrillNotificationHandler(DrillAckLinks links, IOptions<DeliveryOptions> options, TimeProvider clock) : IOutboxHandler
{
    public string Channel => DrillStarter.NotifyChannel;

    private readonly Dictionary<Guid, (Drill Drill, Organization Origin)> _read = [];

    public async Task<OutboxResult> HandleAsync(OutboxMessage message, KizunaDb db, CancellationToken ct)
    {
        var n = message.ReadPayload<DrillNotification>();
        if (!_read.TryGetValue(n.DrillId, out var read))
        {
            var found = await db.Set<Drill>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == n.DrillId, ct);
            if (found is null) return OutboxResult.Permanent("The drill no longer exists.");
            _read[n.DrillId] = read = (found, await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == found.OriginOrganizationId, ct));
        }
        var (drill, origin) = read;
        if (drill.Status is DrillStates.Cancelled) return OutboxResult.Permanent("The drill was cancelled.");
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == n.OrganizationId, ct);
        if (org is null) return OutboxResult.Permanent("The organisation no longer exists.");
        var hop = await db.Set<DrillRecipient>().AsNoTracking().Where(r => r.DrillId == drill.Id && r.OrganizationId == org.Id)
            .Select(r => new { r.Hop, r.Relays }).FirstOrDefaultAsync(ct);
        if (hop is null) return OutboxResult.Permanent("The organisation is not on the drill's chain.");
        var now = clock.GetUtcNow();
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        var body = JsonSerializer.SerializeToElement(new
        {
            @event = "drill.message",
            drill = true,
            message = new
            {
                id = drill.Id,
                direction = drill.Direction,
                title = DrillLimits.SubjectPrefix + " " + drill.Title,
                text = drill.Message,
                origin = origin.Code,
                hop = hop.Hop,
                relays = hop.Relays,
                startedAt = drill.StartedAt,
                closesAt = drill.ClosesAt,
                url = $"{baseUrl}/drills/{drill.Id}",
                acknowledge = $"{baseUrl}/api/v1/drills/{drill.Id}/acknowledge",
            },
        }, OutboxMessage.PayloadJson);
        await OrganizationFanOut.AddAsync(db, org.Id, $"drill:{drill.Id:N}:sent:{org.Id:N}", "drill.message", urgent: false, now,
            box => DrillMail.Payload(links, drill, origin, hop.Relays, org.Id, box.Address, box.Japanese, box.UserId ?? Guid.Empty, baseUrl, now),
            body, ct);
        return OutboxResult.Delivered;
    }
}

/// <summary>The drill mail: marked as a drill in its subject and first line, with the recipient's own acknowledgement link.</summary>
public static class DrillMail
{
    public static EmailPayload Payload(DrillAckLinks links, Drill drill, Organization origin, bool relays, Guid organizationId, string to, bool ja,
        Guid userId, string baseUrl, DateTimeOffset now)
    {
        var link = $"{baseUrl}/drills/ack/{links.Create(drill.Id, organizationId, userId, now)}";
        var (subject, text) = Compose(drill, origin, relays, ja, link);
        return new EmailPayload(to, subject, text, null, ja ? "ja" : "en");
    }

    public static (string Subject, string Text) Compose(Drill d, Organization origin, bool relays, bool ja, string link)
    {
        var subject = $"{DrillLimits.SubjectPrefix}[Kizuna] " + d.Title.ReplaceLineEndings(" ");
        var sb = new StringBuilder();
        sb.AppendLine(DrillLimits.SubjectPrefix);
        sb.AppendLine(ja ? "これは訓練です。実際の事案ではありません。" : "THIS IS A DRILL. It is not a real incident.");
        sb.AppendLine((ja ? "発信元: " : "From: ") + (ja ? origin.NameJa : origin.NameEn) + $" ({origin.Code})");
        sb.AppendLine((ja ? "件名: " : "Title: ") + d.Title.ReplaceLineEndings(" "));
        if (d.ClosesAt is { } closes) sb.AppendLine((ja ? "確認期限: " : "Acknowledge by: ") + closes.ToString("yyyy-MM-dd HH:mm 'UTC'"));
        sb.AppendLine();
        sb.AppendLine(d.Message);
        sb.AppendLine();
        sb.AppendLine(relays
            ? (ja ? "受領し、傘下の組織へ伝達したことを確認してください（確認すると次の組織へ届きます）: " : "Please acknowledge that you received and relayed it (acknowledging passes it on to the next organisations): ") + link
            : (ja ? "貴組織として受領を確認してください: " : "Please acknowledge for your organisation: ") + link);
        sb.AppendLine(ja ? "（リンクを開くと確認ページが表示されます。ボタンを押すまで確認されません。）" : "(The link opens a confirmation page; nothing is acknowledged until you press its button.)");
        sb.AppendLine();
        sb.AppendLine(ja ? "このメールは Kizuna の訓練として送信されました。" : "Sent by Kizuna as a drill.");
        return (subject, sb.ToString());
    }
}
