using Kizuna.Core.Features.Directory;
using Kizuna.Core.Paging;
using Kizuna.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kizuna.Server.Features.Directory;

/// <summary>REST for the directory (組織名簿) and reference data (分野, セプター, 重要インフラサービス, 事象・原因分類).</summary>
public static class DirectoryEndpoints
{
    /// <summary>URL names of the taxonomies, mapped to their schemes.</summary>
    public static readonly IReadOnlyDictionary<string, string> TaxonomyRoutes = new Dictionary<string, string>
    {
        ["event-types"] = TaxonomyTerm.EventType,
        ["cause-types"] = TaxonomyTerm.CauseType,
        ["severity-levels"] = TaxonomyTerm.Severity,
        ["severity-axes"] = TaxonomyTerm.SeverityAxis,
    };

    public static IEndpointRouteBuilder MapDirectoryEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(Capabilities.Member).WithTags("Directory");

        api.MapGet("/organizations", async (string? q, string? sector, string? kind, string? ceptoar, string? region, int? page, int? pageSize,
                SearchOrganizationsHandler handler, CancellationToken ct)
                => TypedResults.Ok(await handler.HandleAsync(new SearchOrganizations(q, sector, kind, ceptoar, region, PageRequest.From(page, pageSize)), ct)))
            .WithSummary("Search the directory by text, sector, kind, CEPTOAR and region (prefecture or area); paged.");

        api.MapGet("/organizations/{code}", async (string code, GetOrganizationHandler handler, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await handler.HandleAsync(code, await viewers.RequireAsync(ct), ct)))
            .WithSummary("One organisation; contacts and network details only where the disclosure policy allows.");

        api.MapPut("/organizations/{code}", async Task<NoContent> (string code, UpdateOrganization body, UpdateOrganizationHandler handler, ViewerAccessor viewers, CancellationToken ct) =>
            {
                await handler.HandleAsync(code, body, await viewers.RequireAsync(ct), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Capabilities.OrgAdmin)
            .WithSummary("Replace an organisation's profile (its org admins, or platform admins; tier and memberships: platform admins only).");

        api.MapPost("/organizations", async Task<Created<OrganizationRef>> (CreateOrganization body, UpdateOrganizationHandler handler, ViewerAccessor viewers, CancellationToken ct) =>
            {
                var org = await handler.CreateAsync(body, await viewers.RequireAsync(ct), ct);
                return TypedResults.Created($"/api/v1/organizations/{org.Code}", new OrganizationRef(org.Id, org.Code));
            })
            .RequireAuthorization(Capabilities.PlatformAdmin)
            .WithSummary("Register an organisation (platform admins).");

        api.MapGet("/plans", async (ReferenceDataQueries q, CancellationToken ct) => TypedResults.Ok(await q.PlansAsync(ct)))
            .WithSummary("Plan versions (行動計画) that reference data entries name.");
        api.MapGet("/prefectures", async (ReferenceDataQueries q, CancellationToken ct) => TypedResults.Ok(await q.PrefecturesAsync(ct)))
            .WithSummary("Prefectures with their areas.");
        api.MapGet("/sectors", async (string? plan, ReferenceDataQueries q, CancellationToken ct) => TypedResults.Ok(await q.SectorsAsync(plan, ct)))
            .WithSummary("Critical-infrastructure sectors (重要インフラ分野), optionally those of one plan version (3rd, 4th, 2022).");
        api.MapGet("/sectors/{code}", async (string code, ReferenceDataQueries q, CancellationToken ct) => TypedResults.Ok(await q.SectorAsync(code, ct)))
            .WithSummary("One sector with its ministries (dated), CEPTOARs and critical services.");
        api.MapPut("/sectors/{code}", async Task<NoContent> (string code, EditSector body, EditReferenceDataHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                await h.EditSectorAsync(code, body, await viewers.RequireAsync(ct), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Capabilities.PlatformAdmin).WithSummary("Edit a sector (platform admins; audited).");
        api.MapGet("/ceptoars", async (ReferenceDataQueries q, CancellationToken ct) => TypedResults.Ok(await q.CeptoarsAsync(ct)))
            .WithSummary("CEPTOARs (セプター) with their sectors and secretariats.");
        api.MapGet("/critical-services", async (ReferenceDataQueries q, CancellationToken ct) => TypedResults.Ok(await q.CriticalServicesAsync(ct)))
            .WithSummary("Critical services and service maintenance levels (別紙2).");
        api.MapPut("/critical-services/{code}", async Task<NoContent> (string code, EditCriticalService body, EditReferenceDataHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                await h.EditCriticalServiceAsync(code, body, await viewers.RequireAsync(ct), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Capabilities.PlatformAdmin).WithSummary("Edit a critical service (platform admins; audited).");

        api.MapGet("/taxonomy/{name}", async Task<Results<Ok<IReadOnlyList<TermView>>, NotFound>> (string name, ReferenceDataQueries q, CancellationToken ct)
                => TaxonomyRoutes.TryGetValue(name, out var scheme) ? TypedResults.Ok(await q.TermsAsync(scheme, ct)) : TypedResults.NotFound())
            .WithSummary("Taxonomy terms (別紙3): event-types, cause-types, severity-levels, severity-axes.");
        api.MapPut("/taxonomy/{name}/{code}", async Task<Results<NoContent, NotFound>> (string name, string code, EditTerm body, EditReferenceDataHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                if (!TaxonomyRoutes.TryGetValue(name, out var scheme)) return TypedResults.NotFound();
                await h.EditTermAsync(scheme, code, body, await viewers.RequireAsync(ct), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Capabilities.PlatformAdmin).WithSummary("Edit a taxonomy term (platform admins; audited).");
        api.MapPost("/taxonomy/{name}", async Task<Results<Created, NotFound>> (string name, NewTerm body, EditReferenceDataHandler h, ViewerAccessor viewers, CancellationToken ct) =>
            {
                if (!TaxonomyRoutes.TryGetValue(name, out var scheme)) return TypedResults.NotFound();
                await h.AddTermAsync(new AddTerm(scheme, body.Code, body.ParentCode, body.NameJa, body.NameEn, body.IsCategory, body.SortOrder, body.Plan), await viewers.RequireAsync(ct), ct);
                return TypedResults.Created($"/api/v1/taxonomy/{name}");
            })
            .RequireAuthorization(Capabilities.PlatformAdmin).WithSummary("Add a taxonomy term (platform admins; audited).");
        return app;
    }

    public sealed record OrganizationRef(Guid Id, string Code);

    public sealed record NewTerm(string Code, string? ParentCode, string NameJa, string NameEn, bool IsCategory, int SortOrder, string Plan);
}
