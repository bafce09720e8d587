using System.Text;
using Kizuna.Core.Features.Interop;
using Kizuna.Core.Features.Interop.Projection;
using Kizuna.Server.Auth;
using Kizuna.Stix.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kizuna.Server.Features.Interop;

/// <summary>
/// REST for searchable intelligence (<c>/api/v1/intel</c>) and the STIX projection of advisories and
/// liaison reports (<c>/api/v1/advisories/{id}/stix</c>, <c>/api/v1/reports/{id}/stix</c>), all through
/// the disclosure policy; what the caller may not see is 404.
/// </summary>
public static class IntelEndpoints
{
    public static IEndpointRouteBuilder MapIntelEndpoints(this IEndpointRouteBuilder app)
    {
        var intel = app.MapGroup("/api/v1/intel").RequireAuthorization(Capabilities.Member).WithTags("Intelligence");

        intel.MapGet("/", async (string? q, string? type, string? sector, string? collection, string? tlp, DateTimeOffset? from, DateTimeOffset? to,
                long? before, int? limit, IntelQueries queries, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await queries.SearchAsync(await viewers.RequireAsync(ct),
                    new IntelSearch(q, type, sector, collection, tlp, from, to, before, limit), ct)))
            .WithSummary("Search the STIX objects I may see (latest versions in collections I may read): free text over name/pattern and the object's JSON (case-insensitive; defanged text is refanged), type, sector, collection, TLP, date added; newest first, cursor 'before'.");

        intel.MapGet("/{id}", async (string id, IntelQueries queries, ViewerAccessor viewers, CancellationToken ct)
                => TypedResults.Ok(await queries.DetailAsync(await viewers.RequireAsync(ct), id, ct)))
            .WithSummary("One STIX object by id: its newest version I may see (JSON with indicators defanged), its sectors and collections, and the visible objects it refers to and that refer to it.");

        app.MapGet("/api/v1/advisories/{id:guid}/stix", async (Guid id, StixProjectionQueries queries, ViewerAccessor viewers, CancellationToken ct)
                => Bundle(await queries.AdvisoryAsync(await viewers.RequireAsync(ct), id, ct)))
            .RequireAuthorization(Capabilities.Member).WithTags("Provision")
            .Produces(StatusCodes.Status200OK, typeof(object), TaxiiMedia.Stix)
            .WithSummary("The advisory as a STIX 2.1 bundle: report, issuing organisation's identity, indicators, vulnerabilities, courses of action, TLP marking.");

        app.MapGet("/api/v1/reports/{id:guid}/stix", async (Guid id, StixProjectionQueries queries, ViewerAccessor viewers, CancellationToken ct)
                => Bundle(await queries.ReportAsync(await viewers.RequireAsync(ct), id, ct)))
            .RequireAuthorization(Capabilities.Member).WithTags("Liaison")
            .Produces(StatusCodes.Status200OK, typeof(object), TaxiiMedia.Stix)
            .WithSummary("The report as a STIX 2.1 bundle at my view level: the sanitized view with a pseudonymous creator, or the full report for the reporter and those its identity choice names.");

        return app;
    }

    private static ContentHttpResult Bundle(StixProjection projection)
        => TypedResults.Text(StixJson.Serialize(projection.Bundle), TaxiiMedia.Stix, Encoding.UTF8);
}
