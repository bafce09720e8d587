using System.Text;
using Kizuna.Core.Data;
using Kizuna.Core.Features.Delivery;
using Kizuna.Core.Features.Exercises;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Crisis;

/// <summary>
/// Fans one operator's status request (or reminder) out to its members by mail, always urgent as
/// hotline alerts are: quiet hours never hold it back. The mail names the sectors and the cause and
/// links to the crisis page where the operator answers; one idempotency key per member and round.
/// </summary>
public sealed class CrisisNotificationHandler(IOptions<DeliveryOptions> options, TimeProvider clock) : IOutboxHandler
{
    public string Channel => DeclareCrisisHandler.NotifyChannel;

    public async Task<OutboxResult> HandleAsync(OutboxMessage message, KizunaDb db, CancellationToken ct)
    {
        var n = message.ReadPayload<CrisisNotification>();
        var crisis = await db.CrisisDeclarations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == n.CrisisId, ct);
        if (crisis is null) return OutboxResult.Permanent("The crisis no longer exists.");
        // A reminder queued before the operator answered or the crisis was stood down is no longer needed.
        if (n.Round > 0 && (!crisis.IsActive
            || await db.CrisisRecipients.AnyAsync(r => r.CrisisId == crisis.Id && r.OrganizationId == n.OrganizationId && r.FirstAnsweredAt != null, ct)))
            return OutboxResult.Delivered;
        var now = clock.GetUtcNow();
        var link = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/crises/{crisis.Id}";
        // Status requests are for people: mail only (members and extra addresses), never held by quiet hours.
        await OrganizationFanOut.AddAsync(db, n.OrganizationId, CrisisNotification.KeyOf(crisis.Id, n.OrganizationId, n.Round),
            n.Round == 0 ? "crisis.status-request" : "crisis.reminder", urgent: true, now,
            box =>
            {
                var (subject, text) = Compose(crisis, n.Round, box.Japanese, link);
                return new EmailPayload(box.Address, subject, text, null, box.Japanese ? "ja" : "en");
            },
            webhookBody: null, ct);
        return OutboxResult.Delivered;
    }

    /// <param name="escalationLevel">1 or 2 for the mail to the operator's primary or backup contacts when it has not answered (0: to its members).</param>
    public static (string Subject, string Text) Compose(CrisisDeclaration c, int round, bool ja, string link, int escalationLevel = 0)
    {
        var reminder = escalationLevel > 0 ? (ja ? "【未回答・エスカレーション】" : "[Not answered, escalated] ")
            : round > 0 ? (ja ? $"【催促 {round}】" : $"[Reminder {round}] ") : "";
        var sectors = string.Join(", ", c.Sectors);
        var subject = ExerciseMarks.Subject(c.ExerciseId,
            ja ? $"[Kizuna][緊急] {reminder}大規模障害対応: 状況報告のお願い ({sectors})" : $"[Kizuna][URGENT] {reminder}Large-scale failure: status request ({sectors})");
        var sb = new StringBuilder();
        sb.Append(ExerciseMarks.BodyLine(c.ExerciseId, ja));
        sb.AppendLine(ja ? $"{reminder}大規模IT障害対応への移行が宣言されました。" : $"{reminder}A large-scale failure has been declared.");
        sb.AppendLine((ja ? "分野: " : "Sectors: ") + sectors);
        if (c.Regions.Count > 0) sb.AppendLine((ja ? "地域: " : "Regions: ") + string.Join(", ", c.Regions));
        sb.AppendLine((ja ? "原因区分: " : "Cause: ") + c.Cause);
        sb.AppendLine();
        sb.AppendLine(ja ? "貴組織の重要インフラサービスごとの状況（正常・低下・停止・不明）、復旧見込み、支援の要否を報告してください: "
                         : "Please report the status of each of your critical services (normal, degraded, down, unknown), the expected recovery and your needs: ");
        sb.AppendLine(link);
        sb.AppendLine();
        sb.AppendLine(ja ? "このメールは Kizuna から送信されました。" : "Sent by Kizuna.");
        return (subject, sb.ToString());
    }
}
