using Kizuna.Core.Features.Automation;
using Kizuna.Core.Features.Interop;
using Kizuna.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kizuna.Server.Features.Automation;

/// <summary>REST for automation (自動化): ingest rules (routing and tagging of incoming STIX objects) and indicator extraction.</summary>
public static class AutomationEndpoints
{
    public static IEndpointRouteBuilder MapAutomationEndpoints(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/v1/automation/rules").RequireAuthorization(Capabilities.Member).WithTags("Automation");
        rules.MapGet("/", async (IngestRuleQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.ListAsync(await viewers.RequireAsync(ct), ct)))
            .WithSummary("The ingest rules I may edit, in run order (coordinator analysts/admins: all; ministries and CEPTOARs: those copying into their sectors; others 403).");
        rules.MapGet("/{id:guid}", async (Guid id, IngestRuleQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.GetAsync(await viewers.RequireAsync(ct), id, ct)))
            .WithSummary("One rule (404 when it does not exist or is outside my scope).");
        rules.MapPost("/", async Task<Created<IngestRuleView>> (IngestRuleSpec body, ManageIngestRulesHandler manage, IngestRuleQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                var rule = await manage.CreateAsync(body, viewer, ct);
                return TypedResults.Created($"/api/v1/automation/rules/{rule.Id}", await q.GetAsync(viewer, rule.Id, ct));
            })
            .WithSummary("Create a rule: conditions (sourceCollections with peer-* wildcards, types, sectors, maxTlp, textContains, contributorOrganizations) and actions (copyToSector, addTags, notifyOrganization). Audited.");
        rules.MapPut("/{id:guid}", async (Guid id, IngestRuleSpec body, ManageIngestRulesHandler manage, IngestRuleQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await manage.UpdateAsync(id, body, viewer, ct);
                return TypedResults.Ok(await q.GetAsync(viewer, id, ct));
            })
            .WithSummary("Replace a rule (enabled and order included; order kept when null). Audited.");
        rules.MapPost("/{id:guid}/enable", async (Guid id, ManageIngestRulesHandler manage, IngestRuleQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await manage.SetEnabledAsync(id, true, viewer, ct);
                return TypedResults.Ok(await q.GetAsync(viewer, id, ct));
            })
            .WithSummary("Enable a rule. Audited.");
        rules.MapPost("/{id:guid}/disable", async (Guid id, ManageIngestRulesHandler manage, IngestRuleQueries q, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var viewer = await viewers.RequireAsync(ct);
                await manage.SetEnabledAsync(id, false, viewer, ct);
                return TypedResults.Ok(await q.GetAsync(viewer, id, ct));
            })
            .WithSummary("Disable a rule. Audited.");
        rules.MapDelete("/{id:guid}", async (Guid id, ManageIngestRulesHandler manage, ViewerAccessor viewers, CancellationToken ct) =>
            {
                await manage.DeleteAsync(id, await viewers.RequireAsync(ct), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Delete a rule and its run log (tags it added stay). Audited.");
        rules.MapPost("/preview", async (IngestRuleSpec body, IngestRuleQueries q, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await q.PreviewAsync(body, await viewers.RequireAsync(ct), ct)))
            .WithSummary("Try a rule (not saved) against the newest objects I may see: which match, and what the copy and notification would do. Changes nothing.");

        app.MapGroup("/api/v1/intel").RequireAuthorization(Capabilities.Analyst).WithTags("Automation")
            .MapPost("/extract", (ExtractIndicators body, ExtractIndicatorsHandler extract, ViewerAccessor viewers, CancellationToken ct)
                => ExtractAsync(body, extract, viewers, ct))
            .WithSummary("Extract indicators from free text (refanging hxxp, [.], (.), [:], full-width ASCII): {\"text\",\"defang\":true}. Values defanged unless defang is false; 400 above Automation:MaxExtractTextLength characters.");
        return app;
    }

    private static async Task<Ok<ExtractionResult>> ExtractAsync(ExtractIndicators body, ExtractIndicatorsHandler extract, ViewerAccessor viewers, CancellationToken ct)
        => TypedResults.Ok(extract.Extract(body, await viewers.RequireAsync(ct)));
}
