using System.Text.Json;
using Kizuna.Core.Data;
using Kizuna.Core.Disclosure;
using Kizuna.Core.Errors;
using Kizuna.Core.Features.Audit;
using Kizuna.Core.Features.Exercises;
using Kizuna.Core.Features.Identity;
using Kizuna.Core.Features.Liaison.Anonymization;
using Kizuna.Core.Paging;
using Kizuna.Stix;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kizuna.Core.Features.Liaison;

/// <summary>Which reports a list shows: everything the viewer may see, its own organisation's, or those routed to it.</summary>
public sealed record ReportFilter(
    string Scope = "all", string? Sector = null, string? EventType = null, string? CauseType = null, int? MinSeverity = null,
    string? Status = null, DateTimeOffset? From = null, DateTimeOffset? To = null, bool OverdueOnly = false, PageRequest? Paging = null,
    /// <summary><see cref="ExerciseFilter"/>: include (default), exclude or only exercise reports.</summary>
    string? Exercise = null);

/// <summary>
/// Reads reports for one viewer, always through the disclosure policy, and builds every answer
/// from the viewer: sanitized-view readers get the sanitized content, the pseudonym for the
/// reporter's own steps and messages, and redacted notes, never the reporter's identity.
/// </summary>
public sealed class ReportQueries(
    KizunaDb db, ReportAccess access, ReportRouter router, LiaisonDirectory directory, SourceSanitizer sanitizer,
    AuditTrail audit, IOptions<LiaisonOptions> options, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Scopes = ["all", "mine", "inbox"];

    public async Task<Paged<ReportSummary>> ListAsync(Viewer viewer, ReportFilter f, CancellationToken ct = default)
    {
        var paging = f.Paging ?? PageRequest.From(null, null);
        new InputCheck()
            .That(Scopes.Contains(f.Scope), "scope", "Use all, mine or inbox.")
            .That(f.Status is null || ReportStatus.All.Contains(f.Status), "status", $"Use one of: {string.Join(", ", ReportStatus.All)}.")
            .That(f.MinSeverity is null or (>= 0 and <= 4), "minSeverity", "Severity levels are 0–4.")
            .That(f.From is null || f.To is null || f.From <= f.To, "from", "'from' is after 'to'.")
            .MaxLength("sector", f.Sector, 32).MaxLength("eventType", f.EventType, 64).MaxLength("causeType", f.CauseType, 64)
            .ThrowIfInvalid("The report filter is invalid.");
        var q = ExerciseFilter.Apply(DisclosurePolicy.Visible(db.Reports.AsNoTracking(), viewer), f.Exercise);
        q = f.Scope switch
        {
            "mine" => q.Where(r => r.ReporterOrganizationId == viewer.OrganizationId),
            "inbox" => q.Where(r => r.ReporterOrganizationId != viewer.OrganizationId),
            _ => q,
        };
        if (!string.IsNullOrEmpty(f.Sector)) q = q.Where(r => r.SectorCode == f.Sector);
        if (!string.IsNullOrEmpty(f.EventType)) q = q.Where(r => r.EventTypes.Contains(f.EventType));
        if (!string.IsNullOrEmpty(f.CauseType)) q = q.Where(r => r.CauseTypes.Contains(f.CauseType));
        if (f.MinSeverity is { } min) q = q.Where(r => r.Severity >= min);
        if (!string.IsNullOrEmpty(f.Status)) q = q.Where(r => r.Status == f.Status);
        if (f.From is { } from) q = q.Where(r => r.LastSubmittedAt >= from);
        if (f.To is { } to) q = q.Where(r => r.LastSubmittedAt <= to);
        var now = clock.GetUtcNow();
        if (f.OverdueOnly) q = q.Where(r => r.NextDueAt != null && r.NextDueAt < now && r.Status != ReportStatus.Closed);

        var total = await q.OrderByDescending(r => r.UpdatedAt).Take(PageRequest.MaxCount + 1).CountAsync(ct);
        var rows = await q.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id)
            .Skip(paging.Skip).Take(paging.PageSize)
            .ToListAsync(ct);
        var items = await SummariesAsync(viewer, rows, now, ct);
        return new Paged<ReportSummary>(items, paging.Page, paging.PageSize, Math.Min(total, PageRequest.MaxCount), total > PageRequest.MaxCount);
    }

    /// <summary>
    /// The reports sent under a crisis's direct reporting route that the viewer may see, oldest first
    /// (at most <paramref name="max"/>), each at the viewer's view level: sanitized-view readers get the
    /// pseudonym and the sanitized title, never the reporter's identity.
    /// </summary>
    public async Task<IReadOnlyList<ReportSummary>> UnderCrisisAsync(Viewer viewer, Guid crisisId, int max, CancellationToken ct = default)
    {
        var rows = await DisclosurePolicy.Visible(db.Reports.AsNoTracking(), viewer)
            .Where(r => r.CrisisId == crisisId && r.FirstSubmittedAt != null)
            .OrderBy(r => r.FirstSubmittedAt).ThenBy(r => r.Id).Take(max).ToListAsync(ct);
        return await SummariesAsync(viewer, rows, clock.GetUtcNow(), ct);
    }

    /// <summary>Each report at the viewer's level: the title and the reporter's code only for full-view readers.</summary>
    private async Task<List<ReportSummary>> SummariesAsync(Viewer viewer, IReadOnlyList<IncidentReport> rows, DateTimeOffset now, CancellationToken ct)
    {
        var orgCodes = await CodesAsync(rows.Select(r => r.ReporterOrganizationId), ct);
        var exercises = await ExerciseMarks.OfAsync(db, rows.Select(r => r.ExerciseId), ct);
        var items = new List<ReportSummary>(rows.Count);
        foreach (var r in rows)
        {
            var full = await access.LevelAsync(r, viewer, ct) == ReportViewLevel.Full;
            var title = full ? r.Title : SanitizedOf(r.SanitizedJson)?.Title ?? "—";
            items.Add(new ReportSummary(r.Id, r.Pseudonym, full ? "full" : "sanitized", r.Status, r.Priority, r.SectorCode, title, r.Severity,
                r.EventTypes, r.CauseTypes, TlpMarkings.Label(r.Distribution.Tlp), r.Route, r.SubmissionCount, r.FinalSubmitted,
                r.FirstSubmittedAt, r.LastSubmittedAt, r.NextDueAt, r.NextDueKind, r.IsOverdue(now),
                full ? orgCodes.GetValueOrDefault(r.ReporterOrganizationId) : null,
                r.ExerciseId is { } e ? exercises.GetValueOrDefault(e) : null));
        }
        return items;
    }

    public async Task<ReportDetail> GetAsync(Viewer viewer, Guid id, CancellationToken ct = default)
    {
        var r = await access.FindAsync(id, viewer, ct);
        var reporter = ReportAccess.IsReporter(r, viewer);
        var ministries = await directory.MinistriesOfAsync(r.SectorCode, ct);
        var full = DisclosurePolicy.ReportView(viewer, r, ministries) == ReportViewLevel.Full;
        if (!reporter && DisclosurePolicy.ReadIsAudited(r))
            await audit.AppendAsync(db, AuditRecord.By(viewer, "item.read", "report", r.Id.ToString("D"), TlpMarkings.Label(r.Distribution.Tlp)), ct);

        var submissions = await db.ReportSubmissions.AsNoTracking().Where(s => s.ReportId == r.Id).OrderBy(s => s.Number).ToListAsync(ct);
        var latest = submissions.LastOrDefault();
        var draft = r.DraftJson is { } d ? JsonSerializer.Deserialize<ReportInput>(d, ReportValidator.Json) : null;
        ReportContent? content = null;
        SanitizedReport? sanitized = null;
        if (full) content = latest is null ? draft?.Content : JsonSerializer.Deserialize<ReportContent>(latest.ContentJson, ReportValidator.Json);
        else sanitized = SanitizedOf(r.SanitizedJson);

        var redact = full ? (Func<string, Task<string>>)(s => Task.FromResult(s)) : s => RedactAsync(r, s, ct);
        // What the viewer's own organisation wrote (a hop's note, its questions) comes back as written: it tells it nothing new.
        Task<string> RedactUnlessOwn(Guid authorOrganizationId, string text) => authorOrganizationId == viewer.OrganizationId ? Task.FromResult(text) : redact(text);
        var codes = await CodesAsync((await db.ReportEvents.AsNoTracking().Where(e => e.ReportId == r.Id).Select(e => e.ActorOrganizationId).ToListAsync(ct))
            .Concat(await db.ReportMessages.AsNoTracking().Where(m => m.ReportId == r.Id).Select(m => m.AuthorOrganizationId).ToListAsync(ct))
            .Append(r.FirstHopOrganizationId ?? Guid.Empty).Append(r.ReporterOrganizationId), ct);
        string Actor(Guid orgId) => orgId == r.ReporterOrganizationId && !full ? r.Pseudonym : codes.GetValueOrDefault(orgId, "?");

        var events = new List<EventView>();
        foreach (var e in await db.ReportEvents.AsNoTracking().Where(e => e.ReportId == r.Id).OrderBy(e => e.At).ToListAsync(ct))
            events.Add(new EventView(e.At, e.Action, Actor(e.ActorOrganizationId), e.FromStatus, e.ToStatus, e.Note is null ? null : await RedactUnlessOwn(e.ActorOrganizationId, e.Note)));
        var messages = new List<MessageView>();
        foreach (var m in await db.ReportMessages.AsNoTracking().Where(m => m.ReportId == r.Id).OrderBy(m => m.At).ToListAsync(ct))
            messages.Add(new MessageView(m.Id, m.At, Actor(m.AuthorOrganizationId), m.FromReporter, await RedactUnlessOwn(m.AuthorOrganizationId, m.Body)));
        var attachments = new List<AttachmentView>();
        foreach (var a in await db.ReportAttachments.AsNoTracking().Where(a => a.ReportId == r.Id).OrderBy(a => a.UploadedAt).ToListAsync(ct))
            attachments.Add(new AttachmentView(a.Id, await redact(a.FileName), a.ContentType, a.Size, full ? a.Sha256 : "", a.UploadedAt, full));

        var isFirstHop = r.FirstHopOrganizationId == viewer.OrganizationId && viewer.HasRole(OrgRoles.Analyst);
        var isCoordinator = viewer.OrganizationKind == Directory.OrganizationKinds.Coordinator && viewer.HasRole(OrgRoles.Analyst);
        var canReport = reporter && (viewer.HasRole(OrgRoles.Reporter) || viewer.HasRole(OrgRoles.OrgAdmin));
        var actions = new ReportActions(
            EditDraft: canReport && r.Status != ReportStatus.Closed && !r.FinalSubmitted,
            Submit: canReport && r.IsDraft,
            FollowUp: canReport && !r.IsDraft && r.Status != ReportStatus.Closed && !r.FinalSubmitted,
            Attach: canReport && r.Status != ReportStatus.Closed,
            Receive: isFirstHop && r.Status == ReportStatus.Submitted,
            Forward: isFirstHop && r.Route != ReportRoutes.Coordinator && r.Status is ReportStatus.Submitted or ReportStatus.Received,
            Triage: isCoordinator && (r.Status is ReportStatus.Forwarded or ReportStatus.Triaged || (r.Route == ReportRoutes.Coordinator && r.Status is ReportStatus.Submitted or ReportStatus.Received)),
            Close: isCoordinator && r.Status is not (ReportStatus.Draft or ReportStatus.Closed),
            Message: !r.IsDraft && (reporter || viewer.HasRole(OrgRoles.Analyst)));

        return new ReportDetail(r.Id, r.Pseudonym, full ? "full" : "sanitized", r.Status, r.Priority, r.SectorCode, TlpMarkings.Label(r.Distribution.Tlp),
            r.Route, r.RouteCeptoarCode, r.FirstHopOrganizationId is { } hop ? codes.GetValueOrDefault(hop) : null, r.IdentityDisclosure, r.Basis, r.LegalBasisCode,
            r.NextDueAt, r.NextDueKind, r.IsOverdue(clock.GetUtcNow()),
            content, sanitized,
            reporter ? r.SharingRefusedReason : null,
            reporter ? draft : null,
            full ? codes.GetValueOrDefault(r.ReporterOrganizationId) : null,
            DisclosurePolicy.MayReadIdentity(viewer, r, ministries, false),
            submissions.Select(s => new SubmissionRef(s.Number, s.Kind, s.SubmittedAt)).ToList(),
            events, messages, attachments, r.RelatedReportIds, actions, r.CrisisId, await ExerciseMarks.OfAsync(db, r.ExerciseId, ct));
    }

    /// <summary>The snapshot of one submission, at the viewer's level (a full <see cref="ReportContent"/> or that submission's sanitized view).</summary>
    public async Task<object> SubmissionAsync(Viewer viewer, Guid id, int number, CancellationToken ct = default)
    {
        var r = await access.FindAsync(id, viewer, ct);
        var s = await db.ReportSubmissions.AsNoTracking().FirstOrDefaultAsync(x => x.ReportId == r.Id && x.Number == number, ct)
            ?? throw new NotFoundException($"The report has no submission {number}.");
        return await access.LevelAsync(r, viewer, ct) == ReportViewLevel.Full
            ? JsonSerializer.Deserialize<ReportContent>(s.ContentJson, ReportValidator.Json)!
            : (object?)SanitizedOf(s.SanitizedJson) ?? throw new NotFoundException("That submission has no sanitized view.");
    }

    /// <summary>What changed between two submissions, field by field, at the viewer's level.</summary>
    public async Task<IReadOnlyList<FieldChange>> DiffAsync(Viewer viewer, Guid id, int from, int to, CancellationToken ct = default)
    {
        var before = Flatten(await SubmissionAsync(viewer, id, from, ct));
        var after = Flatten(await SubmissionAsync(viewer, id, to, ct));
        return before.Keys.Union(after.Keys)
            .Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k) && k != "redactions")
            .Select(k => new FieldChange(k, before.GetValueOrDefault(k), after.GetValueOrDefault(k))).ToList();
    }

    /// <summary>The reporter's preview of exactly what will leave, and who will see what.</summary>
    public async Task<SanitizedPreview> PreviewAsync(Viewer viewer, Guid id, CancellationToken ct = default)
    {
        var r = await access.FindAsync(id, viewer, ct);
        if (!ReportAccess.IsReporter(r, viewer)) throw new ForbiddenException("Only the reporting organisation previews its report.");
        var input = (r.DraftJson is { } d ? JsonSerializer.Deserialize<ReportInput>(d, ReportValidator.Json) : null);
        var content = input?.Content ?? (await db.ReportSubmissions.AsNoTracking().Where(s => s.ReportId == r.Id).OrderByDescending(s => s.Number)
            .Select(s => s.ContentJson).FirstOrDefaultAsync(ct) is { } json ? JsonSerializer.Deserialize<ReportContent>(json, ReportValidator.Json) : null)
            ?? throw new NotFoundException("The report has nothing to preview yet.");
        var routing = r.IsDraft && input is not null
            ? new ReportRouting(input.Route, input.CeptoarCode, input.IdentityDisclosure, input.Basis, input.LegalBasisCode,
                TlpMarkings.TryParse(input.Tlp, out var tlp) ? tlp : r.Distribution.Tlp)
            : new ReportRouting(r.Route, r.RouteCeptoarCode, r.IdentityDisclosure, r.Basis, r.LegalBasisCode, r.Distribution.Tlp);
        var attachments = await db.ReportAttachments.AsNoTracking().Where(a => a.ReportId == r.Id).Select(a => a.FileName).ToListAsync(ct);
        var result = sanitizer.Sanitize(new SanitizeInput(content, attachments, r.Pseudonym, await directory.ReporterAsync(r.ReporterOrganizationId, ct),
            await directory.SnapshotForRouteAsync(routing.Route, routing.CeptoarCode, ct), options.Value.K));
        IReadOnlyList<RecipientView> recipients;
        try
        {
            var plan = await router.PlanAsync(r, routing, string.IsNullOrEmpty(content.SectorCode) ? r.SectorCode : content.SectorCode, ct);
            recipients = await router.RecipientsAsync(r, routing.IdentityDisclosure, plan, includeCoordinator: true, ct);
        }
        catch (InputException)
        {
            recipients = [];
        }
        return new SanitizedPreview(result.View, result.RefusalReason, recipients);
    }

    private async Task<string> RedactAsync(IncidentReport r, string text, CancellationToken ct)
    {
        var result = sanitizer.Sanitize(new SanitizeInput(new ReportContent { SectorCode = r.SectorCode, Description = text }, [], r.Pseudonym,
            await directory.ReporterAsync(r.ReporterOrganizationId, ct), await directory.SnapshotAsync(ct), 1));
        return result.View?.Description ?? "[秘匿/withheld]";
    }

    private async Task<Dictionary<Guid, string>> CodesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Organizations.AsNoTracking().Where(o => list.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Code, ct);
    }

    public static SanitizedReport? SanitizedOf(string? json) => json is null ? null : JsonSerializer.Deserialize<SanitizedReport>(json, ReportValidator.Json);

    private static Dictionary<string, string> Flatten(object snapshot)
    {
        var result = new Dictionary<string, string>();
        foreach (var p in JsonSerializer.SerializeToElement(snapshot, ReportValidator.Json).EnumerateObject())
            result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        return result;
    }
}
