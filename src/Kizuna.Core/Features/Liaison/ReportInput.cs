using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kizuna.Core.Data;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Directory;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;

namespace Kizuna.Core.Features.Liaison;

/// <summary>
/// A report as a client sends it: the content and the routing and sharing choices; with
/// <see cref="ExerciseId"/>, a report in that exercise (fixed when the draft is created, kept through
/// every submission; <see cref="Exercises.ExerciseMembership"/>).
/// </summary>
public sealed record ReportInput(
    ReportContent Content,
    string Route = ReportRoutes.Ministry,
    string? CeptoarCode = null,
    string IdentityDisclosure = IdentityDisclosures.Ministry,
    string Basis = ReportBases.Voluntary,
    string? LegalBasisCode = null,
    string Tlp = "AMBER",
    Guid? ExerciseId = null);

/// <summary>Checks a report against the reference data; <see cref="Strict"/> is used at submission, a lighter check for drafts.</summary>
public sealed partial class ReportValidator(KizunaDb db, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Validates routing choices and returns them typed.</summary>
    public async Task<ReportRouting> RoutingAsync(ReportInput input, Guid reporterOrganizationId, InputCheck check, CancellationToken ct)
    {
        check.That(ReportRoutes.All.Contains(input.Route), "route", $"Unknown route '{input.Route}'; use ministry, ceptoar or coordinator.");
        check.That(IdentityDisclosures.All.Contains(input.IdentityDisclosure), "identityDisclosure", $"Unknown identity disclosure '{input.IdentityDisclosure}'; use ministry, ministry-and-coordinator or none.");
        check.That(ReportBases.All.Contains(input.Basis), "basis", $"Unknown basis '{input.Basis}'; use legal or voluntary.");
        if (!TlpMarkings.TryParse(input.Tlp, out var tlp)) check.Add("tlp", $"Unknown TLP '{input.Tlp}'; use CLEAR, GREEN, AMBER, AMBER+STRICT or RED.");
        if (input.Route == ReportRoutes.Ceptoar)
        {
            var member = input.CeptoarCode is not null && await db.Organizations.AnyAsync(o => o.Id == reporterOrganizationId && o.Ceptoars.Any(c => c.Code == input.CeptoarCode), ct);
            check.That(member, "ceptoarCode", $"Route 'ceptoar' needs one of your organisation's CEPTOARs; '{input.CeptoarCode}' is not.");
        }
        if (input.Basis == ReportBases.Legal)
        {
            var known = input.LegalBasisCode is not null && await db.LegalBases.AnyAsync(l => l.Code == input.LegalBasisCode, ct);
            check.That(known, "legalBasisCode", $"A legal basis needs a known law code; '{input.LegalBasisCode}' is not one.");
        }
        return new ReportRouting(input.Route, input.Route == ReportRoutes.Ceptoar ? input.CeptoarCode : null, input.IdentityDisclosure, input.Basis,
            input.Basis == ReportBases.Legal ? input.LegalBasisCode : null, tlp);
    }

    /// <summary>Lengths and list sizes: what a draft must already respect.</summary>
    public static void Shape(ReportContent c, InputCheck check)
    {
        check.MaxLength("content.title", c.Title, ReportLimits.MaxTitleLength)
            .MaxLength("content.description", c.Description, ReportLimits.MaxTextLength)
            .MaxLength("content.impact", c.Impact, ReportLimits.MaxTextLength)
            .MaxLength("content.actionsTaken", c.ActionsTaken, ReportLimits.MaxTextLength)
            .MaxLength("content.helpNeeded", c.HelpNeeded, ReportLimits.MaxTextLength)
            .MaxLength("content.timeZone", c.TimeZone, 64)
            .That(c.EventTypes.Count <= ReportLimits.MaxListLength, "content.eventTypes", $"At most {ReportLimits.MaxListLength} event types.")
            .That(c.CauseTypes.Count <= ReportLimits.MaxListLength, "content.causeTypes", $"At most {ReportLimits.MaxListLength} cause types.")
            .That(c.CriticalServices.Count <= ReportLimits.MaxListLength, "content.criticalServices", $"At most {ReportLimits.MaxListLength} critical services.")
            .That(c.Indicators.Count <= ReportLimits.MaxIndicators, "content.indicators", $"At most {ReportLimits.MaxIndicators} indicators.")
            .That(c.SeverityDuration is >= 0 and <= 4, "content.severityDuration", "Severity levels are 0–4.")
            .That(c.SeveritySafety is >= 0 and <= 4, "content.severitySafety", "Severity levels are 0–4.");
    }

    /// <summary>Everything a submission must satisfy: known codes, sensible times, well-formed indicators.</summary>
    public async Task StrictAsync(ReportContent c, Guid reporterOrganizationId, InputCheck check, CancellationToken ct)
    {
        Shape(c, check);
        check.Required("content.title", c.Title, ReportLimits.MaxTitleLength)
            .Required("content.description", c.Description, ReportLimits.MaxTextLength)
            .That(c.EventTypes.Count > 0, "content.eventTypes", "Name at least one event type (別紙3 事象).");
        var sectors = await db.Organizations.Where(o => o.Id == reporterOrganizationId).SelectMany(o => o.Sectors.Select(s => s.Code)).ToListAsync(ct);
        check.That(sectors.Contains(c.SectorCode), "content.sectorCode", $"'{c.SectorCode}' is not one of your organisation's sectors ({string.Join(", ", sectors)}).");
        var services = await db.CriticalServices.Where(s => s.Sector!.Code == c.SectorCode).Select(s => s.Code).ToListAsync(ct);
        foreach (var s in c.CriticalServices) check.That(services.Contains(s), "content.criticalServices", $"Unknown critical service '{s}' for sector '{c.SectorCode}'.");
        var terms = await db.TaxonomyTerms.Where(t => !t.IsCategory && (t.Scheme == TaxonomyTerm.EventType || t.Scheme == TaxonomyTerm.CauseType))
            .Select(t => new { t.Scheme, t.Code }).ToListAsync(ct);
        foreach (var e in c.EventTypes) check.That(terms.Contains(new { Scheme = TaxonomyTerm.EventType, Code = e }), "content.eventTypes", $"Unknown event type '{e}'.");
        foreach (var e in c.CauseTypes) check.That(terms.Contains(new { Scheme = TaxonomyTerm.CauseType, Code = e }), "content.causeTypes", $"Unknown cause type '{e}'.");
        var now = clock.GetUtcNow().AddMinutes(5);
        check.That(c.OccurredAt is null || c.OccurredAt <= now, "content.occurredAt", "The time of occurrence is in the future.")
            .That(c.DetectedAt is null || c.DetectedAt <= now, "content.detectedAt", "The time of detection is in the future.")
            .That(c.RecoveredAt is null || c.RecoveredAt <= now, "content.recoveredAt", "The time of recovery is in the future.")
            .That(c.OccurredAt is null || c.DetectedAt is null || c.DetectedAt >= c.OccurredAt, "content.detectedAt", "Detection comes before occurrence.")
            .That(c.OccurredAt is null || c.RecoveredAt is null || c.RecoveredAt >= c.OccurredAt, "content.recoveredAt", "Recovery comes before occurrence.");
        try { TimeZoneInfo.FindSystemTimeZoneById(c.TimeZone); }
        catch (TimeZoneNotFoundException) { check.Add("content.timeZone", $"Unknown time zone '{c.TimeZone}'; use an IANA name such as Asia/Tokyo."); }
        foreach (var i in c.Indicators) CheckIndicator(i, check);
    }

    internal static void CheckIndicator(Indicator i, InputCheck check)
    {
        var v = i.Value?.Trim() ?? "";
        check.That(v.Length is > 0 and <= ReportLimits.MaxIndicatorLength, "content.indicators", $"An indicator value is empty or longer than {ReportLimits.MaxIndicatorLength}.")
            .MaxLength("content.indicators.note", i.Note, 1000);
        var ok = i.Type switch
        {
            IndicatorTypes.Ipv4 => IPAddress.TryParse(v, out var a4) && a4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork,
            IndicatorTypes.Ipv6 => IPAddress.TryParse(v, out var a6) && a6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6,
            IndicatorTypes.Domain => DomainPattern().IsMatch(v),
            IndicatorTypes.Url => Uri.TryCreate(v, UriKind.Absolute, out var u) && u.Host.Length > 0,
            IndicatorTypes.FileHash => HashPattern().IsMatch(v),
            IndicatorTypes.Email => v.Contains('@') && !v.Contains(' '),
            IndicatorTypes.Cve => CvePattern().IsMatch(v),
            IndicatorTypes.Text => true,
            _ => false,
        };
        check.That(IndicatorTypes.All.Contains(i.Type), "content.indicators", $"Unknown indicator type '{i.Type}'; use {string.Join(", ", IndicatorTypes.All)}.");
        if (IndicatorTypes.All.Contains(i.Type)) check.That(ok, "content.indicators", $"'{(v.Length > 80 ? v[..80] + "…" : v)}' is not a valid {i.Type}.");
    }

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$", RegexOptions.IgnoreCase)]
    private static partial Regex DomainPattern();

    [GeneratedRegex("^([a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{128})$")]
    private static partial Regex HashPattern();

    [GeneratedRegex(@"^CVE-\d{4}-\d{4,}$", RegexOptions.IgnoreCase)]
    private static partial Regex CvePattern();
}
