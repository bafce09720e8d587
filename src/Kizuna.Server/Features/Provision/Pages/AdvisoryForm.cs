using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Notices;
using Kizuna.Core.Features.Provision;
using Kizuna.Server.Components;
using Kizuna.Server.Features.Liaison.Pages;

namespace Kizuna.Server.Features.Provision.Pages;

/// <summary>
/// The advisory form as the browser posts it: plain strings and string arrays, turned into an
/// <see cref="AdvisoryInput"/> (lists one entry per line, indicators "type value" per line, the
/// response deadline read in Asia/Tokyo) and back. Nothing typed is lost when the input is refused:
/// the page renders this object again.
/// </summary>
public sealed class AdvisoryForm
{
    public string? Title { get; set; }
    public string? Summary { get; set; }
    public string? Body { get; set; }
    public string? Severity { get; set; } = "2";
    public string? RecommendedActions { get; set; }
    public string? AffectedProducts { get; set; }
    public string? Cves { get; set; }
    public string? Indicators { get; set; }
    public string? RelatedReports { get; set; }
    public string? Language { get; set; } = AdvisoryLanguages.Japanese;
    public string? ResponseDeadline { get; set; }
    public string? Tlp { get; set; } = "AMBER";
    public bool Community { get; set; }
    public string[]? Sectors { get; set; }
    public string[]? Kinds { get; set; }
    public string[]? Tiers { get; set; }
    /// <summary>Organisation codes, one per line (commas and spaces also separate).</summary>
    public string? Organizations { get; set; }
    /// <summary>The running exercise a new draft is written in (演習), or empty for a real advisory; a draft keeps its exercise.</summary>
    public string? ExerciseId { get; set; }
    /// <summary>What a correction changes (correction form only).</summary>
    public string? Note { get; set; }

    public static readonly IReadOnlyList<string> TlpChoices = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"];

    /// <summary>The content; form-level problems (a deadline or report id that cannot be read) are thrown with the field names the validator uses.</summary>
    public AdvisoryContent ToContent()
    {
        var check = new InputCheck();
        var severity = 0;
        if (!int.TryParse(Severity, out severity))
            check.Add("content.severity", L.T("深刻度を選んでください。", "Choose a severity."));
        var related = new List<Guid>();
        foreach (var token in Split(RelatedReports))
        {
            var text = token.StartsWith("/reports/", StringComparison.Ordinal) ? token["/reports/".Length..] : token;
            if (Guid.TryParse(text, out var id)) related.Add(id);
            else check.Add("content.relatedReportIds", L.T($"「{token}」は報告IDではありません。", $"'{token}' is not a report id."));
        }
        var content = new AdvisoryContent
        {
            Title = Title ?? "",
            Summary = Summary ?? "",
            Body = Body ?? "",
            Severity = severity,
            RecommendedActions = Lines(RecommendedActions),
            AffectedProducts = Lines(AffectedProducts),
            Cves = Lines(Cves),
            Indicators = ReportForm.ParseIndicators(Indicators),
            RelatedReportIds = related,
            Language = Language ?? AdvisoryLanguages.Japanese,
            ResponseDeadline = ReportForm.Time("content.responseDeadline", ResponseDeadline, check),
        };
        check.ThrowIfInvalid(L.T("入力に誤りがあります。", "Some fields are invalid."));
        return content;
    }

    public AdvisoryInput ToInput()
        => new(ToContent(), Tlp ?? "", Audience(), ExerciseChoice.Parse(ExerciseId));

    public List<AudienceInput> Audience()
    {
        var audience = new List<AudienceInput>();
        if (Community) audience.Add(new AudienceInput(AudienceKind.Community, null));
        audience.AddRange(Distinct(Sectors).Select(s => new AudienceInput(AudienceKind.Sector, s)));
        audience.AddRange(Distinct(Kinds).Select(k => new AudienceInput(AudienceKind.OrganizationKind, k)));
        audience.AddRange(Distinct(Tiers).Select(t => new AudienceInput(AudienceKind.TrustTier, t)));
        audience.AddRange(Split(Organizations).Select(o => o.ToUpperInvariant()).Distinct()
            .Select(o => new AudienceInput(AudienceKind.Organization, o)));
        return audience;
    }

    /// <summary>The form filled from an advisory the viewer's organisation wrote (its audience is known to it).</summary>
    public static AdvisoryForm From(AdvisoryDetail d)
    {
        var c = d.Content;
        string[] Values(string kind) => d.Audience.Where(a => a.Kind == kind && a.Value is not null).Select(a => a.Value!).ToArray();
        return new AdvisoryForm
        {
            Title = c.Title, Summary = c.Summary, Body = c.Body,
            Severity = c.Severity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            RecommendedActions = string.Join("\n", c.RecommendedActions),
            AffectedProducts = string.Join("\n", c.AffectedProducts),
            Cves = string.Join("\n", c.Cves),
            Indicators = string.Join("\n", c.Indicators.Select(i => $"{i.Type} {i.Value}")),
            RelatedReports = string.Join("\n", c.RelatedReportIds),
            Language = c.Language,
            ResponseDeadline = ReportForm.Local(c.ResponseDeadline),
            Tlp = d.Tlp.Replace("TLP:", ""),
            Community = d.Audience.Any(a => a.Kind == AudienceKind.Community),
            Sectors = Values(AudienceKind.Sector),
            Kinds = Values(AudienceKind.OrganizationKind),
            Tiers = Values(AudienceKind.TrustTier),
            Organizations = string.Join("\n", Values(AudienceKind.Organization)),
        };
    }

    private static List<string> Lines(string? text)
        => (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    private static IEnumerable<string> Split(string? text)
        => (text ?? "").Split(['\n', '\r', ',', ' ', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static IEnumerable<string> Distinct(string[]? values) => (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Distinct();
}
