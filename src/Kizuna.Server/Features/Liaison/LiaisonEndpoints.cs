using Kizuna.Core.Data;
using Kizuna.Core.Features.Liaison;
using Kizuna.Core.Paging;
using Kizuna.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Kizuna.Server.Features.Liaison;

/// <summary>REST for liaison reports (情報連絡): drafts, submissions, the workflow, the thread, attachments, identity, statistics.</summary>
public static class LiaisonEndpoints
{
    public static IEndpointRouteBuilder MapLiaisonEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/reports").RequireAuthorization(Capabilities.Member).WithTags("Liaison");

        api.MapGet("/", async (string? scope, string? sector, string? eventType, string? causeType, int? minSeverity, string? status,
                DateTimeOffset? from, DateTimeOffset? to, bool? overdue, int? page, int? pageSize, string? exercise, ReportQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.ListAsync(await viewers.RequireAsync(ct),
                    new ReportFilter(scope ?? "all", sector, eventType, causeType, minSeverity, status, from, to, overdue ?? false, PageRequest.From(page, pageSize), exercise), ct)))
            .WithSummary("Reports I may see (scope all | mine | inbox), filtered by sector, event, cause, severity, status, dates, overdue, exercise (include | exclude | only); newest first.");

        api.MapPost("/", async Task<Created<ReportDetail>> (ReportInput body, bool? submit, SaveReportDraftHandler drafts, SubmitReportHandler submitter,
                ReportQueries q, ViewerAccessor viewers, KizunaDb db, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                IncidentReport report;
                if (submit == true)
                {
                    // One change: a 第1報 that is refused leaves no draft behind (nothing half-stored).
                    await using var transaction = await db.Database.BeginTransactionAsync(ct);
                    report = await drafts.CreateAsync(body, viewer, ct);
                    await submitter.HandleAsync(new SubmitReport(report.Id, SubmissionKinds.First), viewer, ct);
                    await transaction.CommitAsync(ct);
                }
                else report = await drafts.CreateAsync(body, viewer, ct);
                return TypedResults.Created($"/api/v1/reports/{report.Id}", await q.GetAsync(viewer, report.Id, ct));
            })
            .RequireAuthorization(Capabilities.Reporter)
            .WithSummary("Create a report draft; with ?submit=true submit it at once as its 第1報.");

        api.MapGet("/{id:guid}", async (Guid id, ReportQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.GetAsync(await viewers.RequireAsync(ct), id, ct)))
            .WithSummary("One report at my level: the full report for the reporter and those it allowed, otherwise the sanitized view.");

        api.MapPut("/{id:guid}/draft", async (Guid id, ReportInput body, SaveReportDraftHandler drafts, ReportQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await drafts.UpdateAsync(id, body, viewer, ct);
                return TypedResults.Ok(await q.GetAsync(viewer, id, ct));
            })
            .RequireAuthorization(Capabilities.Reporter)
            .WithSummary("Save the draft (before the 第1報, or of the next 続報/最終報).");

        api.MapGet("/{id:guid}/preview", async (Guid id, ReportQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.PreviewAsync(await viewers.RequireAsync(ct), id, ct)))
            .RequireAuthorization(Capabilities.Reporter)
            .WithSummary("Preview exactly what will leave (the sanitized view, or why sharing is refused) and what each recipient will see.");

        api.MapPost("/{id:guid}/submit", async (Guid id, SubmitBody? body, SubmitReportHandler submitter, ReportQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await submitter.HandleAsync(new SubmitReport(id, body?.Kind ?? SubmissionKinds.First, body?.Report), viewer, ct);
                return TypedResults.Ok(await q.GetAsync(viewer, id, ct));
            })
            .RequireAuthorization(Capabilities.Reporter)
            .WithSummary("Submit: kind first (第1報, from the draft), update (続報) or final (最終報), with the report in the body or from the draft.");

        api.MapGet("/{id:guid}/submissions/{number:int}", async (Guid id, int number, ReportQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.SubmissionAsync(await viewers.RequireAsync(ct), id, number, ct)))
            .WithSummary("One submission's snapshot at my level.");

        api.MapGet("/{id:guid}/diff", async (Guid id, int from, int to, ReportQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.DiffAsync(await viewers.RequireAsync(ct), id, from, to, ct)))
            .WithSummary("What changed between two submissions, field by field.");

        api.MapPost("/{id:guid}/receive", async (Guid id, MoveReportHandler h, ReportQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await h.ReceiveAsync(id, viewer, ct);
                return TypedResults.Ok(await q.GetAsync(viewer, id, ct));
            })
            .RequireAuthorization(Capabilities.Analyst).WithSummary("The first hop acknowledges receipt.");

        api.MapPost("/{id:guid}/forward", async (Guid id, NoteBody? body, MoveReportHandler h, ReportQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await h.ForwardAsync(id, body?.Note, viewer, ct);
                return TypedResults.Ok(await q.GetAsync(viewer, id, ct));
            })
            .RequireAuthorization(Capabilities.Analyst).WithSummary("The first hop forwards the report to the coordinator with a note.");

        api.MapPost("/{id:guid}/triage", async (Guid id, TriageReport body, MoveReportHandler h, ReportQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await h.TriageAsync(id, body, viewer, ct);
                return TypedResults.Ok(await q.GetAsync(viewer, id, ct));
            })
            .RequireAuthorization(Capabilities.Analyst).WithSummary("The coordinator triages: priority (low, normal, high, critical) and related reports.");

        api.MapPost("/{id:guid}/close", async (Guid id, NoteBody? body, MoveReportHandler h, ReportQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await h.CloseAsync(id, body?.Note, viewer, ct);
                return TypedResults.Ok(await q.GetAsync(viewer, id, ct));
            })
            .RequireAuthorization(Capabilities.Analyst).WithSummary("The coordinator closes the report.");

        api.MapPost("/{id:guid}/messages", async Task<Created> (Guid id, MessageBody body, PostReportMessageHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                await h.HandleAsync(id, body.Body, await viewers.RequireAsync(ct), ct);
                return TypedResults.Created($"/api/v1/reports/{id}");
            })
            .WithSummary("Write in the report's thread (hops ask, the reporter answers).");

        api.MapPost("/{id:guid}/attachments", async Task<Created<AttachmentView>> (Guid id, IFormFile file, AttachToReportHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                var a = await h.HandleAsync(id, file.FileName, buffer.ToArray(), await viewers.RequireAsync(ct), ct);
                return TypedResults.Created($"/api/v1/reports/{id}/attachments/{a.Id}", new AttachmentView(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.UploadedAt, true));
            })
            .RequireAuthorization(Capabilities.Reporter)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(app.ServiceProvider.GetRequiredService<IOptions<LiaisonOptions>>().Value.MaxAttachmentBytes + MultipartOverhead))
            .WithSummary("Attach a file (multipart/form-data, field 'file'); PDF, images, PCAP or UTF-8 text, checked by content, 10 MiB at most by default.");

        api.MapGet("/{id:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, AttachToReportHandler h, ViewerAccessor viewers, HttpContext http, CancellationToken ct) =>
            {
                var (a, bytes) = await h.DownloadAsync(id, attachmentId, await viewers.RequireAsync(ct), ct);
                http.Response.Headers["X-Content-Type-Options"] = "nosniff";
                http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
                return TypedResults.File(bytes, "application/octet-stream", a.FileName);
            })
            .WithSummary("Download an attachment (full-view readers only; always as a download, never inline).");

        api.MapGet("/{id:guid}/identity", async (Guid id, ReadReporterIdentityHandler h, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await h.ReadAsync(id, await viewers.RequireAsync(ct), ct)))
            .WithSummary("The reporter's identity, for those it allowed (or after an approved re-identification); every read is audited.");

        api.MapPost("/{id:guid}/reidentification", async Task<Created<ReIdRef>> (Guid id, ReasonBody body, ReadReporterIdentityHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var r = await h.RequestAsync(id, body.Reason, await viewers.RequireAsync(ct), ct);
                return TypedResults.Created($"/api/v1/reidentification/{r.Id}", new ReIdRef(r.Id));
            })
            .RequireAuthorization(Capabilities.PlatformAdmin)
            .WithSummary("Ask to re-identify a reporter beyond its choice; a second platform admin must approve.");

        app.MapPost("/api/v1/reidentification/{requestId:guid}/approve", async Task<NoContent> (Guid requestId, ReadReporterIdentityHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                await h.ApproveAsync(requestId, await viewers.RequireAsync(ct), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Capabilities.PlatformAdmin).WithTags("Liaison")
            .WithSummary("Approve another admin's re-identification request (valid 24 hours).");

        app.MapGet("/api/v1/statistics/liaison", async (int? fy, LiaisonStatisticsHandler h, ViewerAccessor viewers, TimeProvider clock, CancellationToken ct)
                => TypedResults.Ok(await h.HandleAsync(fy ?? LiaisonStatisticsHandler.FiscalYearOf(clock.GetUtcNow()), await viewers.RequireAsync(ct), ct)))
            .RequireAuthorization(Capabilities.Member).WithTags("Liaison")
            .WithSummary("Counts by fiscal year and quarter, event type, cause type and sector; small counts shown as <N except to the coordinator.");
        return app;
    }

    /// <summary>Multipart overhead allowed on top of the largest attachment.</summary>
    public const long MultipartOverhead = 64 * 1024;

    public sealed record SubmitBody(string? Kind = null, ReportInput? Report = null);

    public sealed record NoteBody(string? Note = null);

    public sealed record MessageBody(string Body);

    public sealed record ReasonBody(string Reason);

    public sealed record ReIdRef(Guid Id);
}
