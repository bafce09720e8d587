using System.Globalization;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Liaison;
using Kizuna.Server.Components;

namespace Kizuna.Server.Features.Liaison.Pages;

/// <summary>
/// The report form as the browser posts it: plain strings and string arrays, turned into a
/// <see cref="ReportInput"/> (times read in Asia/Tokyo, indicators one "type value" per line) and back.
/// </summary>
public sealed class ReportForm
{
    /// <summary>Which button was pressed: save, preview or submit.</summary>
    public string? Action { get; set; }
    public string? SectorCode { get; set; }
    public string? Title { get; set; }
    public string[]? CriticalServices { get; set; }
    /// <summary>yes, no or unknown.</summary>
    public string? Breached { get; set; } = "unknown";
    public int SeverityDuration { get; set; }
    public int SeveritySafety { get; set; }
    public string[]? EventTypes { get; set; }
    public string[]? CauseTypes { get; set; }
    public string? OccurredAt { get; set; }
    public string? DetectedAt { get; set; }
    public string? RecoveredAt { get; set; }
    public string? Description { get; set; }
    public string? Impact { get; set; }
    public string? ActionsTaken { get; set; }
    public string? HelpNeeded { get; set; }
    public string? Indicators { get; set; }
    public string? Route { get; set; } = ReportRoutes.Ministry;
    public string? CeptoarCode { get; set; }
    public string? IdentityDisclosure { get; set; } = IdentityDisclosures.Ministry;
    public string? Basis { get; set; } = ReportBases.Voluntary;
    public string? LegalBasisCode { get; set; }
    public string? Tlp { get; set; } = "AMBER";
    /// <summary>The running exercise a new report is filed in (演習), or empty for a real report; fixed once the draft exists.</summary>
    public string? ExerciseId { get; set; }

    public const string TimeZone = "Asia/Tokyo";

    public ReportInput ToInput()
    {
        var check = new InputCheck();
        var content = new ReportContent
        {
            SectorCode = SectorCode ?? "",
            Title = Title?.Trim() ?? "",
            CriticalServices = Distinct(CriticalServices),
            MaintenanceLevelBreached = Breached switch { "yes" => true, "no" => false, _ => null },
            SeverityDuration = SeverityDuration,
            SeveritySafety = SeveritySafety,
            EventTypes = Distinct(EventTypes),
            CauseTypes = Distinct(CauseTypes),
            OccurredAt = Time("content.occurredAt", OccurredAt, check),
            DetectedAt = Time("content.detectedAt", DetectedAt, check),
            RecoveredAt = Time("content.recoveredAt", RecoveredAt, check),
            TimeZone = TimeZone,
            Description = Description ?? "",
            Impact = Impact ?? "",
            ActionsTaken = ActionsTaken ?? "",
            HelpNeeded = HelpNeeded ?? "",
            Indicators = ParseIndicators(Indicators),
        };
        Guid? exerciseId = null;
        if (Empty(ExerciseId) is { } e)
        {
            if (Guid.TryParse(e, out var id)) exerciseId = id;
            else check.Add("exerciseId", L.T("演習の指定が正しくありません。", "The exercise is not valid."));
        }
        check.ThrowIfInvalid(L.T("日時の形式が正しくありません。", "A time is not in a valid format."));
        return new ReportInput(content, Route ?? ReportRoutes.Ministry, Route == ReportRoutes.Ceptoar ? Empty(CeptoarCode) : null,
            IdentityDisclosure ?? IdentityDisclosures.Ministry, Basis ?? ReportBases.Voluntary,
            Basis == ReportBases.Legal ? Empty(LegalBasisCode) : null, Tlp ?? "AMBER", exerciseId);
    }

    public static ReportForm From(ReportInput input)
    {
        var c = input.Content;
        return new ReportForm
        {
            SectorCode = c.SectorCode, Title = c.Title, CriticalServices = [.. c.CriticalServices],
            Breached = c.MaintenanceLevelBreached switch { true => "yes", false => "no", null => "unknown" },
            SeverityDuration = c.SeverityDuration, SeveritySafety = c.SeveritySafety,
            EventTypes = [.. c.EventTypes], CauseTypes = [.. c.CauseTypes],
            OccurredAt = Local(c.OccurredAt), DetectedAt = Local(c.DetectedAt), RecoveredAt = Local(c.RecoveredAt),
            Description = c.Description, Impact = c.Impact, ActionsTaken = c.ActionsTaken, HelpNeeded = c.HelpNeeded,
            Indicators = string.Join("\n", c.Indicators.Select(i => $"{i.Type} {i.Value}")),
            Route = input.Route, CeptoarCode = input.CeptoarCode, IdentityDisclosure = input.IdentityDisclosure,
            Basis = input.Basis, LegalBasisCode = input.LegalBasisCode, Tlp = input.Tlp, ExerciseId = input.ExerciseId?.ToString(),
        };
    }

    /// <summary>"type value" per line; a line without a type is kept with an empty type so the validator names it.</summary>
    public static IReadOnlyList<Indicator> ParseIndicators(string? text)
        => (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line =>
            {
                var space = line.IndexOfAny([' ', '\t']);
                return space < 0 ? new Indicator("", line) : new Indicator(line[..space].Trim().ToLowerInvariant(), line[(space + 1)..].Trim());
            }).ToList();

    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>A datetime-local value ("2026-05-01T09:30") read as Asia/Tokyo.</summary>
    public static DateTimeOffset? Time(string field, string? value, InputCheck check)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!DateTime.TryParseExact(value.Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            check.Add(field, L.T($"「{value}」は日時として読めません（例 2026-05-01T09:30）。", $"'{value}' is not a date and time (e.g. 2026-05-01T09:30)."));
            return null;
        }
        return new DateTimeOffset(local, Tokyo.GetUtcOffset(local));
    }

    public static string? Local(DateTimeOffset? at) => at is null ? null : TimeZoneInfo.ConvertTime(at.Value, Tokyo).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private static List<string> Distinct(string[]? values) => (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Distinct().ToList();

    private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>Labels shared by the liaison pages.</summary>
public static class LiaisonText
{
    public static string Status(string status) => status switch
    {
        ReportStatus.Draft => L.T("下書き", "Draft"),
        ReportStatus.Submitted => L.T("提出済み", "Submitted"),
        ReportStatus.Received => L.T("受領済み", "Received"),
        ReportStatus.Forwarded => L.T("転送済み", "Forwarded"),
        ReportStatus.Triaged => L.T("分析中", "Triaged"),
        ReportStatus.Closed => L.T("完了", "Closed"),
        _ => status,
    };

    public static string Kind(string kind) => kind switch
    {
        SubmissionKinds.First => L.T("第1報", "First report"),
        SubmissionKinds.Update => L.T("続報", "Update"),
        SubmissionKinds.Final => L.T("最終報", "Final report"),
        _ => kind,
    };

    public static string Route(string route) => route switch
    {
        ReportRoutes.Ministry => L.T("所管省庁経由", "Via the sector ministry"),
        ReportRoutes.Ceptoar => L.T("セプター経由", "Via a CEPTOAR"),
        ReportRoutes.Coordinator => L.T("NISCへ直接", "Directly to the coordinator"),
        _ => route,
    };

    public static string Disclosure(string d) => d switch
    {
        IdentityDisclosures.Ministry => L.T("所管省庁のみ", "The sector ministry only"),
        IdentityDisclosures.MinistryAndCoordinator => L.T("所管省庁とNISC", "The sector ministry and the coordinator"),
        IdentityDisclosures.None => L.T("開示しない", "No one"),
        _ => d,
    };

    public static string Basis(string b) => b switch
    {
        ReportBases.Legal => L.T("法令に基づく報告", "Legal duty to report"),
        ReportBases.Voluntary => L.T("任意の情報連絡", "Voluntary"),
        _ => b,
    };

    public static string Severity(int level) => level switch
    {
        0 => L.T("影響なし", "No impact"),
        1 => L.T("ほぼ影響なし", "Almost no impact"),
        2 => L.T("一定の影響", "Some impact"),
        3 => L.T("大きな影響", "Large impact"),
        4 => L.T("著しく深刻な影響", "Extremely serious impact"),
        _ => level.ToString(CultureInfo.InvariantCulture),
    };

    public static string Level(string viewLevel) => viewLevel == "full" ? L.T("全文", "Full report") : L.T("秘匿化された内容", "Sanitized view");

    public static string Action(string action) => action switch
    {
        "submitted" => L.T("第1報を提出", "First report submitted"),
        "updated" => L.T("続報を提出", "Update submitted"),
        "final" => L.T("最終報を提出", "Final report submitted"),
        "received" => L.T("受領", "Received"),
        "forwarded" => L.T("転送", "Forwarded"),
        "triaged" => L.T("トリアージ", "Triaged"),
        "closed" => L.T("完了", "Closed"),
        "attachment-added" => L.T("添付を追加", "Attachment added"),
        "identity-read" => L.T("報告者情報の閲覧", "Reporter identity read"),
        _ => action,
    };

    public static string Priority(string? p) => p switch
    {
        "low" => L.T("低", "Low"),
        "normal" => L.T("通常", "Normal"),
        "high" => L.T("高", "High"),
        "critical" => L.T("緊急", "Critical"),
        null => "—",
        _ => p,
    };
}
